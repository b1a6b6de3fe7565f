// reference.js: the vocabularies and care-plan starters, as the server sent them (cached by the
// sync engine in `meta`). Before the first sync, a fallback of the codes keeps every screen usable
// offline; the labels then come from the codes themselves.
//
//   getReference() -> Promise<{vocabularies: {name: [{code, label}]}, care_plan_starters: []}>
//   options(reference, name) -> [{code, label}]
//   labelFor(reference, name, code) -> string
//   FALLBACK_CODES

import { META_KEYS, getMeta } from '../db.js';

export const FALLBACK_CODES = Object.freeze({
  muscles: ['calf', 'foot', 'shin', 'hamstrings', 'quadriceps', 'other'],
  sides: ['left', 'right', 'both'],
  triggers: [
    'dehydration', 'overexertion', 'hot_weather', 'medication_change', 'long_standing',
    'long_sitting', 'alcohol', 'stress', 'toes_pointed_in_bed', 'pregnancy', 'other',
  ],
  relief_methods: ['stretching', 'massage', 'heat', 'walking', 'hydration', 'pain_reliever', 'other'],
  relief_effects: ['none', 'some', 'full'],
  symptoms: ['swelling', 'redness', 'numbness', 'weakness', 'difficulty_walking', 'soreness_after'],
  care_plan_categories: [
    'stretching', 'hydration', 'heat', 'massage', 'footwear', 'exercise', 'diet', 'stress',
    'sleep_posture', 'medication', 'supplement', 'physical_therapy', 'follow_up', 'other',
  ],
  schedules: ['bedtime', 'daily', 'weekly', 'as_needed'],
  item_statuses: ['active', 'paused', 'stopped'],
  conditions: [
    'peripheral_artery_disease', 'diabetes', 'pregnancy', 'peripheral_neuropathy',
    'multiple_sclerosis', 'parkinsons', 'kidney_disease', 'other',
  ],
  medication_classes: [
    'thiazide_diuretic', 'loop_diuretic', 'potassium_sparing_diuretic', 'statin',
    'long_acting_beta_agonist', 'estrogen_or_raloxifene', 'teriparatide', 'iron_sucrose_iv',
    'naproxen', 'quinine', 'other',
  ],
});

// A few labels worth having before the first sync: the bedside is used offline at night.
const FALLBACK_LABELS = {
  muscles: { hamstrings: 'Back of thigh', quadriceps: 'Front of thigh', other: 'Somewhere else' },
  relief_effects: { none: 'Did not help', some: 'Helped a bit', full: 'Stopped it' },
  schedules: { bedtime: 'At bedtime', daily: 'Every day', weekly: 'Every week', as_needed: 'When needed' },
};

function labelFromCode(code) {
  const words = String(code).replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fallbackReference() {
  const vocabularies = {};
  for (const [name, codes] of Object.entries(FALLBACK_CODES)) {
    vocabularies[name] = codes.map((code) => ({
      code,
      label: FALLBACK_LABELS[name]?.[code] ?? labelFromCode(code),
    }));
  }
  return { vocabularies, care_plan_starters: [] };
}

export async function getReference() {
  const stored = await getMeta(META_KEYS.reference);
  if (stored?.vocabularies) return { care_plan_starters: [], ...stored };
  return fallbackReference();
}

export function options(reference, name) {
  return reference?.vocabularies?.[name] ?? fallbackReference().vocabularies[name] ?? [];
}

export function labelFor(reference, name, code) {
  if (code === null || code === undefined || code === '') return '';
  const match = options(reference, name).find((option) => option.code === code);
  return match ? match.label : labelFromCode(code);
}
