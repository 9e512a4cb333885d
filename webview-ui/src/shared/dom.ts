/**
 * The only way the front ends build DOM: elements by tag, attributes by setAttribute, and every
 * string child as a Text node. Nothing is ever parsed as HTML, so text from a model or a file
 * (`<img onerror=…>`, `</script>`) shows as the characters it is.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attribute values are never parsed; event-handler attributes (on…) are refused. */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Listeners by event name. */
  on?: Record<string, (event: Event) => void>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`h(): event-handler attribute '${name}' refused; use 'on'`);
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [event, listener] of Object.entries(props?.on ?? {})) el.addEventListener(event, listener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
