// profile.js: the patient's profile on this device: display name, time zone, conditions and
// medicines, bedtime and the morning reminder's time (data/reminders.js). Edits go through the outbox like every other record (entity `profile`, id = the
// user's id), so they work offline and sync later; the cached user follows at once.
//
//   getProfile() -> Promise<{id, display_name, timezone, conditions, medications, ...}>
//       the synced profile with this device's unsynced edits on top, else the signed-in user
//   saveProfile(fields) -> Promise<profile>   only the fields that changed are queued
//   addMedication(medication) / removeMedication(index) -> Promise<profile>
//   medicationNotice(medication) -> {level: 'urgent'|'info', text} | null
//       what the app says at once about a medicine's class (never advice to stop it)
//   LINKED_CLASSES   medication classes linked to cramps (DOMAIN.md)
//   timeZoneMismatch(profile, deviceZone?) -> deviceZone | null   the phone is elsewhere

import { rememberProfile } from '../auth.js';
import { STORES, getDb } from '../db.js';
import { writeLocal } from '../outbox.js';
import { currentUser } from './account.js';
import { changedFields } from './fields.js';
import { defaultTimeZone } from './time.js';

export const LINKED_CLASSES = Object.freeze(new Set([
  'thiazide_diuretic',
  'loop_diuretic',
  'potassium_sparing_diuretic',
  'statin',
  'long_acting_beta_agonist',
  'estrogen_or_raloxifene',
  'teriparatide',
  'iron_sucrose_iv',
  'naproxen',
]));

const EDITABLE = ['display_name', 'timezone', 'conditions', 'medications', 'bedtime', 'morning_reminder_at'];

export async function getProfile() {
  const user = await currentUser();
  if (!user) return null;
  const stored = await (await getDb()).get(STORES.profile, user.id);
  const profile = { ...user, ...(stored ?? {}) };
  return { ...profile, conditions: profile.conditions ?? [], medications: profile.medications ?? [] };
}

export async function saveProfile(fields) {
  const profile = await getProfile();
  const wanted = Object.fromEntries(Object.entries(fields).filter(([name]) => EDITABLE.includes(name)));
  const changes = changedFields(profile, wanted);
  if (Object.keys(changes).length === 0) return profile;
  await writeLocal('profile', { ...changes, id: profile.id });
  const shown = Object.fromEntries(Object.entries(changes).filter(([name]) => name === 'display_name' || name === 'timezone'));
  if (Object.keys(shown).length) await rememberProfile(shown);
  return getProfile();
}

export async function addMedication(medication) {
  const profile = await getProfile();
  const entry = {
    name: medication.name.trim(),
    class: medication.class,
    started_on: medication.started_on || null,
  };
  if (medication.dose && medication.dose.trim()) entry.dose = medication.dose.trim();
  return saveProfile({ medications: [...profile.medications, entry] });
}

export async function removeMedication(index) {
  const profile = await getProfile();
  return saveProfile({ medications: profile.medications.filter((_, position) => position !== index) });
}

export function medicationNotice(medication) {
  if (!medication) return null;
  if (medication.class === 'quinine' || /quinine|qualaquin/i.test(medication.name ?? '')) {
    return {
      level: 'urgent',
      text: 'Quinine is not recommended for leg cramps: it can cause serious side effects. Please talk to the doctor who prescribed it soon. Do not stop a medicine on your own.',
    };
  }
  if (LINKED_CLASSES.has(medication.class)) {
    return {
      level: 'info',
      text: 'Medicines of this kind are sometimes linked to cramps. Worth mentioning to your prescriber; never stop a medicine on your own.',
    };
  }
  return null;
}

export function timeZoneMismatch(profile, deviceZone = defaultTimeZone()) {
  return profile?.timezone && deviceZone && profile.timezone !== deviceZone ? deviceZone : null;
}
