// bedside.js: the night screen. One big "Cramp now" button: one tap saves a draft cramp on this
// phone at once and starts a timer with the stretch for the muscle; muscle, side and pain are one
// tap each, remembered from last time; "It's over" saves the end. Details wait for the morning.

import { userTimeZone } from '../data/account.js';
import { endEpisode, listEpisodes, runningEpisode, startEpisode, updateEpisode } from '../data/episodes.js';
import { getBedsideChoices, rememberBedsideChoices } from '../data/preferences.js';
import { getReference, labelFor, options } from '../data/reference.js';
import { localParts, nightOf } from '../data/time.js';
import { getWarnings } from '../data/warnings.js';
import { choiceGroup } from '../ui/choices.js';
import { clear, h } from '../ui/dom.js';
import { formatClock, formatDuration, formatTime } from '../ui/format.js';
import { stretchDrawing, stretchFor } from '../ui/stretch.js';

const SEVERITIES = Array.from({ length: 11 }, (_, value) => ({ code: value, label: String(value) }));

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

export async function render({ root }) {
  const [reference, timeZone] = await Promise.all([getReference(), userTimeZone()]);
  let choices = await getBedsideChoices();
  let episode = await runningEpisode();
  let ticker = null;
  let lastSaved = null;

  const screen = h('section', { class: 'bedside' });
  root.append(screen);

  function stopTicker() {
    clearInterval(ticker);
    ticker = null;
  }

  async function choose(field, value) {
    choices = await rememberBedsideChoices({ [field]: value });
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
      h('p', { class: 'bedside-status', role: 'status' }, lastSaved ? savedSummary(lastSaved, reference) : ''),
      crampNow,
      h(
        'p',
        { class: 'bedside-note' },
        count === 0
          ? `No cramps logged ${night}.`
          : `${night.charAt(0).toUpperCase()}${night.slice(1)}: ${count} ${count === 1 ? 'cramp' : 'cramps'} logged.`,
      ),
      lastSaved
        ? h('p', {}, h('a', { class: 'button-link', href: `#/diary/${lastSaved.id}` }, 'Add details now'))
        : null,
      h('p', { class: 'hint' }, 'One tap saves the cramp on this phone and starts a timer. Details can wait until morning.'),
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
      className: 'muscle-choices',
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
      className: 'row-choices',
      onChange: (value) => choose('side', value),
    });
    const severity = choiceGroup({
      legend: 'How bad, 0 (no pain) to 10 (worst)',
      name: 'severity',
      options: SEVERITIES,
      value: episode.severity ?? null,
      className: 'severity-choices',
      onChange: (value) => choose('severity', Number(value)),
    });
    clear(
      screen,
      h('h1', { class: 'bedside-title' }, 'Cramp'),
      h('p', { class: 'bedside-status', role: 'status' }, `Saved on this phone. Started at ${formatTime(episode.started_at)}.`),
      clock,
      over,
      stretch,
      muscle,
      side,
      severity,
    );
    over.focus();
  }

  async function begin() {
    // Saved before anything else shows: if the phone sleeps now, the cramp is already kept.
    episode = await startEpisode(choices);
    lastSaved = null;
    showRunning();
  }

  async function finish() {
    stopTicker();
    lastSaved = await endEpisode(episode.id);
    episode = null;
    await showIdle({ focus: true });
  }

  if (episode) showRunning();
  else await showIdle();
  return stopTicker;
}
