/**
 * One tooltip for the whole page, shown next to an element on hover and on keyboard focus, and
 * hidden on leave, blur or Escape. Its text is set as text. The element also gets the text as its
 * accessible description (aria-describedby on a hidden copy inside it: hidden, so it is not part of
 * the element's name), so a screen reader reads it without the tooltip.
 */
let tip: HTMLElement | undefined;
let owner: HTMLElement | undefined;
let counter = 0;

function element(): HTMLElement {
  if (!tip) {
    tip = document.createElement('div');
    tip.className = 'tooltip';
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    document.body.append(tip);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') hide();
    });
  }
  return tip;
}

function show(target: HTMLElement, lines: readonly string[]): void {
  const t = element();
  t.replaceChildren(...lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })));
  t.hidden = false;
  owner = target;
  const r = target.getBoundingClientRect();
  const w = t.offsetWidth;
  const h = t.offsetHeight;
  const left = Math.max(4, Math.min(window.innerWidth - w - 4, r.left + r.width / 2 - w / 2));
  const below = r.bottom + 6 + h < window.innerHeight;
  t.style.left = `${left}px`;
  t.style.top = `${below ? r.bottom + 6 : Math.max(4, r.top - h - 6)}px`;
}

export function hide(): void {
  if (tip) tip.hidden = true;
  owner = undefined;
}

/** Gives `target` a tooltip of one or more lines; returns the target. */
export function withTip<T extends HTMLElement>(target: T, lines: string | readonly string[]): T {
  const all = typeof lines === 'string' ? [lines] : lines;
  const described = document.createElement('span');
  described.hidden = true;
  described.id = `tip-${++counter}`;
  described.textContent = all.join(' ');
  target.append(described);
  target.setAttribute('aria-describedby', described.id);
  target.dataset.tip = all.join('\n');
  const open = () => show(target, all);
  const close = () => {
    if (owner === target) hide();
  };
  target.addEventListener('mouseenter', open);
  target.addEventListener('focus', open);
  target.addEventListener('mouseleave', close);
  target.addEventListener('blur', close);
  return target;
}
