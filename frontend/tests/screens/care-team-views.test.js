import { describe, expect, it, vi } from 'vitest';
import { shareInvite } from '../../src/views/care-team-invite.js';
import { accessLogLine } from '../../src/views/care-team.js';
import { episodeSummary, patientTimeFormatter } from '../../src/views/patient.js';
import { authorLabel, itemFields } from '../../src/views/patient-plan.js';

const invite = { code: 'KX7M-Q2PD-9R', link: '/care-team/accept?code=KX7M-Q2PD-9R', expires_at: '2026-11-27T08:00:00Z' };
const origin = 'https://crampcare.example';

describe('sharing a code', () => {
  it('uses the share sheet where there is one', async () => {
    const share = vi.fn(async () => {});
    expect(await shareInvite(invite, { navigator: { share }, origin })).toBe('shared');
    expect(share.mock.calls[0][0].url).toBe('https://crampcare.example/care-team/accept?code=KX7M-Q2PD-9R');
    expect(share.mock.calls[0][0].text).toMatch(/KX7M-Q2PD-9R/);
  });

  it('does nothing more when the person closes the share sheet', async () => {
    const share = vi.fn(async () => {
      throw new DOMException('cancelled', 'AbortError');
    });
    const writeText = vi.fn();
    expect(await shareInvite(invite, { navigator: { share, clipboard: { writeText } }, origin })).toBe('cancelled');
    expect(writeText).not.toHaveBeenCalled();
  });

  it('copies the link without a share sheet, and falls back to showing it', async () => {
    const writeText = vi.fn(async () => {});
    expect(await shareInvite(invite, { navigator: { clipboard: { writeText } }, origin })).toBe('copied');
    expect(writeText).toHaveBeenCalledWith('https://crampcare.example/care-team/accept?code=KX7M-Q2PD-9R');
    expect(await shareInvite(invite, { navigator: {}, origin })).toBe('manual');
  });
});

describe('access log lines', () => {
  it('names the clinician, or says "You" for the patient', () => {
    const me = { id: 'me' };
    expect(accessLogLine({ actor: { id: 'doc', display_name: 'Dr Lee' }, description: 'Looked at your care plan' }, me)).toBe('Dr Lee: Looked at your care plan');
    expect(accessLogLine({ actor: { id: 'me', display_name: 'Sam' }, description: 'Created an invitation code' }, me)).toBe('You: Created an invitation code');
  });
});

describe('clinician patient screen', () => {
  it('says who wrote a plan step', () => {
    const me = { id: 'doc' };
    expect(authorLabel({ author: { id: 'doc', role: 'clinician', display_name: 'Dr Lee' } }, me)).toBe('Written by you');
    expect(authorLabel({ author: { id: 'gp', role: 'clinician', display_name: 'Dr Kay' } }, me)).toBe('From Dr Kay');
    expect(authorLabel({ author: { id: 'p', role: 'patient', display_name: 'Sam' } }, me)).toBe('Written by the patient');
  });

  it('shows cramp times in the patient\'s own time zone', () => {
    const inTokyo = patientTimeFormatter('Asia/Tokyo')('2026-11-04T18:00:00Z');
    expect(inTokyo).toMatch(/03:00/);
    expect(patientTimeFormatter('Not/AZone')('2026-11-04T18:00:00Z')).toMatch(/\d\d:\d\d/);
  });

  it('sums up a cramp with its symptoms', () => {
    const line = episodeSummary(
      { started_at: '2026-11-04T18:00:00Z', muscle: 'calf', side: 'left', severity: 8, duration_seconds: 65, symptoms: ['swelling'] },
      null,
      () => '5 Nov, 03:00',
    );
    expect(line).toBe('5 Nov, 03:00 · Calf, left · pain 8/10 · 1 min 5 s · with swelling');
  });

  it('reads the item form as the API takes it', () => {
    const values = { title: ' Stretch ', category: 'stretching', schedule: 'bedtime', time_of_day: '', instructions: '', note_for_patient: ' ' };
    const form = { elements: { namedItem: (name) => (name in values ? { value: values[name] } : null) } };
    expect(itemFields(form)).toEqual({
      title: 'Stretch',
      category: 'stretching',
      schedule: 'bedtime',
      time_of_day: null,
      instructions: '',
      note_for_patient: null,
    });
  });
});
