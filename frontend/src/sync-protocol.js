// sync-protocol.js: one push, pull and view refresh against the server's sync API, written into
// IndexedDB. sync.js decides when these run, one at a time; this module decides what they do.
//
// Exported API (each `request(path, {method, body})` already handles 401: session-request.js):
//   pushPending({ request, clientId, now? }) -> Promise<{ pushed: number, batches: number }>
//   pullChanges({ request }) -> Promise<{ pages: number, changes: number, restarted: boolean }>
//   refreshServerViews({ request, now?, includePatientViews = true }) -> Promise<void>
//       includePatientViews: false for clinicians, who get only the reference vocabularies
//   getClientId() -> Promise<string>            this device's id, made once
//   PULL_PAGE_SIZE = 500, INSIGHTS_DAYS = 90
//
// Protocol (DESIGN.md, "Offline sync"):
//   POST /sync/push {client_id, mutations[<=100]} -> {results: [{mutation_id, status, record?, errors?}]}
//   GET  /sync/pull?cursor=N&limit=500 -> {changes: [{entity, id, version, deleted, data}], cursor, has_more,
//        server_time}: the device keeps how far its clock is from the server's
//        410 Gone: the cursor is older than the tombstone horizon; download everything again.
//   A first pull (no cursor) carries no deletions, so its first page replaces every local record
//   that has no pending outbox entry, in the same transaction as that page and its cursor.
//   A `rejected` result (or a `duplicate` whose `original_status` was `rejected`, after a lost
//   reply) drops the local edit; the server sends its copy of the patient's own record with it,
//   which is stored, else the record stays as it is until a pull replaces it.

import { ApiError } from './api.js';
import { META_KEYS, STORES, getDb, getMeta, runTransaction, storeForEntity } from './db.js';
import {
  MAX_BATCH_SIZE,
  claimBatch,
  dropAnsweredEntry,
  pendingEntriesFor,
  rebaseUnsentEntries,
  toPushMutation,
  withOutbox,
} from './outbox.js';
import {
  SERVER_CHANGE_STORES,
  applyServerChange,
  removeRecordsWithoutPendingChanges,
} from './server-changes.js';

export const PULL_PAGE_SIZE = 500;
export const INSIGHTS_DAYS = 90;
const REFERENCE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

// In these results the server's record already contains this device's write.
const RESULTS_THAT_INCLUDE_OUR_WRITE = new Set(['applied', 'merged', 'duplicate']);

export async function getClientId() {
  return runTransaction(STORES.meta, 'readwrite', async (transaction) => {
    let clientId = await transaction.store.get(META_KEYS.clientId);
    if (!clientId) {
      clientId = crypto.randomUUID();
      await transaction.store.put(clientId, META_KEYS.clientId);
    }
    return clientId;
  });
}

function applyPushResults(batch, results, now) {
  return withOutbox([...SERVER_CHANGE_STORES, STORES.meta], (transaction) =>
    applyPushResultsInTransaction(transaction, batch, results, now),
  );
}

async function applyPushResultsInTransaction(transaction, batch, results, now) {
  const entriesByMutationId = new Map(batch.map((entry) => [entry.mutation_id, entry]));
  const newlyRejected = [];
  let acknowledged = 0;

  for (const result of results) {
    const entry = entriesByMutationId.get(result.mutation_id);
    if (!entry) continue;
    entriesByMutationId.delete(result.mutation_id);
    await dropAnsweredEntry(transaction, entry);
    acknowledged += 1;
    const wasRejected =
      result.status === 'rejected' ||
      (result.status === 'duplicate' && result.original_status === 'rejected');
    if (wasRejected) {
      // The edit is dropped from the queue; a server copy, if sent, replaces it below.
      newlyRejected.push({
        mutation_id: entry.mutation_id,
        entity: entry.entity,
        op: entry.op,
        id: entry.id,
        fields: entry.fields,
        errors: result.errors ?? null,
        rejected_at: new Date(now()).toISOString(),
      });
    }
    const record = result.record;
    if (!record) continue;
    if (record.id !== entry.id) {
      // The server kept the change under another id (two devices ticked the same check on the
      // same day): drop our copy unless more edits of it are still queued.
      const stillQueued = await pendingEntriesFor(transaction, entry.entity, entry.id);
      if (stillQueued.length === 0) {
        const storeName = storeForEntity(entry.entity);
        if (storeName) await transaction.objectStore(storeName).delete(entry.id);
      }
    }
    await applyServerChange(transaction, record);
    if (RESULTS_THAT_INCLUDE_OUR_WRITE.has(result.status)) await rebaseUnsentEntries(transaction, record);
  }

  if (newlyRejected.length > 0) {
    const meta = transaction.objectStore(STORES.meta);
    const rejected = (await meta.get(META_KEYS.rejectedMutations)) ?? [];
    await meta.put([...rejected, ...newlyRejected], META_KEYS.rejectedMutations);
  }
  return acknowledged;
}

export async function pushPending({ request, clientId, now = () => Date.now() }) {
  let pushed = 0;
  let batches = 0;
  for (;;) {
    const batch = await claimBatch(MAX_BATCH_SIZE);
    if (batch.length === 0) return { pushed, batches };
    const body = { client_id: clientId, mutations: batch.map(toPushMutation) };
    const response = await request('/sync/push', { method: 'POST', body });
    const acknowledged = await applyPushResults(batch, response?.results ?? [], now);
    batches += 1;
    pushed += acknowledged;
    // Without progress the loop would resend the same batch forever.
    if (acknowledged === 0) throw new Error('The server answered none of the changes sent.');
  }
}

// firstPage: the server skips deletions on a pull without cursor, so only replacing everything
// not waiting in the outbox can remove what was deleted before it (e.g. a record this device
// only knows from a push answer).
function applyPullPage(page, { firstPage }) {
  return withOutbox([...SERVER_CHANGE_STORES, STORES.meta], async (transaction) => {
    if (firstPage) await removeRecordsWithoutPendingChanges(transaction);
    for (const change of page.changes ?? []) await applyServerChange(transaction, change);
    await transaction.objectStore(STORES.meta).put(page.cursor, META_KEYS.cursor);
    if (page.server_time) {
      // A phone whose clock is hours out times every cramp wrong: Today says so (data/clock.js).
      await transaction.objectStore(STORES.meta).put(Date.now() - Date.parse(page.server_time), META_KEYS.clockSkew);
    }
  });
}

export async function pullChanges({ request }) {
  let cursor = (await getMeta(META_KEYS.cursor)) ?? null;
  let pages = 0;
  let changes = 0;
  let restarted = false;
  for (;;) {
    const query = cursor === null ? `limit=${PULL_PAGE_SIZE}` : `cursor=${cursor}&limit=${PULL_PAGE_SIZE}`;
    let page;
    try {
      page = await request(`/sync/pull?${query}`);
    } catch (error) {
      const cursorTooOld = error instanceof ApiError && error.status === 410;
      if (!cursorTooOld || restarted) throw error;
      restarted = true;
      // The first page replaces the local records (applyPullPage); until it arrives the device
      // keeps what it has, and another 410 would start over again.
      cursor = null;
      continue;
    }
    // The page and its cursor commit together: a crash mid-way repeats the page, never skips it.
    await applyPullPage(page, { firstPage: cursor === null });
    pages += 1;
    changes += page.changes?.length ?? 0;
    if (!page.has_more) return { pages, changes, restarted };
    if (page.cursor === cursor) throw new Error('The server sent a page that did not move the cursor.');
    cursor = page.cursor;
  }
}

async function refreshView(request, path, metaKey) {
  try {
    const body = await request(path);
    const database = await getDb();
    await database.put(STORES.meta, body, metaKey);
    return true;
  } catch (error) {
    // Warnings and insights come later on the server; a 404 leaves what we had. Other server
    // answers here are not worth failing a sync that already moved the user's data; being
    // offline or signed out still is (sync.js turns a session that ended into AuthRequiredError).
    if (error instanceof ApiError) return false;
    throw error;
  }
}

export async function refreshServerViews({ request, now = () => Date.now(), includePatientViews = true }) {
  const fetchedAt = await getMeta(META_KEYS.referenceFetchedAt);
  if (!fetchedAt || now() - fetchedAt > REFERENCE_MAX_AGE_MS) {
    if (await refreshView(request, '/reference', META_KEYS.reference)) {
      const database = await getDb();
      await database.put(STORES.meta, now(), META_KEYS.referenceFetchedAt);
    }
  }
  if (!includePatientViews) return;
  await refreshView(request, '/warnings', META_KEYS.warnings);
  await refreshView(request, `/insights?days=${INSIGHTS_DAYS}`, META_KEYS.insights);
}
