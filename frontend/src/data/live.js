// live.js: tells a screen when the data under it may have changed (a local write in this tab, or
// a sync run that finished), and re-exports the sync status for the status bar.
//
//   onDataChange(callback) -> unsubscribe
//   onSyncStatus(callback) -> unsubscribe, syncNow()       (sync.js)
//   pendingCount()                                          (outbox.js)

import { onOutboxChange } from '../outbox.js';
import { onSyncStatus } from '../sync.js';

export { onSyncStatus, syncNow } from '../sync.js';
export { pendingCount } from '../outbox.js';

export function onDataChange(callback) {
  let lastSyncAt;
  let wasSyncing = false;
  const stopOutbox = onOutboxChange(() => callback());
  const stopStatus = onSyncStatus((status) => {
    // A finished run may have pulled new records or server views (warnings, reference).
    const finished = wasSyncing && status.state !== 'syncing';
    const newSync = lastSyncAt !== undefined && status.lastSyncAt !== lastSyncAt;
    wasSyncing = status.state === 'syncing';
    lastSyncAt = status.lastSyncAt;
    if (finished || newSync) callback();
  });
  return () => {
    stopOutbox();
    stopStatus();
  };
}
