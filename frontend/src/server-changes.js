// server-changes.js: writes records that came from the server (pull pages, push results) into the
// local stores without losing edits that are still waiting in the outbox.
//
// Exported API:
//   SERVER_CHANGE_STORES: string[]   the record stores these helpers write
//   applyServerChange(transaction, change) -> Promise<void>
//       change: {entity, id, version, deleted, data}
//   removeRecordsWithoutPendingChanges(transaction) -> Promise<void>   (first pull, also after 410)
//
// Both run inside the caller's transaction, opened with outbox.withOutbox(SERVER_CHANGE_STORES
// plus any others), so a pull page, its cursor and these writes commit or fail together.
//
// Rule: the server's copy is the base, and every pending local upsert for that record is laid on
// top in queue order. So a field this device changed keeps its local value until the server has
// answered the push, while fields changed elsewhere (a clinician's new instructions) show up at
// once. A change older than the local copy (lower version) is ignored: an older copy never
// replaces a newer one. A pending local delete keeps the record hidden. A server delete of a
// record with pending local edits waits for the push result, which carries the server's decision.

import { ENTITY_STORES, ENTITY_STORE_NAMES, storeForEntity } from './db.js';
import { pendingEntriesFor, recordsWithPendingEntries } from './outbox.js';

export const SERVER_CHANGE_STORES = ENTITY_STORE_NAMES;

function localRecordFrom(change) {
  return { ...change.data, id: change.id, version: change.version };
}

export async function applyServerChange(transaction, change) {
  const storeName = storeForEntity(change.entity);
  // A newer server may sync entities this version of the app doesn't know yet: skip, don't fail.
  if (!storeName) return;
  const records = transaction.objectStore(storeName);
  const local = await records.get(change.id);
  if (local?.version != null && change.version < local.version) return;
  const pending = await pendingEntriesFor(transaction, change.entity, change.id);

  if (pending.length === 0) {
    if (change.deleted) await records.delete(change.id);
    else await records.put(localRecordFrom(change));
    return;
  }

  const lastDeleteIndex = pending.findLastIndex((entry) => entry.op === 'delete');
  if (lastDeleteIndex === pending.length - 1) {
    await records.delete(change.id);
    return;
  }
  if (change.deleted) return;

  const merged = localRecordFrom(change);
  for (const entry of pending.slice(lastDeleteIndex + 1)) Object.assign(merged, entry.fields);
  await records.put(merged);
}

export async function removeRecordsWithoutPendingChanges(transaction) {
  const pending = await recordsWithPendingEntries(transaction);
  for (const [entity, storeName] of Object.entries(ENTITY_STORES)) {
    const store = transaction.objectStore(storeName);
    for (const id of await store.getAllKeys()) {
      if (!pending.has(entity, id)) await store.delete(id);
    }
  }
}
