// account.js: who is signed in, for the views. Sign-in itself is auth.js's job; this module only
// re-exports it so that views depend on data/* alone.
//
//   currentUser() -> Promise<user|null>        (from IndexedDB: works offline, survives restarts)
//   userTimeZone() -> Promise<string>           the profile's zone (with this device's unsynced
//                                               edit), else the device's
//   register, login, logout, onAuthChange, UnsyncedChangesError, OtherAccountDataError,
//   changePassword, eraseAccount, downloadExport, prepareDownload  (auth.js; the last four online only)
//   NetworkError, ApiError                      to tell "offline" from "the server said no"

import { currentUser } from '../auth.js';
import { STORES, getDb } from '../db.js';
import { defaultTimeZone } from './time.js';

export {
  changePassword,
  currentUser,
  downloadExport,
  eraseAccount,
  prepareDownload,
  login,
  logout,
  onAuthChange,
  register,
  OtherAccountDataError,
  UnsyncedChangesError,
} from '../auth.js';
export { ApiError, NetworkError } from '../api.js';

export async function userTimeZone() {
  const user = await currentUser();
  if (!user) return defaultTimeZone();
  // The synced profile is newer than the user cached at sign-in when the zone changed elsewhere.
  const profile = await (await getDb()).get(STORES.profile, user.id);
  return profile?.timezone || user.timezone || defaultTimeZone();
}
