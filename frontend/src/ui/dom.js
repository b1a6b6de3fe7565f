// dom.js: a tiny element builder, so views read as a tree of what the person sees.
//
//   h(tag, attributes?, ...children) -> Element
//     attributes: plain attributes; `class`; `hidden`/`disabled`/`checked`... as booleans;
//                 `on: {click: fn}` for listeners; `dataset: {...}`; `text` for textContent.
//     children: Nodes, strings, numbers, arrays of them; null/false are skipped.
//   clear(node, ...children) -> node        replaces all children
//   uid(prefix) -> a unique id for label/aria wiring
//   rerender(root, build) -> runs build() and puts the focus back on the same control

const BOOLEAN_ATTRIBUTES = new Set(['hidden', 'disabled', 'checked', 'required', 'selected', 'readonly', 'open']);

function appendChildren(node, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) appendChildren(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

export function h(tag, attributes = {}, ...children) {
  const isSvg = tag.startsWith('svg:');
  const node = isSvg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  if (attributes instanceof Node || typeof attributes === 'string' || Array.isArray(attributes)) {
    children.unshift(attributes);
    attributes = {};
  }
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name === 'on') {
      for (const [type, listener] of Object.entries(value)) node.addEventListener(type, listener);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'text') {
      node.textContent = value;
    } else if (name === 'value' && !isSvg && 'value' in node) {
      node.value = value;
    } else if (BOOLEAN_ATTRIBUTES.has(name)) {
      if (value) node.setAttribute(name, '');
      if (name === 'checked' || name === 'selected') node[name] = Boolean(value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  appendChildren(node, children);
  return node;
}

export function clear(node, ...children) {
  node.replaceChildren();
  appendChildren(node, children);
  return node;
}

let counter = 0;
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

// Re-rendering a screen under someone's finger must not throw their focus back to the top:
// the control they were on is found again by id, data-key, or name + value.
function focusSelector(element) {
  if (element.id) return `#${CSS.escape(element.id)}`;
  if (element.dataset?.key) return `[data-key="${CSS.escape(element.dataset.key)}"]`;
  if (element.name) return `[name="${CSS.escape(element.name)}"][value="${CSS.escape(element.value ?? '')}"]`;
  return null;
}

export function rerender(root, build) {
  const active = document.activeElement;
  const selector = active && active !== root && root.contains(active) ? focusSelector(active) : null;
  build();
  if (selector) root.querySelector(selector)?.focus();
}
