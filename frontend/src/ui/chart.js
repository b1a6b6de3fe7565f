// chart.js: a hand-rolled SVG bar chart (smaller than any chart library), with the same numbers
// as a table for screen readers and for anyone who prefers figures.
//
//   barChart({title, bars: [{label, value}], unit, maxValue?, describe}) -> <figure>
//     value null draws no bar ("no data"), 0 draws a baseline tick

import { h } from './dom.js';

const WIDTH = 360;
const HEIGHT = 180;
const PAD = { top: 16, right: 8, bottom: 28, left: 28 };

function niceMax(value) {
  if (value <= 5) return 5;
  if (value <= 10) return 10;
  return Math.ceil(value / 5) * 5;
}

export function barChart({ title, bars, unit, maxValue, describe }) {
  const max = maxValue ?? niceMax(Math.max(0, ...bars.map((bar) => bar.value ?? 0)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, bars.length);
  const barWidth = Math.max(4, slot * 0.62);
  const y = (value) => PAD.top + plotHeight - (value / max) * plotHeight;

  const svg = h(
    'svg:svg',
    { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': describe },
    h('svg:title', {}, describe),
    [0, max / 2, max].map((tick) => [
      h('svg:line', { class: 'chart-grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick) }),
      h('svg:text', { class: 'chart-axis', x: PAD.left - 4, y: y(tick) + 4, 'text-anchor': 'end' }, String(tick)),
    ]),
  );
  bars.forEach((bar, index) => {
    const x = PAD.left + slot * index + (slot - barWidth) / 2;
    if (bar.value !== null && bar.value !== undefined) {
      const top = y(bar.value);
      svg.append(
        h('svg:rect', {
          class: 'chart-bar',
          x: x.toFixed(1),
          y: top.toFixed(1),
          width: barWidth.toFixed(1),
          height: Math.max(1, PAD.top + plotHeight - top).toFixed(1),
        }),
      );
    }
    // Every other label, so they never overlap on a narrow phone.
    if (index % 2 === (bars.length - 1) % 2) {
      svg.append(
        h('svg:text', { class: 'chart-axis', x: (x + barWidth / 2).toFixed(1), y: HEIGHT - 8, 'text-anchor': 'middle' }, bar.label),
      );
    }
  });

  const table = h(
    'table',
    {},
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Week of'), h('th', { scope: 'col' }, unit))),
    h(
      'tbody',
      {},
      bars.map((bar) => h('tr', {}, h('th', { scope: 'row' }, bar.label), h('td', {}, bar.value ?? '–'))),
    ),
  );
  return h(
    'figure',
    { class: 'chart-figure' },
    h('figcaption', {}, title),
    svg,
    h('details', {}, h('summary', {}, 'Show as a table'), table),
  );
}
