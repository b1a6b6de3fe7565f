import { describe, expect, it } from 'vitest';
import { META_KEYS, STORES, getDb, setMeta } from '../../src/db.js';
import { userTimeZone } from '../../src/data/account.js';
import { addMedication, getProfile, medicationNotice, removeMedication, saveProfile, timeZoneMismatch } from '../../src/data/profile.js';

const USER = { id: 'u1', role: 'patient', email: 'sam@example.org', display_name: 'Sam', timezone: 'Europe/London', conditions: [], medications: [], version: 2 };

async function outbox() {
  return (await getDb()).getAll(STORES.outbox);
}

describe('the profile on this device', () => {
  it('queues only the fields that changed, as a profile upsert under the user id', async () => {
    await setMeta(META_KEYS.user, USER);
    await saveProfile({ display_name: 'Sam', timezone: 'Pacific/Auckland', conditions: ['diabetes'] });
    const [entry] = await outbox();
    expect(entry).toMatchObject({ entity: 'profile', op: 'upsert', id: 'u1' });
    expect(entry.fields).toEqual({ timezone: 'Pacific/Auckland', conditions: ['diabetes'] });
    expect((await getProfile()).timezone).toBe('Pacific/Auckland');
    expect(await userTimeZone()).toBe('Pacific/Auckland');
  });

  it('adds a medicine with an optional dose and removes it again', async () => {
    await setMeta(META_KEYS.user, USER);
    await addMedication({ name: ' Atorvastatin ', class: 'statin', started_on: '', dose: '' });
    await addMedication({ name: 'Bendroflumethiazide', class: 'thiazide_diuretic', started_on: '2026-02-01', dose: '2.5 mg' });
    expect((await getProfile()).medications).toEqual([
      { name: 'Atorvastatin', class: 'statin', started_on: null },
      { name: 'Bendroflumethiazide', class: 'thiazide_diuretic', started_on: '2026-02-01', dose: '2.5 mg' },
    ]);
    await removeMedication(0);
    expect((await getProfile()).medications.map((medication) => medication.name)).toEqual(['Bendroflumethiazide']);
  });

  it('says at once whether a medicine is of a kind linked to cramps, and flags quinine', () => {
    expect(medicationNotice({ name: 'Atorvastatin', class: 'statin' }).level).toBe('info');
    expect(medicationNotice({ name: 'Paracetamol', class: 'other' })).toBeNull();
    expect(medicationNotice({ name: 'Quinine sulfate', class: 'other' }).level).toBe('urgent');
    expect(medicationNotice({ name: 'Statin', class: 'statin' }).text).toMatch(/never stop a medicine on your own/);
  });

  it('notices when the phone is in another time zone than the diary', () => {
    expect(timeZoneMismatch({ timezone: 'Europe/London' }, 'Pacific/Auckland')).toBe('Pacific/Auckland');
    expect(timeZoneMismatch({ timezone: 'Europe/London' }, 'Europe/London')).toBeNull();
  });
});
