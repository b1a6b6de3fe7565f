// welcome.js: the first screen after a patient signs up. A few next steps, each optional: add
// starter steps to the care plan (one tap each), list medicines, put CrampCare on the home
// screen, and try the bedside screen.

import { listItems } from '../data/careplan.js';
import { onDataChange } from '../data/live.js';
import { getReference } from '../data/reference.js';
import { clear, h, rerender } from '../ui/dom.js';
import { installState, onInstallStateChange, promptInstall } from '../ui/install.js';
import { flash } from '../ui/notices.js';
import { starterList, startersNotInPlan } from './care-plan.js';

const INSTALL_TEXT = {
  installed: 'CrampCare is on your home screen. It opens like an app and works offline.',
  prompt: 'Put CrampCare on your home screen: it then opens in one tap at night, like an app, even offline.',
  ios: 'In Safari, tap the Share button (a square with an arrow), then "Add to Home Screen".',
  manual: 'In your browser’s menu, choose "Install app" or "Add to Home screen". CrampCare then opens in one tap, even offline.',
};

function installStep() {
  const text = h('p', {});
  const button = h('button', { type: 'button', class: 'primary' }, 'Install CrampCare');
  button.addEventListener('click', async () => {
    const outcome = await promptInstall();
    if (outcome === 'accepted') flash('CrampCare is being added to your home screen.');
  });
  const show = (state) => {
    text.textContent = INSTALL_TEXT[state];
    button.hidden = state !== 'prompt';
  };
  show(installState());
  const stop = onInstallStateChange(show);
  return { element: h('li', {}, h('h2', { id: 'install-title' }, 'Put it on your home screen'), text, button), stop };
}

export async function render({ root, user }) {
  const planStep = h('li', {});
  const install = installStep();

  async function drawPlan() {
    const [reference, items] = await Promise.all([getReference(), listItems()]);
    const starters = startersNotInPlan(reference.care_plan_starters ?? [], items);
    const added = items.filter((item) => item.status !== 'stopped');
    rerender(root, () =>
      clear(
        planStep,
        h('h2', { id: 'plan-step-title' }, 'Start a care plan'),
        h('p', {}, 'Simple steps that may help. Add the ones you want to try; you tick them off on Today.'),
        starters.length
          ? starterList(starters)
          : h('p', { class: 'hint' }, reference.care_plan_starters?.length ? 'All the suggested steps are in your plan.' : 'Suggestions appear here once the app has synced.'),
        added.length ? h('p', { class: 'hint' }, `${added.length} ${added.length === 1 ? 'step' : 'steps'} in your plan.`) : null,
      ),
    );
  }

  root.append(
    h('h1', {}, `Welcome, ${user.display_name}`),
    h('p', { class: 'lead' }, 'Your diary is ready, and it works offline. A few things you can do now, or later:'),
    h(
      'ol',
      { class: 'welcome-steps' },
      planStep,
      h(
        'li',
        {},
        h('h2', { id: 'medicines-step-title' }, 'Your medicines'),
        h('p', {}, 'Some medicines are linked to cramps. Listing yours helps the app and your care team notice it.'),
        h('div', { class: 'actions' }, h('a', { class: 'button-link', href: '#/account' }, 'Add medicines'), h('a', { class: 'button-link', href: '#/bedside' }, 'Skip for now')),
      ),
      install.element,
      h(
        'li',
        {},
        h('h2', { id: 'bedside-step-title' }, 'Try the bedside screen'),
        h('p', {}, 'When a cramp wakes you, open CrampCare and tap "Cramp now". Details can wait until morning. A mistaken tap can be discarded.'),
        h('p', {}, h('a', { class: 'button-link primary-link', href: '#/bedside' }, 'Go to the bedside screen')),
      ),
    ),
  );
  await drawPlan();
  const stopData = onDataChange(() => drawPlan());
  return () => {
    stopData();
    install.stop();
  };
}
