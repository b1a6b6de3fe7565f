import { describe, expect, it } from 'vitest';
import { itemFields, reminderFacts } from '../../src/views/patient-plan.js';
import { reminderSetMessage } from '../../src/views/reminders.js';

describe('what the patient reads after turning a reminder on', () => {
  it('says plainly where the reminder will show', () => {
    expect(reminderSetMessage('subscribed', '21:30')).toBe('Reminder set for 21:30.');
    expect(reminderSetMessage('offline', '21:30')).toMatch(/once you are online/);
    expect(reminderSetMessage('denied', '21:30')).toMatch(/blocked.*only in Today/);
    expect(reminderSetMessage('unsupported', '21:30')).toMatch(/Today shows it/);
    expect(reminderSetMessage('failed', '21:30')).toMatch(/Today still shows it/);
  });
});

describe('reminders on the clinician page', () => {
  it('shows the suggestion and whether the patient took it', () => {
    expect(reminderFacts({ suggested_reminder_at: '21:30', reminder_at: '21:30' })).toBe("Reminder on the patient's phone: 21:30 (as suggested)");
    expect(reminderFacts({ suggested_reminder_at: '21:30:00', reminder_at: null })).toBe('Suggested reminder: 21:30. Not taken yet.');
    expect(reminderFacts({ suggested_reminder_at: '21:30', reminder_at: '22:00' })).toBe('Suggested reminder: 21:30. The patient chose 22:00.');
    expect(reminderFacts({ reminder_at: '22:00' })).toBe("Reminder on the patient's phone: 22:00");
    expect(reminderFacts({})).toBeNull();
  });

  it('reads a suggested time from the form, empty as none', () => {
    const values = { title: 'Stretch', category: 'stretching', schedule: 'bedtime', time_of_day: '', instructions: '', note_for_patient: '', suggested_reminder_at: '' };
    const form = { elements: { namedItem: (name) => (name in values ? { value: values[name] } : null) } };
    expect(itemFields(form).suggested_reminder_at).toBeNull();
    values.suggested_reminder_at = '21:30';
    expect(itemFields(form).suggested_reminder_at).toBe('21:30');
  });
});
