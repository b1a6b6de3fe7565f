// bedside.js: the night screen. One big "Cramp now" button: one tap saves a draft cramp on this
// phone at once and starts a timer. Right under the timer, visible without scrolling on a phone:
// muscle and side (remembered from last time, shown as chosen) and pain ("not rated" until
// tapped; never carried over). Then "It's over", which saves the end, "Not a cramp: discard"
// (two taps), which removes a mis-tap, and the stretch for the muscle. Details wait for the morning.
// `#/bedside?start=1` (the manifest's "Cramp now" shortcut) opens straight into a running cramp.

import { userTimeZone } from '../data/account.js';
import { deleteEpisode, endEpisode, listEpisodes, runningEpisode, startEpisode, updateEpisode } from '../data/episodes.js';
import { getBedsideChoices, rememberBedsideChoices } from '../data/preferences.js';
import { getReference, labelFor, options } from '../data/reference.js';
import { localParts, nightOf } from '../data/time.js';
import { getWarnings } from '../data/warnings.js';
import { choiceGroup } from '../ui/choices.js';
import { clear, h } from '../ui/dom.js';
import { formatClock, formatDuration, formatTime } from '../ui/format.js';
import { stretchDrawing, stretchFor } from '../ui/stretch.js';

const SEVERITIES = Array.from({ length: 11 }, (_, value) => ({ code: value, label: String(value) }));

export function painWords(severity) {
  return severity === null || severity === undefined ? 'not rated' : `${severity} of 10`;
}

export function elapsedSeconds(episode, now = Date.now()) {
  return Math.max(0, (now - Date.parse(episode.started_at)) / 1000);
}

export function savedSummary(episode, reference) {
  const parts = [labelFor(reference, 'muscles', episode.muscle), labelFor(reference, 'sides', episode.side)]
    .filter(Boolean)
    .join(', ');
  const seconds = episode.ended_at ? (Date.parse(episode.ended_at) - Date.parse(episode.started_at)) / 1000 : null;
  const duration = seconds === null ? '' : ` It lasted ${formatDuration(seconds)}.`;
  return `Saved${parts ? `: ${parts.toLowerCase()}` : ''}.${duration}`;
}

// Before dawn it is still "tonight"; in the morning the same night is "last night".
export function nightWord(hour) {
  return hour >= 5 && hour < 12 ? 'last night' : 'tonight';
}

async function tonightCount(timeZone) {
  const tonight = nightOf(new Date(), timeZone);
  return (await listEpisodes({ from: tonight, to: tonight })).length;
}

export async function render({ root, query = {}, navigate }) {
  const [reference, timeZone] = await Promise.all([getReference(), userTimeZone()]);
  let choices = await getBedsideChoices();
  let episode = await runningEpisode();
  let ticker = null;
  let lastSaved = null;
  let statusMessage = null;

  const screen = h('section', { class: 'bedside' });
  root.append(screen);

  function stopTicker() {
    clearInterval(ticker);
    ticker = null;
  }

  async function choose(field, value) {
    // Muscle and side are remembered for the next cramp; pain belongs to this cramp only.
    if (field !== 'severity') choices = await rememberBedsideChoices({ [field]: value });
    if (episode) episode = await updateEpisode(episode.id, { [field]: value });
  }

  async function showIdle({ focus = false } = {}) {
    stopTicker();
    const [count, warnings] = await Promise.all([tonightCount(timeZone), getWarnings()]);
    const urgent = warnings.some((warning) => warning.level === 'urgent');
    const night = nightWord(localParts(new Date(), timeZone).hour);
    const crampNow = h(
      'button',
      {
        type: 'button',
        class: 'cramp-now',
        on: {
          click: (event) => {
            event.currentTarget.disabled = true; // a second tap must not start a second cramp
            begin();
          },
        },
      },
      'Cramp now',
    );
    clear(
      screen,
      h('h1', { class: 'bedside-title' }, 'Bedside'),
      h('p', { class: 'bedside-status', role: 'status' }, statusMessage ?? (lastSaved ? savedSummary(lastSaved, reference) : '')),
      crampNow,
      h(
        'p',
        { class: 'bedside-note' },
        count === 0
          ? `No cramps logged ${night}.`
          : `${night.charAt(0).toUpperCase()}${night.slice(1)}: ${count} ${count === 1 ? 'cramp' : 'cramps'} logged.`,
      ),
      lastSaved
        ? h(
            'div',
            { class: 'actions bedside-after' },
            h('a', { class: 'button-link', href: `#/diary/${lastSaved.id}` }, 'Add details now'),
            discardButton(lastSaved),
          )
        : null,
      h('p', { class: 'hint' }, 'One tap saves the cramp on this device and starts a timer. Details can wait until morning.'),
      urgent ? h('p', { class: 'bedside-warning' }, h('a', { href: '#/today' }, 'A warning sign needs your attention: see Today')) : null,
    );
    if (focus) crampNow.focus();
  }

  function stretchSection() {
    const stretch = stretchFor(episode.muscle ?? choices.muscle);
    return h(
      'section',
      { class: 'stretch', 'aria-labelledby': 'stretch-title' },
      h('h2', { id: 'stretch-title' }, stretch.title),
      stretchDrawing(episode.muscle ?? choices.muscle),
      h('p', {}, stretch.steps),
    );
  }

  // Two taps, in place: "Not a cramp" sits under "It's over", and a real cramp must never be lost
  // to a slip of the finger in the dark. The second tap must come within a few seconds.
  function discardButton(record) {
    const label = 'Not a cramp: discard';
    let disarm = null;
    const button = h('button', { type: 'button', class: 'discard' }, label);
    button.addEventListener('click', () => {
      if (!button.dataset.armed) {
        button.dataset.armed = '1';
        button.textContent = 'Tap again to discard it';
        disarm = setTimeout(() => {
          delete button.dataset.armed;
          button.textContent = label;
        }, 5000);
        return;
      }
      clearTimeout(disarm);
      button.disabled = true;
      discard(record);
    });
    return button;
  }

  function showRunning() {
    const clock = h('p', { class: 'timer', role: 'timer', 'aria-label': 'Time since the cramp started' }, formatClock(elapsedSeconds(episode)));
    const tick = () => {
      clock.textContent = formatClock(elapsedSeconds(episode));
    };
    stopTicker();
    ticker = setInterval(tick, 1000);
    const over = h(
      'button',
      {
        type: 'button',
        class: 'over',
        on: {
          click: (event) => {
            event.currentTarget.disabled = true;
            finish();
          },
        },
      },
      "It's over",
    );
    let stretch = stretchSection();
    const muscle = choiceGroup({
      legend: 'Where',
      name: 'muscle',
      options: options(reference, 'muscles'),
      value: episode.muscle ?? null,
      className: 'muscle-choices compact-choices',
      onChange: async (value) => {
        await choose('muscle', value);
        const next = stretchSection();
        stretch.replaceWith(next);
        stretch = next;
      },
    });
    const side = choiceGroup({
      legend: 'Which leg',
      name: 'side',
      options: options(reference, 'sides'),
      value: episode.side ?? null,
      className: 'row-choices compact-choices',
      onChange: (value) => choose('side', value),
    });
    const painState = h('span', { class: 'pain-state' }, painWords(episode.severity));
    const severity = choiceGroup({
      legend: h('span', {}, 'Pain, 0 (none) to 10 (worst): ', painState),
      name: 'severity',
      options: SEVERITIES,
      value: episode.severity ?? null,
      className: 'severity-choices compact-choices',
      onChange: async (value) => {
        await choose('severity', Number(value));
        painState.textContent = painWords(Number(value));
      },
    });
    clear(
      screen,
      h(
        'div',
        { class: 'running-head' },
        h('h1', { class: 'bedside-title' }, 'Cramp'),
        h('p', { class: 'bedside-status', role: 'status' }, `Saved on this device. Started at ${formatTime(episode.started_at)}.`),
      ),
      clock,
      muscle,
      side,
      severity,
      over,
      discardButton(episode),
      stretch,
    );
    over.focus({ preventScroll: true });
  }

  async function begin() {
    // Saved before anything else shows: if the phone sleeps now, the cramp is already kept.
    episode = await startEpisode(choices);
    lastSaved = null;
    statusMessage = null;
    showRunning();
  }

  async function finish() {
    stopTicker();
    lastSaved = await endEpisode(episode.id);
    statusMessage = null;
    episode = null;
    await showIdle({ focus: true });
  }

  async function discard(record) {
    stopTicker();
    await deleteEpisode(record.id);
    episode = null;
    lastSaved = null;
    statusMessage = 'Discarded: nothing was kept.';
    await showIdle({ focus: true });
  }

  if (query.start && navigate) {
    // The shortcut's URL must not start a second cramp on a reload: it is replaced at once.
    history.replaceState(null, '', '#/bedside');
    if (!episode) episode = await startEpisode(choices);
  }
  if (episode) showRunning();
  else await showIdle();
  return stopTicker;
}
