/** Small pieces the results, comparison and candidate views all draw: metrics, deltas, badges, buttons, text blocks. */
import { h, type Child } from './dom';

export function metric(label: string, ...value: Child[]): HTMLElement {
  return h('div', { class: 'metric' }, h('dt', null, label), h('dd', null, ...value));
}

export function delta(x: number, text: string, suffix: string): HTMLElement {
  const tone = Math.abs(x) < 1e-9 ? 'same' : x > 0 ? 'up' : 'down';
  return h('span', { class: `delta ${tone}` }, `${text} ${suffix}`);
}

export function badge(text: string, tone = ''): HTMLElement {
  return h('span', { class: `badge ${tone}` }, text);
}

export function button(label: string, onClick: () => void, action: string, secondary = false): HTMLElement {
  return h('vscode-button', { attrs: { secondary, 'data-action': action }, on: { click: onClick } }, label);
}

export function pre(content: string | DocumentFragment, part: string): HTMLElement {
  return h('pre', { class: `text ${part}`, attrs: { 'data-part': part } }, content);
}
