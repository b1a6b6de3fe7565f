// push.js: Web Push on this device: the browser's side (notification permission, PushManager) and
// the server's (/push/key, /push/subscriptions). Reminders are sent by the server's worker to the
// subscription stored here; the service worker shows them (sw.js, notifications.js).
//
// Exported API:
//   pushSupport(scope?) -> 'ask' | 'granted' | 'denied' | 'unsupported'     (scope: tests)
//       unsupported: no service worker, PushManager or Notification here (iOS Safari before the
//       app is added to the home screen; some in-app browsers)
//   createPushClient({request, scope?, readyTimeoutMs?}) -> {
//       turnOn() -> Promise<'subscribed' | 'ask' | 'denied' | 'unsupported'>
//           asks the permission when it was never asked, so call it only from the patient's tap;
//           'ask': they closed the question without answering. Throws NetworkError offline.
//       keep() -> Promise<boolean>    subscribes again without asking, only when already granted
//       isSubscribed() -> Promise<boolean>   this browser holds a subscription
//       forget() -> Promise<void>     best effort: the server forgets this browser, which stops
//                                     its subscription too; never throws
//   }
//   urlBase64ToBytes(text) -> Uint8Array   (the server's key is base64url, as VAPID keys are)
//
// `request(path, {method, body})` is a signed-in request (session-request.js): data/reminders.js
// and auth.js's logout each pass theirs, so this module never imports either of them.

const READY_TIMEOUT_MS = 10_000;

export function pushSupport(scope = globalThis) {
  const navigator = scope.navigator;
  if (!navigator?.serviceWorker || !('PushManager' in scope) || !('Notification' in scope)) return 'unsupported';
  const permission = scope.Notification.permission;
  if (permission === 'granted' || permission === 'denied') return permission;
  return 'ask';
}

export function urlBase64ToBytes(text) {
  const base64 = `${text}${'='.repeat((4 - (text.length % 4)) % 4)}`.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64);
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

function sameBytes(left, right) {
  if (!left || !right) return false;
  const a = new Uint8Array(left);
  const b = new Uint8Array(right);
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export function createPushClient({ request, scope = globalThis, readyTimeoutMs = READY_TIMEOUT_MS }) {
  // `ready` never settles when no service worker is registered (the dev server): give up instead.
  function registration() {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('No service worker to receive reminders.')), readyTimeoutMs);
    });
    return Promise.race([scope.navigator.serviceWorker.ready, timeout]).finally(() => clearTimeout(timer));
  }

  async function subscribe() {
    const active = await registration();
    const { public_key: publicKey } = await request('/push/key');
    const applicationServerKey = urlBase64ToBytes(publicKey);
    let subscription = await active.pushManager.getSubscription();
    // A subscription made for another server key (the key was rotated) can never be used.
    if (subscription && subscription.options?.applicationServerKey && !sameBytes(subscription.options.applicationServerKey, applicationServerKey)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    subscription ??= await active.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
    const { endpoint, keys } = subscription.toJSON();
    await request('/push/subscriptions', { method: 'POST', body: { endpoint, keys } });
  }

  async function turnOn() {
    const support = pushSupport(scope);
    if (support === 'unsupported' || support === 'denied') return support;
    if (support === 'ask') {
      const answer = await scope.Notification.requestPermission();
      if (answer !== 'granted') return answer === 'denied' ? 'denied' : 'ask';
    }
    await subscribe();
    return 'subscribed';
  }

  async function keep() {
    if (pushSupport(scope) !== 'granted') return false;
    await subscribe();
    return true;
  }

  async function isSubscribed() {
    if (pushSupport(scope) === 'unsupported') return false;
    const active = await scope.navigator.serviceWorker.getRegistration();
    return Boolean(await active?.pushManager.getSubscription());
  }

  async function forget() {
    if (pushSupport(scope) === 'unsupported') return;
    try {
      const active = await scope.navigator.serviceWorker.getRegistration();
      const subscription = await active?.pushManager.getSubscription();
      if (!subscription) return;
      await request('/push/subscriptions', { method: 'DELETE', body: { endpoint: subscription.endpoint } }).catch(() => {});
      // Unsubscribed here as well, so even a DELETE lost offline sends this browser nothing more.
      await subscription.unsubscribe();
    } catch {
      // Best effort: signing out must never fail because of reminders.
    }
  }

  return { turnOn, keep, isSubscribed, forget };
}
