import { describe, expect, it } from 'vitest';
import { itemFields, reminderFacts } from '../../src/views/patient-plan.js';
import { allowMessage, reminderSetMessage } from '../../src/views/reminders.js';
import { tickLinkMessage } from '../../src/views/today.js';

describe('what the patient reads after turning a reminder on', () => {
  it('says plainly where the reminder will show', () => {
    expect(reminderSetMessage('subscribed', '21:30')).toBe('Reminder set for 21:30.');
    expect(reminderSetMessage('offline', '21:30')).toBe('Reminder set for 21:30. It reaches this device once you are online.');
    expect(reminderSetMessage('denied', '21:30')).toMatch(/blocked.*only in Today/);
    expect(reminderSetMessage('unsupported', '21:30')).toMatch(/Today shows it/);
    expect(reminderSetMessage('failed', '21:30')).toMatch(/Today still shows it/);
  });

  it('says device, not phone: it may be a computer', () => {
    for (const outcome of ['subscribed', 'offline', 'ask', 'denied', 'unsupported', 'failed']) {
      expect(reminderSetMessage(outcome, '21:30')).not.toMatch(/phone/);
    }
  });
});

describe('what the patient reads after "Allow notifications"', () => {
  it('says device, not phone: it may be a computer', () => {
    expect(allowMessage('subscribed')).toBe('Notifications on. Reminders reach this device.');
    expect(allowMessage('offline')).toMatch(/this device once you are online/);
    for (const outcome of ['subscribed', 'offline', 'ask', 'denied', 'unsupported', 'failed', 'something new']) {
      expect(allowMessage(outcome)).not.toMatch(/phone/);
    }
    expect(allowMessage('something new')).toBe(allowMessage('failed'));
  });
});

describe('what a reminder\'s "Done" link says on Today', () => {
  it('claims "Ticked" only when the tick was written', () => {
    const item = { title: 'Stretch calves' };
    expect(tickLinkMessage({ item, date: '2026-12-01', ticked: true }, '2026-12-01')).toBe('Ticked: Stretch calves.');
    expect(tickLinkMessage({ item, date: '2026-11-30', ticked: true }, '2026-12-01')).toMatch(/^Ticked: Stretch calves \(.+\)\.$/);
    expect(tickLinkMessage({ item, date: '2026-12-01', ticked: false }, '2026-12-01')).toBe('That step is no longer in your plan.');
    expect(tickLinkMessage({ item: null, date: '2026-12-01', ticked: false }, '2026-12-01')).not.toMatch(/Ticked/);
    expect(tickLinkMessage(null, '2026-12-01')).toBe('That reminder link did not work. Tick the step below.');
  });
});

describe('reminders on the clinician page', () => {
  it('shows the suggestion and whether the patient took it', () => {
    expect(reminderFacts({ suggested_reminder_at: '21:30', reminder_at: '21:30' })).toBe("Patient's reminder: 21:30 (as suggested)");
    expect(reminderFacts({ suggested_reminder_at: '21:30:00', reminder_at: null })).toBe('Suggested reminder: 21:30. Not taken yet.');
    expect(reminderFacts({ suggested_reminder_at: '21:30', reminder_at: '22:00' })).toBe('Suggested reminder: 21:30. The patient chose 22:00.');
    expect(reminderFacts({ reminder_at: '22:00' })).toBe("Patient's reminder: 22:00");
    expect(reminderFacts({})).toBeNull();
    for (const item of [{ suggested_reminder_at: '21:30', reminder_at: '21:30' }, { reminder_at: '22:00' }]) {
      expect(reminderFacts(item)).not.toMatch(/phone/i);
    }
  });

  it('reads times the one way the rest of the app does: "99:99" is no time', () => {
    expect(reminderFacts({ reminder_at: '99:99' })).toBeNull();
    expect(reminderFacts({ suggested_reminder_at: '24:00', reminder_at: '21:30:00' })).toBe("Patient's reminder: 21:30");
  });

  it('reads a suggested time from the form, empty as none', () => {
    const values = { title: 'Stretch', category: 'stretching', schedule: 'bedtime', time_of_day: '', instructions: '', note_for_patient: '', suggested_reminder_at: '' };
    const form = { elements: { namedItem: (name) => (name in values ? { value: values[name] } : null) } };
    expect(itemFields(form).suggested_reminder_at).toBeNull();
    values.suggested_reminder_at = '21:30';
    expect(itemFields(form).suggested_reminder_at).toBe('21:30');
  });
});
