// db.js: the device's IndexedDB database, the only home of the user's health data in the browser.
//
// Exported API:
//   DATABASE_NAME = 'crampcare', DATABASE_VERSION
//   STORES = { episodes, carePlanItems, checks, profile, signMarks, outbox, meta }   (store names)
//   INDEXES = { outboxByRecord: 'by_record' ([entity, id]), outboxByMutationId: 'by_mutation_id',
//               checksByItemAndDate: 'by_item_and_date' ([item_id, date]) }
//   META_KEYS = { cursor, user, dataOwner, clientId, reference, referenceFetchedAt, warnings,
//                 insights, lastSyncAt, rejectedMutations, clockSkew }
//   ENTITY_STORES = { episode, care_plan_item, check, profile, sign_mark } -> store name
//   ENTITY_STORE_NAMES: string[]                 (the five record stores)
//   storeForEntity(entity) -> store name | undefined
//   getDb() -> Promise<IDBPDatabase>             (opened lazily, once)
//   closeDb() -> void                            (tests, and before deleting the database)
//   runTransaction(storeNames, mode, work) -> Promise<work's result>
//       work(transaction) runs inside one transaction; if it throws, the transaction is aborted,
//       so nothing it wrote is kept
//   getMeta(key) -> Promise<value | undefined>;  setMeta(key, value) -> Promise<void>
//   onDatabaseVersionChange(callback) -> unsubscribe   (another tab opened a newer version: the
//                                                      app should ask the user to reload)
//
// Record stores hold the server's record shape ({...fields, id, version}); `version` is the
// latest server version this device has seen (null for a record born here and not yet synced).
// Deleted records are removed at once; a pending delete lives in the outbox until the server
// has it. This module creates the outbox store; only outbox.js reads or writes it.

import { openDB } from 'idb';

export const DATABASE_NAME = 'crampcare';
export const DATABASE_VERSION = 2;

export const STORES = Object.freeze({
  episodes: 'episodes',
  carePlanItems: 'care_plan_items',
  checks: 'checks',
  profile: 'profile',
  signMarks: 'sign_marks',
  outbox: 'outbox',
  meta: 'meta',
});

export const INDEXES = Object.freeze({
  outboxByRecord: 'by_record',
  outboxByMutationId: 'by_mutation_id',
  checksByItemAndDate: 'by_item_and_date',
});

export const META_KEYS = Object.freeze({
  cursor: 'cursor',
  user: 'user',
  // Whose records are on this device, kept even after a forced logout, so another account
  // never pushes or sees them.
  dataOwner: 'data_owner',
  clientId: 'client_id',
  reference: 'reference',
  referenceFetchedAt: 'reference_fetched_at',
  warnings: 'warnings',
  insights: 'insights',
  lastSyncAt: 'last_sync_at',
  rejectedMutations: 'rejected_mutations',
  // How far this device's clock was from the server's at the last pull, in milliseconds.
  clockSkew: 'clock_skew',
});

export const ENTITY_STORES = Object.freeze({
  episode: STORES.episodes,
  care_plan_item: STORES.carePlanItems,
  check: STORES.checks,
  profile: STORES.profile,
  sign_mark: STORES.signMarks,
});

export const ENTITY_STORE_NAMES = Object.freeze(Object.values(ENTITY_STORES));

export function storeForEntity(entity) {
  return Object.hasOwn(ENTITY_STORES, entity) ? ENTITY_STORES[entity] : undefined;
}

// Each step upgrades from the version before it, so a device that skipped releases still
// walks through every step in order. Add a new `if (oldVersion < N)` block; never edit an old one.
function upgrade(database, oldVersion) {
  if (oldVersion < 1) {
    database.createObjectStore(STORES.episodes, { keyPath: 'id' });
    database.createObjectStore(STORES.carePlanItems, { keyPath: 'id' });
    const checks = database.createObjectStore(STORES.checks, { keyPath: 'id' });
    checks.createIndex(INDEXES.checksByItemAndDate, ['item_id', 'date']);
    database.createObjectStore(STORES.profile, { keyPath: 'id' });
    const outbox = database.createObjectStore(STORES.outbox, { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex(INDEXES.outboxByRecord, ['entity', 'id']);
    outbox.createIndex(INDEXES.outboxByMutationId, 'mutation_id', { unique: true });
    database.createObjectStore(STORES.meta); // out-of-line keys: put(value, key)
  }
  if (oldVersion < 2) {
    // Warning signs the patient marked seen, and clinicians' reviews of them.
    database.createObjectStore(STORES.signMarks, { keyPath: 'id' });
  }
}

let databasePromise = null;
const versionChangeListeners = new Set();

function notifyVersionChange(detail) {
  for (const listener of versionChangeListeners) listener(detail);
}

export function onDatabaseVersionChange(callback) {
  versionChangeListeners.add(callback);
  return () => versionChangeListeners.delete(callback);
}

export function getDb() {
  if (!databasePromise) {
    databasePromise = openDB(DATABASE_NAME, DATABASE_VERSION, {
      upgrade,
      // Another tab still runs an older version and holds the database open: our upgrade waits
      // until it closes (that tab gets `blocking` below and closes).
      blocked(currentVersion, blockedVersion) {
        notifyVersionChange({ reason: 'blocked', currentVersion, blockedVersion });
      },
      // A newer version of the app wants to upgrade: close now so it isn't stuck, and let the app
      // offer a reload. Writes from this tab would fail from here on, which is why the app must
      // reload rather than carry on.
      blocking(currentVersion, blockedVersion, event) {
        event.target.close();
        databasePromise = null;
        notifyVersionChange({ reason: 'versionchange', currentVersion, blockedVersion });
      },
      // The browser closed the connection (storage cleared, disk trouble): reopen on next use.
      terminated() {
        databasePromise = null;
      },
    });
    // A failed open must not be cached forever.
    databasePromise.catch(() => {
      databasePromise = null;
    });
  }
  return databasePromise;
}

export function closeDb() {
  const pending = databasePromise;
  databasePromise = null;
  if (pending) pending.then((database) => database.close(), () => {});
}

// A JavaScript exception does not abort an IndexedDB transaction by itself: requests made before
// it would still commit. Aborting here is what makes "all or nothing" true.
export async function runTransaction(storeNames, mode, work) {
  const database = await getDb();
  const transaction = database.transaction(storeNames, mode);
  let result;
  try {
    result = await work(transaction);
  } catch (error) {
    transaction.done.catch(() => {}); // the abort below rejects it; the caller gets `error`
    try {
      transaction.abort();
    } catch {
      // Already finished or aborted by the failing request itself.
    }
    throw error;
  }
  await transaction.done;
  return result;
}

export async function getMeta(key) {
  const database = await getDb();
  return database.get(STORES.meta, key);
}

export async function setMeta(key, value) {
  const database = await getDb();
  await database.put(STORES.meta, value, key);
}
