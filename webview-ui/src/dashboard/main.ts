// The dashboard webview: one client's history (ClientPage) or every client in a row
// (OverviewPage), with a client picker above both. Everything it shows arrives as messages
// validated against src/protocol/dashboard.ts and is drawn as text; charts are uPlot canvases.
import '../shared/jitless';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { dashboardProtocol, type ClientRef, type DashboardProtocol } from '../../../src/protocol/dashboard';
import { h, replace } from '../shared/dom';
import { connect } from '../shared/connection';
import { StateSaver } from '../shared/stateSaver';
import { installChartStyles } from './charts';
import { ClientPage, type ClientPageState } from './clientPage';
import { OverviewPage } from './overviewPage';
import { hide as hideTooltip } from './tooltip';

/** What survives the panel being hidden: which page, its scroll position, open tables, the form. */
interface SavedState {
  version: 1;
  mode?: 'client' | 'overview';
  clientId?: string;
  /** Scroll position per page ('overview' or a client id). */
  scroll: Record<string, number>;
  client?: ClientPageState & { clientId: string };
}

const OVERVIEW = '';

installChartStyles();
const app = document.getElementById('app')!;
const picker = h('vscode-single-select', { attrs: { id: 'client-picker', 'aria-label': 'Client' }, on: { change: () => pick() } }) as VscodeSingleSelect;
const toolbar = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Dashboard' } }, h('vscode-label', { attrs: { for: 'client-picker' } }, 'Client'), picker);
const content = h('main', { class: 'content' });
let clientPage: ClientPage | undefined;
let overviewPage: OverviewPage | undefined;
let mode: SavedState['mode'];
/** Pages whose saved scroll position was put back since this document loaded. */
const restored = new Set<string>();
let pickerValue: string | undefined;

const connection = connect<DashboardProtocol, SavedState>(dashboardProtocol, {
  showClient: ({ dashboard, clients }) => {
    clientPage ??= new ClientPage(connection.endpoint, state.save);
    const saved = state.saved();
    const keep = mode === 'client' && clientPage.clientId === dashboard.client.id ? app.scrollTop : undefined;
    show('client', clientPage.element, dashboard.client.id, clients);
    clientPage.show(dashboard, saved?.client && saved.client.clientId === dashboard.client.id ? saved.client : undefined);
    scrollTo(dashboard.client.id, keep);
  },
  showOverview: ({ rows, clients, now }) => {
    overviewPage ??= new OverviewPage(connection.endpoint);
    const keep = mode === 'overview' ? app.scrollTop : undefined;
    show('overview', overviewPage.element, undefined, clients);
    overviewPage.show(rows, now);
    scrollTo('overview', keep);
  },
});

function show(next: 'client' | 'overview', page: HTMLElement, clientId: string | undefined, clients: ClientRef[]): void {
  hideTooltip();
  mode = next;
  if (content.firstElementChild !== page) replace(content, page);
  app.removeAttribute('aria-busy');
  app.dataset.mode = next;
  if (clientId) app.dataset.client = clientId;
  else delete app.dataset.client;
  setPicker(clients, clientId ?? OVERVIEW);
  state.save();
}

function setPicker(clients: ClientRef[], value: string): void {
  const options = [{ id: OVERVIEW, name: 'All clients', broken: false }, ...clients];
  const signature = JSON.stringify(options);
  if (picker.dataset.options !== signature) {
    picker.dataset.options = signature;
    picker.replaceChildren(...options.map((c) => h('vscode-option', { attrs: { value: c.id } }, c.broken ? `${c.name} (client.yaml has problems)` : c.name)));
  }
  pickerValue = value;
  picker.value = value;
}

function pick(): void {
  const value = picker.value;
  if (value === pickerValue) return;
  pickerValue = value;
  if (value === OVERVIEW) connection.endpoint.notify('showOverview', {});
  else connection.endpoint.notify('selectClient', { clientId: value });
}

/** The same page redrawn keeps its position; a page shown for the first time since loading gets back its saved one. */
function scrollTo(key: string, keep: number | undefined): void {
  if (keep !== undefined) {
    app.scrollTop = keep;
  } else if (!restored.has(key)) {
    app.scrollTop = state.saved()?.scroll[key] ?? 0;
  } else {
    app.scrollTop = 0;
  }
  restored.add(key);
}

const state = new StateSaver<SavedState>(connection, 1, (before) => {
  const key = mode === 'client' ? clientPage?.clientId : 'overview';
  const scroll = { ...(before?.scroll ?? {}), ...(key ? { [key]: app.scrollTop } : {}) };
  const client = clientPage?.clientId ? { clientId: clientPage.clientId, ...clientPage.state } : before?.client;
  return { version: 1, mode, clientId: clientPage?.clientId, scroll, client };
});

// The theme changed (VS Code switches the body's class and the colour variables): the charts are
// canvases, so they read their colours again.
let themeFrame = 0;
const retheme = () => {
  cancelAnimationFrame(themeFrame);
  themeFrame = requestAnimationFrame(() => clientPage?.rebuildCharts());
};
new MutationObserver(retheme).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
new MutationObserver(retheme).observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

app.addEventListener('scroll', () => {
  hideTooltip();
  state.save();
});
replace(app, toolbar, content);
connection.endpoint.notify('ready', {});
