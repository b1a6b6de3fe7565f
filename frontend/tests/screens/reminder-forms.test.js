// The two reminder time forms (a care-plan step's "Another time" and Account's morning check)
// share one submit: a bad time puts the focus back, the permission is asked only from the tap and
// before anything awaits, and the time is saved whatever the answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { find, fire, installFakeDom, textOf } from '../helpers/fake-dom.js';

vi.mock('../../src/data/reminders.js', async (importOriginal) => ({
  ...(await importOriginal()),
  turnOnNotifications: vi.fn(),
  setReminder: vi.fn(),
  saveReminderSettings: vi.fn(),
  reminderSupport: vi.fn(),
}));
vi.mock('../../src/ui/notices.js', () => ({ flash: vi.fn() }));

const { reminderSupport, saveReminderSettings, setReminder, turnOnNotifications } = await import('../../src/data/reminders.js');
const { flash } = await import('../../src/ui/notices.js');
const { onReminderTimeSubmit } = await import('../../src/views/reminder-time-submit.js');
const { reminderControl } = await import('../../src/views/reminders.js');
const { reminderSettings } = await import('../../src/views/account-reminders.js');

let document;

beforeEach(() => {
  document = installFakeDom(vi);
  for (const mock of [turnOnNotifications, setReminder, saveReminderSettings, reminderSupport, flash]) mock.mockReset();
  turnOnNotifications.mockResolvedValue('subscribed');
  reminderSupport.mockReturnValue('granted');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const isTag = (tag) => (element) => element.tagName === tag.toUpperCase();
const button = (text) => (element) => element.tagName === 'BUTTON' && textOf(element) === text;

describe('onReminderTimeSubmit', () => {
  function fakeForm(value) {
    const listeners = [];
    const form = { addEventListener: (type, listener) => listeners.push([type, listener]) };
    const input = { value, focus: vi.fn() };
    const submit = () => {
      const event = { preventDefault: vi.fn() };
      const done = Promise.all(listeners.filter(([type]) => type === 'submit').map(([, listener]) => listener(event)));
      return { event, done };
    };
    return { form, input, submit };
  }

  it('puts the focus back on a missing or impossible time, and asks and saves nothing', async () => {
    for (const value of ['', '24:00', '9:5', 'soon']) {
      const { form, input, submit } = fakeForm(value);
      const save = vi.fn();
      expect(onReminderTimeSubmit(form, input, save)).toBe(form);
      const { event, done } = submit();
      await done;
      expect(event.preventDefault).toHaveBeenCalled();
      expect(input.focus).toHaveBeenCalledTimes(1);
      expect(save).not.toHaveBeenCalled();
    }
    expect(turnOnNotifications).not.toHaveBeenCalled();
  });

  it('asks the permission at once, in the tap, then saves the time with the answer', async () => {
    const { form, input, submit } = fakeForm('21:45');
    const save = vi.fn(async () => {});
    turnOnNotifications.mockResolvedValue('denied');
    onReminderTimeSubmit(form, input, save);
    expect(turnOnNotifications).not.toHaveBeenCalled();
    const { done } = submit();
    // Before the first await: Safari asks only while the tap is fresh.
    expect(turnOnNotifications).toHaveBeenCalledTimes(1);
    expect(save).not.toHaveBeenCalled();
    await done;
    expect(save).toHaveBeenCalledWith('21:45', 'denied');
    expect(input.focus).not.toHaveBeenCalled();
  });

  it('reads a time with seconds as HH:MM', async () => {
    const { form, input, submit } = fakeForm('07:30:00');
    const save = vi.fn();
    onReminderTimeSubmit(form, input, save);
    await submit().done;
    expect(save).toHaveBeenCalledWith('07:30', 'subscribed');
  });
});

describe('a care-plan step\'s reminder time form', () => {
  const item = { id: 'item-1', title: 'Stretch calves', schedule: 'bedtime', reminder_at: null };

  function openForm() {
    const box = reminderControl({ item, profile: { bedtime: '22:30' } });
    fire(find(box, button('Another time')), 'click');
    const form = find(box, isTag('form'));
    const input = find(form, isTag('input'));
    return { box, form, input };
  }

  it('opens on the chosen bedtime with the focus in the time, having asked nothing', () => {
    const { input } = openForm();
    expect(input.value).toBe('22:30');
    expect(document.activeElement).toBe(input);
    expect(turnOnNotifications).not.toHaveBeenCalled();
  });

  it('puts the focus back on an empty time and saves nothing', async () => {
    const { box, form, input } = openForm();
    find(box, button('Cancel')).focus();
    input.value = '';
    const submitted = fire(form, 'submit');
    expect(submitted.event.defaultPrevented).toBe(true);
    await submitted;
    expect(document.activeElement).toBe(input);
    expect(turnOnNotifications).not.toHaveBeenCalled();
    expect(setReminder).not.toHaveBeenCalled();
    expect(flash).not.toHaveBeenCalled();
  });

  it('asks the permission from the tap, then saves the time and says so', async () => {
    const { form, input } = openForm();
    input.value = '21:15';
    turnOnNotifications.mockResolvedValue('offline');
    const submitted = fire(form, 'submit');
    expect(turnOnNotifications).toHaveBeenCalledTimes(1);
    await submitted;
    expect(setReminder).toHaveBeenCalledWith('item-1', '21:15');
    expect(turnOnNotifications.mock.invocationCallOrder[0]).toBeLessThan(setReminder.mock.invocationCallOrder[0]);
    expect(flash).toHaveBeenCalledWith('Reminder set for 21:15. It reaches this device once you are online.', { timeoutMs: 9000 });
  });

  it('saves the time even when notifications are blocked', async () => {
    const { form, input } = openForm();
    input.value = '23:00';
    turnOnNotifications.mockResolvedValue('denied');
    await fire(form, 'submit');
    expect(setReminder).toHaveBeenCalledWith('item-1', '23:00');
    expect(flash).toHaveBeenCalledWith('Reminder set for 23:00. Notifications are blocked, so it shows only in Today.', { timeoutMs: 9000 });
  });
});

describe('Account\'s morning check form', () => {
  const profile = { bedtime: null, morning_reminder_at: null };

  function morning(section) {
    const form = find(section, (element) => element.tagName === 'FORM' && element.className.includes('morning-form'));
    return { form, input: find(form, (element) => element.name === 'morning_reminder_at') };
  }

  it('asks nothing until the tap', () => {
    const { input } = morning(reminderSettings({ profile, items: [] }));
    expect(input.value).toBe('08:00');
    expect(turnOnNotifications).not.toHaveBeenCalled();
  });

  it('puts the focus back on an impossible time and saves nothing', async () => {
    const { form, input } = morning(reminderSettings({ profile, items: [] }));
    input.value = '25:00';
    const submitted = fire(form, 'submit');
    expect(submitted.event.defaultPrevented).toBe(true);
    await submitted;
    expect(document.activeElement).toBe(input);
    expect(turnOnNotifications).not.toHaveBeenCalled();
    expect(saveReminderSettings).not.toHaveBeenCalled();
    expect(flash).not.toHaveBeenCalled();
  });

  it('asks the permission from the tap, then saves the time, says so and shows it on', async () => {
    const section = reminderSettings({ profile, items: [] });
    const { form, input } = morning(section);
    input.value = '07:45';
    saveReminderSettings.mockResolvedValue({ profile: { ...profile, morning_reminder_at: '07:45' }, moved: 0 });
    const submitted = fire(form, 'submit');
    expect(turnOnNotifications).toHaveBeenCalledTimes(1);
    expect(saveReminderSettings).not.toHaveBeenCalled();
    await submitted;
    expect(saveReminderSettings).toHaveBeenCalledWith({ morning_reminder_at: '07:45' });
    expect(turnOnNotifications.mock.invocationCallOrder[0]).toBeLessThan(saveReminderSettings.mock.invocationCallOrder[0]);
    expect(flash).toHaveBeenCalledWith('Reminder set for 07:45.', { timeoutMs: 9000 });
    expect(textOf(morning(section).form)).toContain('On, at 07:45');
  });
});
