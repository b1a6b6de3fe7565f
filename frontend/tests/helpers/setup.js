// Every test starts with an empty IndexedDB and a fresh connection.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach } from 'vitest';
import { closeDb } from '../../src/db.js';

beforeEach(() => {
  closeDb();
  globalThis.indexedDB = new IDBFactory();
});

afterEach(() => {
  closeDb();
});
