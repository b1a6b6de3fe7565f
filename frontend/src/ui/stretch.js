// stretch.js: what to do while a cramp lasts, per muscle: a few plain words and a simple drawing.
// Our own words; they describe a stretch, never a diagnosis. At night, seated or lying first: a
// standing stretch, half awake and in pain, risks a fall, so it is only ever the alternative.
//
//   STRETCHES = {muscle: {title, steps, drawing: {label, paths, heads: [[cx, cy]]}}}
//   stretchFor(muscle) -> one of STRETCHES (calf when unknown: by far the most common)
//   stretchDrawing(muscle) -> <svg role="img"> with a <title>

import { h } from './dom.js';

const GROUND = 'M4 76H116';

export const STRETCHES = {
  calf: {
    title: 'Calf stretch',
    steps: 'Sit with the leg straight out. Pull your toes toward you, with a towel if you need one. Hold until the muscle lets go.',
    drawing: {
      label: 'A person sitting with one leg straight, pulling the toes toward them.',
      heads: [[22, 24]],
      paths: [GROUND, 'M23 32L29 70', 'M29 70H94', 'M94 70L100 56', 'M25 42Q62 46 98 56', 'M108 58a10 10 0 0 0-8-14m0 0l5-1m-5 1l1 5'],
    },
  },
  foot: {
    title: 'Foot stretch',
    steps: 'Sitting or lying, pull your toes up toward your shin and rub the arch gently. If you are steady on your feet, you can also stand and press the foot flat on the floor.',
    drawing: {
      label: 'A foot with the toes pulled up toward the shin.',
      heads: [],
      paths: [GROUND, 'M40 6V56', 'M56 6V52', 'M40 56Q40 70 52 70H92Q100 70 104 58', 'M56 52Q60 62 70 62', 'M112 50a12 12 0 0 0-12-12m0 0l5-2m-5 2l3 4'],
    },
  },
  shin: {
    title: 'Shin stretch',
    steps: 'Sitting or lying, point your toes away from you and gently press the top of the foot down. Hold it.',
    drawing: {
      label: 'A lower leg with the toes pointed away and down.',
      heads: [],
      paths: [GROUND, 'M44 6V50', 'M60 6V50', 'M44 50Q44 60 56 66L92 72', 'M60 50Q62 56 94 66', 'M98 46a12 12 0 0 1 4 14m0 0l-5 0m5 0l1-5'],
    },
  },
  hamstrings: {
    title: 'Back of thigh stretch',
    steps: 'Sit with the leg straight out. Lean forward from the hips, back straight, until the back of the thigh pulls.',
    drawing: {
      label: 'A person sitting with one leg straight, leaning forward toward the foot.',
      heads: [[44, 36]],
      paths: [GROUND, 'M38 42L26 70', 'M26 70H94', 'M94 70L98 58', 'M37 48L72 64'],
    },
  },
  quadriceps: {
    title: 'Front of thigh stretch',
    steps: 'Lie on your side, bend the top knee and hold that ankle, bringing the foot toward your bottom. Standing by a chair or a wall works too, once you are steady.',
    drawing: {
      label: 'A person lying on their side, holding the ankle of the bent top leg behind them.',
      heads: [[16, 60]],
      paths: [GROUND, 'M24 62H64', 'M64 62L104 66', 'M64 62L90 54L70 46', 'M34 62L70 46'],
    },
  },
  other: {
    title: 'Ease the muscle',
    steps: 'Sitting or lying, gently stretch the tight muscle the other way and rub it. Once it eases and you are steady, a few steps can help.',
    drawing: {
      label: 'A leg with hands rubbing the tight muscle.',
      heads: [],
      paths: [GROUND, 'M44 6V70', 'M62 6V70', 'M44 70H80', 'M24 30q6-4 12 0t12 0', 'M66 40q6-4 12 0t12 0', 'M24 50q6-4 12 0t12 0'],
    },
  },
};

export function stretchFor(muscle) {
  return STRETCHES[muscle] ?? STRETCHES.calf;
}

export function stretchDrawing(muscle) {
  const { drawing } = stretchFor(muscle);
  return h(
    'svg:svg',
    { class: 'stretch-drawing', viewBox: '0 0 120 80', role: 'img', 'aria-label': drawing.label },
    h('svg:title', {}, drawing.label),
    drawing.heads.map(([cx, cy]) => h('svg:circle', { cx, cy, r: 7 })),
    drawing.paths.map((d) => h('svg:path', { d })),
  );
}
