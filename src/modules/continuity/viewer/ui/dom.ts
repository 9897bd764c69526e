/**
 * A tiny element builder. Text always goes in as text nodes, never as HTML, so a patient name or a
 * note holding markup shows as typed and cannot run as script.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Handler>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child as string | number)));
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A button that looks like a link: keyboard-reachable, activated with Enter or Space. */
export function linkButton(label: Child, onActivate: () => void, props: Props = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'link', ...props, onclick: () => onActivate() }, label);
}

export function button(label: Child, onActivate: () => void, props: Props = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...props, onclick: () => onActivate() }, label);
}

let fieldCounter = 0;

/** A labelled form field; the label is tied to the control by id so assistive technology reads it. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
) {
  fieldCounter += 1;
  control.id ||= `field-${fieldCounter}`;
  const hintId = hint === undefined ? null : `${control.id}-hint`;
  if (hintId !== null) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hintId === null ? null : h('span', { class: 'hint', id: hintId }, hint),
  );
}
