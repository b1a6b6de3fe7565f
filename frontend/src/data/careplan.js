// careplan.js: the patient's care plan and the day-by-day ticks, on this device.
//
//   listItems() -> Promise<item[]>                   active first, then paused, then stopped
//   getItem(id) -> Promise<item|null>
//   addItem(fields) -> Promise<item>                 status active, starting today
//   addStarter(starter) -> Promise<item>             one of reference.care_plan_starters
//   updateItem(id, fields) -> Promise<item>          on a clinician's step, their fields are left out
//   setItemStatus(id, 'active'|'paused'|'stopped') -> Promise<item>
//   checksOn(date) -> Promise<Map<item_id, check>>
//   setCheck(itemId, date, done) -> Promise<check>   one check per item and day (done or skipped)
//   isDueOn(item, date) -> boolean                   active and within its dates
//   dailyChecklist(items, date) -> item[]            what to tick today (not the "when needed" ones)
//   isClinicianItem(item) -> boolean
//   withoutClinicianFields(item, fields) -> fields the patient may change on this item
//   CLINICIAN_OWNED_FIELDS = ['title', 'instructions', 'schedule'];  STATUS_ORDER
//   CLINICIAN_ONLY_FIELDS = ['note_for_patient', 'suggested_reminder_at']  never sent by the patient

import { INDEXES, STORES, getDb } from '../db.js';
import { writeLocal } from '../outbox.js';
import { userTimeZone } from './account.js';
import { localDate } from './time.js';

export const STATUS_ORDER = ['active', 'paused', 'stopped'];
// On a step a clinician wrote these are the clinician's: the server refuses a patient's change to
// them (sync answers `rejected`), so they are never sent. Status, dates and time stay the patient's.
export const CLINICIAN_OWNED_FIELDS = Object.freeze(['title', 'instructions', 'schedule']);
// Only clinicians write these, on any item; the patient reads them (a suggested reminder is
// taken by setting `reminder_at` to it).
export const CLINICIAN_ONLY_FIELDS = Object.freeze(['note_for_patient', 'suggested_reminder_at']);
const SCHEDULE_ORDER = ['bedtime', 'daily', 'weekly', 'as_needed'];

function rank(list, value) {
  const index = list.indexOf(value);
  return index < 0 ? list.length : index;
}

function compareItems(left, right) {
  return (
    rank(STATUS_ORDER, left.status ?? 'active') - rank(STATUS_ORDER, right.status ?? 'active') ||
    rank(SCHEDULE_ORDER, left.schedule) - rank(SCHEDULE_ORDER, right.schedule) ||
    String(left.title).localeCompare(String(right.title))
  );
}

export function isClinicianItem(item) {
  return item?.author?.role === 'clinician';
}

export function withoutClinicianFields(item, fields) {
  const owned = isClinicianItem(item) ? [...CLINICIAN_OWNED_FIELDS, ...CLINICIAN_ONLY_FIELDS] : CLINICIAN_ONLY_FIELDS;
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !owned.includes(name)));
}

export function isDueOn(item, date) {
  return (
    (item.status ?? 'active') === 'active' &&
    (!item.start_date || item.start_date <= date) &&
    (!item.end_date || item.end_date >= date)
  );
}

export function dailyChecklist(items, date) {
  return items.filter((item) => isDueOn(item, date) && item.schedule !== 'as_needed').sort(compareItems);
}

export async function listItems() {
  const database = await getDb();
  return (await database.getAll(STORES.carePlanItems)).sort(compareItems);
}

export async function getItem(id) {
  const database = await getDb();
  return (await database.get(STORES.carePlanItems, id)) ?? null;
}

export async function addItem(fields) {
  const today = localDate(new Date(), await userTimeZone());
  return writeLocal('care_plan_item', {
    status: 'active',
    start_date: today,
    instructions: '',
    ...fields,
    id: crypto.randomUUID(),
  });
}

export async function addStarter(starter) {
  const { category, title, instructions, schedule } = starter;
  return addItem({ category, title, instructions: instructions ?? '', schedule });
}

export async function updateItem(id, fields) {
  const item = await getItem(id);
  return writeLocal('care_plan_item', { ...withoutClinicianFields(item, fields), id });
}

export async function setItemStatus(id, status) {
  return updateItem(id, { status });
}

export async function checksOn(date) {
  const database = await getDb();
  const checks = await database.getAll(STORES.checks);
  return new Map(checks.filter((check) => check.date === date).map((check) => [check.item_id, check]));
}

export async function setCheck(itemId, date, done) {
  const database = await getDb();
  const existing = await database.getFromIndex(STORES.checks, INDEXES.checksByItemAndDate, [itemId, date]);
  return writeLocal('check', { id: existing?.id ?? crypto.randomUUID(), item_id: itemId, date, done });
}
