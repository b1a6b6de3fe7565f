// fake-dom.js: just enough of a DOM for ui/dom.js `h` to build a view in Node, and for a test to
// find a control, type into it, tap it or submit its form. Not a browser: no layout, no CSS
// selectors beyond a bare tag name, no bubbling.
//
//   installFakeDom(vi) -> document   stubs `document` and `Node` (undo: vi.unstubAllGlobals())
//   findAll(root, test) -> [element]   every descendant for which test(element) is true
//   find(root, test) -> element        the first one; throws when there is none
//   textOf(element) -> string          its text, children included
//   fire(element, type) -> Promise     runs the element's listeners for `type` with an event
//       whose preventDefault is recorded (event.defaultPrevented); the promise settles when
//       every listener's returned promise has, so a test can await an async handler

class FakeNode {}

class FakeText extends FakeNode {
  constructor(text) {
    super();
    this.textContent = text;
    this.children = [];
  }
}

class FakeElement extends FakeNode {
  constructor(document, tag) {
    super();
    this.ownerDocument = document;
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.dataset = {};
    this.childNodes = [];
    this.listeners = new Map();
    if (['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(this.tagName)) this.value = '';
  }

  get children() {
    return this.childNodes.filter((node) => node instanceof FakeElement);
  }

  get textContent() {
    return this.childNodes.map((node) => node.textContent).join('');
  }

  set textContent(text) {
    this.childNodes = [new FakeText(String(text))];
  }

  get name() {
    return this.attributes.get('name');
  }

  get className() {
    return this.attributes.get('class') ?? '';
  }

  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }

  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }

  hasAttribute(name) {
    return this.attributes.has(name);
  }

  append(...nodes) {
    for (const node of nodes) this.childNodes.push(node instanceof FakeNode ? node : new FakeText(String(node)));
  }

  replaceChildren(...nodes) {
    this.childNodes = [];
    this.append(...nodes);
  }

  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }

  focus() {
    this.ownerDocument.activeElement = this;
  }

  querySelector(tag) {
    return findAll(this, (element) => element.tagName === tag.toUpperCase())[0] ?? null;
  }
}

export function installFakeDom(vi) {
  const document = {
    activeElement: null,
    createElement: (tag) => new FakeElement(document, tag),
    createElementNS: (_namespace, tag) => new FakeElement(document, tag),
  };
  vi.stubGlobal('Node', FakeNode);
  vi.stubGlobal('document', document);
  return document;
}

export function findAll(root, test) {
  const found = [];
  for (const child of root.children ?? []) {
    if (test(child)) found.push(child);
    found.push(...findAll(child, test));
  }
  return found;
}

export function find(root, test) {
  const [element] = findAll(root, test);
  if (!element) throw new Error('no such element');
  return element;
}

export function textOf(element) {
  return element.textContent;
}

export function fire(element, type) {
  const event = {
    type,
    target: element,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
  const results = (element.listeners.get(type) ?? []).map((listener) => listener(event));
  return Object.assign(Promise.all(results).then(() => event), { event });
}
