import { describe, expect, it } from 'vitest';
import { installState, promptInstall, watchInstallPrompt } from '../../src/ui/install.js';

const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1';
const IPHONE_CHROME = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 CriOS/131.0 Mobile/15E148 Safari/604.1';

describe('installing to the home screen', () => {
  it('offers written steps on iOS Safari, the browser menu elsewhere, nothing once installed', () => {
    expect(installState({ standalone: false, userAgent: IPHONE_SAFARI })).toBe('ios');
    expect(installState({ standalone: false, userAgent: IPHONE_CHROME })).toBe('manual');
    expect(installState({ standalone: false, userAgent: ANDROID_CHROME })).toBe('manual');
    expect(installState({ standalone: true, userAgent: IPHONE_SAFARI })).toBe('installed');
  });

  it("keeps the browser's prompt for the Install button and uses it once", async () => {
    const target = new EventTarget();
    const stop = watchInstallPrompt(target);
    const event = new Event('beforeinstallprompt', { cancelable: true });
    event.prompt = async () => {};
    event.userChoice = Promise.resolve({ outcome: 'accepted' });
    target.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(installState({ standalone: false, userAgent: ANDROID_CHROME })).toBe('prompt');
    expect(await promptInstall()).toBe('accepted');
    expect(await promptInstall()).toBe('unavailable');
    stop();
  });
});
