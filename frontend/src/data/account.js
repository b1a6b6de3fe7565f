// account.js: who is signed in, for the views. Sign-in itself is auth.js's job; this module only
// re-exports it so that views depend on data/* alone.
//
//   currentUser() -> Promise<user|null>        (from IndexedDB: works offline, survives restarts)
//   userTimeZone() -> Promise<string>           the profile's zone, else the device's
//   register, login, logout, onAuthChange, UnsyncedChangesError, OtherAccountDataError  (auth.js)
//   NetworkError, ApiError                      to tell "offline" from "the server said no"

import { currentUser } from '../auth.js';
import { defaultTimeZone } from './time.js';

export {
  currentUser,
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
  return user?.timezone || defaultTimeZone();
}
