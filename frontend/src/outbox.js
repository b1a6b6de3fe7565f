// outbox.js: local writes and the queue of changes waiting for the server.
//
// Exported API:
//   writeLocal(entity, record) -> Promise<record>     upsert: record (partial is fine) merged into
//                                                      the local copy + an outbox entry, atomically
//   deleteLocal(entity, id) -> Promise<void>           remove locally + queue a delete, atomically
//   pendingCount() -> Promise<number>
//   oldestPendingAt() -> Promise<string | null>        ISO time the oldest unsynced change was made
//   peekBatch(limit = MAX_BATCH_SIZE) -> Promise<OutboxEntry[]>   oldest first, read only
//   claimBatch(limit = MAX_BATCH_SIZE) -> Promise<OutboxEntry[]>  same, marked as sent (sync only)
//   toPushMutation(entry) -> {mutation_id, entity, op, id, base_version, fields}
//   getRejectedMutations() -> Promise<RejectedMutation[]>;  dismissRejectedMutation(mutationId)
//   onOutboxChange(callback) -> unsubscribe            called after every local write in this tab
//   clearLocalDataIfNoPendingChanges() -> Promise<boolean>  empties every store (logout, another
//       account) unless the outbox has entries: then false, and nothing is cleared
//   clearAllLocalData() -> Promise<void>   empties every store, the outbox too (the account was
//       erased on the server: nothing queued could ever be sent)
//   ENTITIES, MAX_BATCH_SIZE = 100
//
// For sync, inside one transaction with other stores (a push answer, a pull page):
//   withOutbox(storeNames, work) -> Promise<work's result>
//       work(transaction) runs in one readwrite transaction over storeNames and the outbox; the
//       functions below take that transaction
//   pendingEntriesFor(transaction, entity, id) -> Promise<OutboxEntry[]>   oldest first
//   recordsWithPendingEntries(transaction) -> Promise<{ has(entity, id) -> boolean }>
//   dropAnsweredEntry(transaction, entry) -> Promise<void>   the server has answered it
//   rebaseUnsentEntries(transaction, record) -> Promise<void>
//       record {entity, id, version}: the server took our write, so later edits build on it
//
// Only this module opens the outbox store (db.js only creates it).
//
// Ids: records born offline take a client UUID (writeLocal makes one when `id` is missing); the
// profile's id is the user's id. For a check, look up [item_id, date] in the checks index first
// and reuse that id: the server keeps one check per item per day. A check's delete carries
// fields {item_id, date}, so the server clears the day's row even under another id.
//
// OutboxEntry: {seq, mutation_id, entity, op: 'upsert'|'delete', id, base_version, fields,
//               queued_at, sent_at}
//
// Why the record and its outbox entry share one transaction: a crash between the two would
// either show a change that never syncs or sync a change the user never saw.
//
// Collapsing: a new edit merges into the record's last queued upsert only while that entry has
// never been handed to the network (sent_at is null). Once sent, the server may already hold it
// under its mutation_id and would answer a resend with the stored result, silently dropping any
// fields merged in later; so sent entries are never changed.
//
// `fields` holds only what changed against the local copy, so the server's field-by-field merge
// sees exactly what this device edited. Server-managed fields are never sent.

import { ENTITY_STORES, INDEXES, META_KEYS, STORES, getDb, runTransaction, storeForEntity } from './db.js';

export const ENTITIES = Object.freeze(Object.keys(ENTITY_STORES));
export const MAX_BATCH_SIZE = 100;

const SERVER_MANAGED_FIELDS = new Set([
  'id',
  'version',
  'deleted',
  'created_at',
  'updated_at',
  'author',
  'patient_id',
  'duration_seconds', // derived from started_at and ended_at by the server
]);

const changeListeners = new Set();

export function onOutboxChange(callback) {
  changeListeners.add(callback);
  return () => changeListeners.delete(callback);
}

function notifyChange(detail) {
  for (const listener of changeListeners) listener(detail);
}

function requireStore(entity) {
  const storeName = storeForEntity(entity);
  if (!storeName) throw new TypeError(`Unknown entity: ${entity}`);
  return storeName;
}

function recordKey(entity, id) {
  return `${entity}\u0000${id}`;
}

function sameValue(left, right) {
  return JSON.stringify(left) === JSON.stringify(right);
}

function changedFields(existing, record) {
  const fields = {};
  for (const [name, value] of Object.entries(record)) {
    if (SERVER_MANAGED_FIELDS.has(name) || value === undefined) continue;
    if (!existing || !sameValue(existing[name], value)) fields[name] = value;
  }
  return fields;
}

export function pendingEntriesFor(transaction, entity, id) {
  // Entries with the same [entity, id] come back in seq order (the primary key breaks ties).
  return transaction.objectStore(STORES.outbox).index(INDEXES.outboxByRecord).getAll([entity, id]);
}

function newEntry(entity, op, id, baseVersion, fields) {
  return {
    mutation_id: crypto.randomUUID(),
    entity,
    op,
    id,
    base_version: baseVersion ?? null,
    fields,
    queued_at: new Date().toISOString(),
    sent_at: null,
  };
}

export async function writeLocal(entity, record) {
  const storeName = requireStore(entity);
  const id = record.id ?? crypto.randomUUID();
  const result = await runTransaction([storeName, STORES.outbox], 'readwrite', async (transaction) => {
    const records = transaction.objectStore(storeName);
    const outbox = transaction.objectStore(STORES.outbox);
    const existing = await records.get(id);
    const fields = changedFields(existing, record);
    if (existing && Object.keys(fields).length === 0) return { stored: existing, changed: false };

    const stored = { ...existing, ...fields, id, version: existing?.version ?? null };
    await records.put(stored);
    const last = (await pendingEntriesFor(transaction, entity, id)).at(-1);
    if (last && last.op === 'upsert' && !last.sent_at) {
      last.fields = { ...last.fields, ...fields };
      await outbox.put(last);
    } else {
      await outbox.add(newEntry(entity, 'upsert', id, existing?.version, fields));
    }
    return { stored, changed: true };
  });
  if (result.changed) notifyChange({ entity, id, op: 'upsert' });
  return result.stored;
}

export async function deleteLocal(entity, id) {
  const storeName = requireStore(entity);
  await runTransaction([storeName, STORES.outbox], 'readwrite', async (transaction) => {
    const records = transaction.objectStore(storeName);
    const outbox = transaction.objectStore(STORES.outbox);
    const existing = await records.get(id);
    const pending = await pendingEntriesFor(transaction, entity, id);
    const unsent = pending.filter((entry) => !entry.sent_at);
    // Born on this device and never sent: the server has never heard of it, so forgetting the
    // queued entries is the whole delete.
    const neverReachedServer =
      existing && existing.version == null && pending.length > 0 && unsent.length === pending.length;

    // Unsent edits are superseded by the delete; sent ones stay (they may already be applied).
    for (const entry of unsent) await outbox.delete(entry.seq);
    if (!neverReachedServer) {
      // The server may hold the day's check under another id (ticked on two devices).
      const fields = entity === 'check' && existing ? { item_id: existing.item_id, date: existing.date } : null;
      await outbox.add(newEntry(entity, 'delete', id, existing?.version, fields));
    }
    await records.delete(id);
  });
  notifyChange({ entity, id, op: 'delete' });
}

export async function pendingCount() {
  const database = await getDb();
  return database.count(STORES.outbox);
}

export async function oldestPendingAt() {
  const database = await getDb();
  const cursor = await database.transaction(STORES.outbox).store.openCursor();
  return cursor ? cursor.value.queued_at : null;
}

// Oldest first, ending before the first entry whose record is already in the batch: the server
// answers each mutation with the record's new version, and a later edit of the same record must
// carry that version as its base (see rebaseUnsentEntries), or the server would take our own
// earlier write for someone else's.
async function collectBatch(store, limit) {
  const batch = [];
  const recordsInBatch = new Set();
  let cursor = await store.openCursor();
  while (cursor && batch.length < limit) {
    const key = recordKey(cursor.value.entity, cursor.value.id);
    if (recordsInBatch.has(key)) break;
    recordsInBatch.add(key);
    batch.push(cursor.value);
    cursor = await cursor.continue();
  }
  return batch;
}

export async function peekBatch(limit = MAX_BATCH_SIZE) {
  return runTransaction(STORES.outbox, 'readonly', (transaction) => collectBatch(transaction.store, limit));
}

// Reading and marking in one transaction means no local write can merge into an entry between
// the moment it's chosen and the moment it's marked as sent.
export async function claimBatch(limit = MAX_BATCH_SIZE) {
  return runTransaction(STORES.outbox, 'readwrite', async (transaction) => {
    const batch = await collectBatch(transaction.store, limit);
    const sentAt = new Date().toISOString();
    for (const entry of batch) {
      if (entry.sent_at) continue;
      entry.sent_at = sentAt;
      await transaction.store.put(entry);
    }
    return batch;
  });
}

export function toPushMutation(entry) {
  return {
    mutation_id: entry.mutation_id,
    entity: entry.entity,
    op: entry.op,
    id: entry.id,
    base_version: entry.base_version,
    fields: entry.fields ?? {},
  };
}

export async function getRejectedMutations() {
  const database = await getDb();
  return (await database.get(STORES.meta, META_KEYS.rejectedMutations)) ?? [];
}

export async function dismissRejectedMutation(mutationId) {
  await runTransaction(STORES.meta, 'readwrite', async (transaction) => {
    const rejected = (await transaction.store.get(META_KEYS.rejectedMutations)) ?? [];
    await transaction.store.put(
      rejected.filter((entry) => entry.mutation_id !== mutationId),
      META_KEYS.rejectedMutations,
    );
  });
}

export async function clearLocalDataIfNoPendingChanges() {
  return runTransaction(Object.values(STORES), 'readwrite', async (transaction) => {
    // Counted inside the clearing transaction, so a write from another tab can't slip in between.
    if ((await transaction.objectStore(STORES.outbox).count()) > 0) return false;
    await Promise.all(Object.values(STORES).map((name) => transaction.objectStore(name).clear()));
    return true;
  });
}

export async function clearAllLocalData() {
  await runTransaction(Object.values(STORES), 'readwrite', (transaction) =>
    Promise.all(Object.values(STORES).map((name) => transaction.objectStore(name).clear())),
  );
  notifyChange({ op: 'clear' });
}

// --- Inside a transaction shared with other stores (sync) ---------------------------------------

export function withOutbox(storeNames, work) {
  return runTransaction([...storeNames, STORES.outbox], 'readwrite', work);
}

export async function recordsWithPendingEntries(transaction) {
  const keys = new Set();
  for (const entry of await transaction.objectStore(STORES.outbox).getAll()) keys.add(recordKey(entry.entity, entry.id));
  return { has: (entity, id) => keys.has(recordKey(entity, id)) };
}

// Every answer is final for the queue, whatever its status, or one bad change would block all
// later ones.
export async function dropAnsweredEntry(transaction, entry) {
  await transaction.objectStore(STORES.outbox).delete(entry.seq);
}

// Later queued edits of a record were made on top of our own earlier write, so once the server
// has taken that write their base is its new version; otherwise the server would see our own
// write as a concurrent change and could let it win over the newer edit. Sent entries are never
// changed (see "Collapsing" above).
export async function rebaseUnsentEntries(transaction, record) {
  const outbox = transaction.objectStore(STORES.outbox);
  for (const entry of await pendingEntriesFor(transaction, record.entity, record.id)) {
    if (entry.sent_at || (entry.base_version ?? 0) >= record.version) continue;
    entry.base_version = record.version;
    await outbox.put(entry);
  }
}
