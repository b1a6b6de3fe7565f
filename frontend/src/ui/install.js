// install.js: adding CrampCare to the home screen. Chromium browsers offer their own prompt
// (beforeinstallprompt), kept here until the patient taps "Install"; iOS Safari has none, so the
// steps are written out; an app already opened from the home screen says so.
//
//   watchInstallPrompt(target = window) -> unsubscribe   call once at start-up (main.js)
//   installState(environment?) -> 'installed' | 'prompt' | 'ios' | 'manual'   (environment: tests)
//   promptInstall() -> Promise<'accepted' | 'dismissed' | 'unavailable'>
//   onInstallStateChange(callback) -> unsubscribe

let deferredPrompt = null;
const listeners = new Set();

function notify() {
  for (const listener of listeners) listener(installState());
}

export function onInstallStateChange(callback) {
  listeners.add(callback);
  return () => listeners.delete(callback);
}

export function watchInstallPrompt(target = globalThis.window) {
  if (!target?.addEventListener) return () => {};
  const onPrompt = (event) => {
    event.preventDefault(); // shown when the patient asks, not over the screen they are reading
    deferredPrompt = event;
    notify();
  };
  const onInstalled = () => {
    deferredPrompt = null;
    notify();
  };
  target.addEventListener('beforeinstallprompt', onPrompt);
  target.addEventListener('appinstalled', onInstalled);
  return () => {
    target.removeEventListener('beforeinstallprompt', onPrompt);
    target.removeEventListener('appinstalled', onInstalled);
  };
}

export function installState({
  standalone = globalThis.matchMedia?.('(display-mode: standalone)').matches || globalThis.navigator?.standalone === true,
  userAgent = globalThis.navigator?.userAgent ?? '',
  maxTouchPoints = globalThis.navigator?.maxTouchPoints ?? 0,
} = {}) {
  if (standalone) return 'installed';
  if (deferredPrompt) return 'prompt';
  // iPadOS presents itself as a Mac, with a touch screen.
  const apple = /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
  if (apple && /Safari/.test(userAgent) && !/CriOS|FxiOS|EdgiOS/.test(userAgent)) return 'ios';
  return 'manual';
}

export async function promptInstall() {
  if (!deferredPrompt) return 'unavailable';
  const event = deferredPrompt;
  deferredPrompt = null;
  await event.prompt();
  const choice = await event.userChoice;
  notify();
  return choice?.outcome ?? 'dismissed';
}
