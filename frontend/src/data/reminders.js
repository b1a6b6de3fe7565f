// reminders.js: care-plan reminders. The time is a field of the item (`reminder_at`, "HH:MM" in
// the patient's zone, null for none) and the profile holds `bedtime` and `morning_reminder_at`;
// all are written on this phone and synced like every other field. The server's worker sends the
// reminders to the browser subscription push.js keeps; Today shows what is due when it is open.
//
//   REMINDER_WINDOW_MINUTES = 120        a reminder is due from its time for two hours
//   canRemind(item) -> boolean           bedtime and daily steps have reminders
//   reminderIsOn(item) -> boolean        an active step (not deleted) that can remind, with a time
//   anyReminderOn(items, profile) -> boolean   a step's reminder is on, or the morning check:
//       the one rule for "is a reminder on?" (pure; Account, Care plan and keepNotificationsReaching)
//   defaultReminderTime(item, profile) -> 'HH:MM'   bedtime: profile bedtime, else the step's
//       time, else 22:00; daily: the step's time, else 09:00
//   clockTime(value) -> 'HH:MM' | null   what the server sends ('21:30' or '21:30:00')
//   dueReminders(items, checksByDate, now, timeZone) -> [{item, date, at}]   (pure)
//       checksByDate: Map<date, Map<item_id, check>>; a reminder at 23:30 is still due at 00:45,
//       for the day before, which is the day its tick belongs to. The two hours are real time from
//       the instant the time happens in the zone (as the server counts them): on a clock-change
//       night a skipped 01:30 is due from 02:30 (time.js zonedInstant)
//   remindersDueNow(now?) -> Promise<[{item, date, at}]>
//   setReminder(itemId, time | null) -> Promise<item>
//   tickFromReminder(itemId, date) -> Promise<{item, date, ticked} | null>   the notification's
//       "Done"; null for an id or date that can't be one (the link was typed or mangled);
//       ticked false (nothing written) unless the step is on this phone, active, can remind and
//       the day is within its dates
//   reminderSupport() -> 'ask' | 'granted' | 'denied' | 'unsupported'   (push.js)
//   turnOnNotifications() -> Promise<'subscribed' | 'ask' | 'denied' | 'unsupported' | 'offline' | 'failed'>
//       call it from the patient's tap: it may ask the browser's permission
//   keepNotificationsReaching() -> Promise<void>  at start and after syncs: when a reminder is on
//       and the permission already granted, the server gets this browser's subscription (once a
//       session); never asks anything
//   saveReminderSettings({bedtime, morning_reminder_at}) -> Promise<{profile, moved}>
//       bedtime steps whose reminder was at the time the app chose from the old bedtime (or 22:00
//       without one) move with it; `moved` counts them
//
// The one module in data/ besides care-team.js that calls api.js: the push subscription is about
// this browser and means something only on the server, so it is never queued in the outbox.

import { NetworkError, apiFetch } from '../api.js';
import { refresh } from '../auth.js';
import { createPushClient, pushSupport } from '../push.js';
import { createSessionRequest } from '../session-request.js';
import { currentUser, userTimeZone } from './account.js';
import { checksOn, getItem, isDueOn, listItems, setCheck, updateItem } from './careplan.js';
import { getProfile, saveProfile } from './profile.js';
import { addDays, localDate, zonedInstant } from './time.js';

export const REMINDER_WINDOW_MINUTES = 120;
const REMINDER_WINDOW_MS = REMINDER_WINDOW_MINUTES * 60_000;
const REMINDER_SCHEDULES = new Set(['bedtime', 'daily']);
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A "Done" tapped late still ticks its own day, but a link from long ago is not a reminder.
const OLDEST_TICK_DAYS = 7;

const push = createPushClient({ request: createSessionRequest({ request: apiFetch, refreshSession: () => refresh() }) });
// Whose reminders this browser's subscription was last sent to the server for, in this tab.
let keptForUserId = null;

export function clockTime(value) {
  return typeof value === 'string' && CLOCK_TIME.test(value) ? value.slice(0, 5) : null;
}

export function canRemind(item) {
  return REMINDER_SCHEDULES.has(item?.schedule);
}

function isDeleted(item) {
  return Boolean(item?.deleted || item?.deleted_at);
}

export function reminderIsOn(item) {
  return Boolean(item) && !isDeleted(item) && (item.status ?? 'active') === 'active' && canRemind(item) && clockTime(item.reminder_at) !== null;
}

export function anyReminderOn(items, profile) {
  return clockTime(profile?.morning_reminder_at) !== null || (items ?? []).some(reminderIsOn);
}

// Whether a reminder's "Done" may tick this step on this day.
function remindsOn(item, date) {
  return Boolean(item) && !isDeleted(item) && canRemind(item) && isDueOn(item, date);
}

export function defaultReminderTime(item, profile) {
  if (item.schedule === 'bedtime') return clockTime(profile?.bedtime) ?? clockTime(item.time_of_day) ?? '22:00';
  return clockTime(item.time_of_day) ?? '09:00';
}

export function dueReminders(items, checksByDate, now, timeZone) {
  const nowMs = new Date(now).getTime();
  const today = localDate(now, timeZone);
  const due = [];
  for (const item of items) {
    const at = clockTime(item.reminder_at);
    if (!at || !canRemind(item) || isDeleted(item)) continue;
    // Yesterday's reminder can still be due after midnight (23:30 until 01:30).
    for (const date of [addDays(today, -1), today]) {
      const start = zonedInstant(date, at, timeZone).getTime();
      if (nowMs < start || nowMs >= start + REMINDER_WINDOW_MS) continue;
      if (!isDueOn(item, date) || checksByDate.get(date)?.has(item.id)) continue;
      due.push({ item, date, at });
    }
  }
  return due.sort((left, right) => left.date.localeCompare(right.date) || left.at.localeCompare(right.at));
}

export async function remindersDueNow(now = new Date()) {
  const timeZone = await userTimeZone();
  const today = localDate(now, timeZone);
  const yesterday = addDays(today, -1);
  const [items, todayChecks, yesterdayChecks] = await Promise.all([listItems(), checksOn(today), checksOn(yesterday)]);
  const checksByDate = new Map([
    [today, todayChecks],
    [yesterday, yesterdayChecks],
  ]);
  return dueReminders(items, checksByDate, now, timeZone);
}

export async function setReminder(itemId, time) {
  return updateItem(itemId, { reminder_at: time ? clockTime(time) : null });
}

export async function tickFromReminder(itemId, date, now = new Date()) {
  if (!UUID.test(String(itemId ?? '')) || !ISO_DATE.test(String(date ?? ''))) return null;
  const today = localDate(now, await userTimeZone());
  if (date > today || date < addDays(today, -OLDEST_TICK_DAYS)) return null;
  const item = await getItem(itemId);
  // A link outlives its step: deleted, paused or stopped, no longer reminding, or not yet started.
  if (!remindsOn(item, date)) return { item, date, ticked: false };
  await setCheck(itemId, date, true);
  return { item: (await getItem(itemId)) ?? item, date, ticked: true };
}

export function reminderSupport() {
  return pushSupport();
}

export async function turnOnNotifications() {
  try {
    const outcome = await push.turnOn();
    if (outcome === 'subscribed') keptForUserId = (await currentUser())?.id ?? null;
    return outcome;
  } catch (error) {
    // Offline: the reminder time is saved anyway; keepNotificationsReaching() finishes the job.
    if (error instanceof NetworkError) return 'offline';
    console.warn('Turning on notifications failed', error);
    return 'failed';
  }
}

async function reminderOnHere() {
  const [items, profile] = await Promise.all([listItems(), getProfile()]);
  return anyReminderOn(items, profile);
}

export async function keepNotificationsReaching() {
  const user = await currentUser();
  if (user?.role !== 'patient' || reminderSupport() !== 'granted') return;
  try {
    // Signing out unsubscribes this browser (auth.js), so a subscription gone means send it again.
    if (keptForUserId === user.id && (await push.isSubscribed())) return;
    if (!(await reminderOnHere())) return;
    if (await push.keep()) keptForUserId = user.id;
  } catch {
    // Offline or the server is busy: tried again after the next sync.
  }
}

export async function saveReminderSettings({ bedtime, morning_reminder_at: morning }) {
  const before = await getProfile();
  const fields = {};
  if (bedtime !== undefined) fields.bedtime = clockTime(bedtime);
  if (morning !== undefined) fields.morning_reminder_at = clockTime(morning);
  const profile = await saveProfile(fields);
  let moved = 0;
  if (bedtime !== undefined && fields.bedtime !== clockTime(before?.bedtime)) {
    // A bedtime step reminding at the time the app chose for it follows the new bedtime; one the
    // patient gave a time of its own keeps it.
    for (const item of await listItems()) {
      if (item.schedule !== 'bedtime' || clockTime(item.reminder_at) !== defaultReminderTime(item, before)) continue;
      const next = defaultReminderTime(item, profile);
      if (next === clockTime(item.reminder_at)) continue;
      await setReminder(item.id, next);
      moved += 1;
    }
  }
  return { profile, moved };
}
