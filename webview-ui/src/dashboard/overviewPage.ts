import type { DashboardProtocol, OverviewRowView } from '../../../src/protocol/dashboard';
import { hoursStatus } from '../../../src/core/analysis/nextActions';
import type { Endpoint } from '../../../src/protocol/rpc';
import { h, replace } from '../shared/dom';
import { DRIFT, healthBadges } from './clientPage';
import { ago, dateTime, hours, monthName, plural } from './format';
import { withTip } from './tooltip';

type Host = Endpoint<DashboardProtocol['toView'], DashboardProtocol['toHost']>;

/**
 * Every client in a row: health, last run, trend (the worst drift over its sets) and hours this
 * month against the retainer. Activating a row (its name is a button; a click anywhere on the row
 * works too) opens that client's dashboard.
 */
export class OverviewPage {
  readonly element: HTMLElement;
  private readonly header = h('header', { class: 'page-header' });
  private readonly body = h('div', { class: 'overview-body' });

  constructor(private readonly host: Host) {
    this.element = h('div', { class: 'page overview-page' }, this.header, this.body);
  }

  show(rows: OverviewRowView[], now: string): void {
    const month = rows[0]?.hours.month;
    replace(
      this.header,
      h('div', { class: 'title-row' }, h('h1', { class: 'client-name' }, 'All clients')),
      h('div', { class: 'subtitle muted' }, `${plural(rows.length, 'client')}${month ? ` · hours for ${monthName(month)}` : ''} · updated ${dateTime(now)}`),
    );
    if (!rows.length) return replace(this.body, h('p', { class: 'muted' }, 'No clients in this workspace yet.'));
    replace(
      this.body,
      h(
        'table',
        { class: 'overview-table' },
        h('caption', { class: 'visually-hidden' }, 'Every client: activate a row to open its dashboard'),
        h('thead', null, h('tr', null, ...['Client', 'Health', 'Last run', 'Trend', 'Hours this month'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
        h('tbody', null, ...rows.map((r) => this.row(r, now))),
      ),
    );
  }

  private row(r: OverviewRowView, now: string): HTMLElement {
    const open = () => this.host.notify('selectClient', { clientId: r.clientId });
    const trend = DRIFT[r.trend];
    const status = hoursStatus(r.hours.used, r.hours.included, r.hours.overage);
    const over = status === 'over';
    const meter = h('div', { class: `mini-bar state-${status === 'none' ? 'ok' : status}`, attrs: { 'aria-hidden': 'true' } }, h('div', { class: 'mini-used' }));
    if (r.hours.included !== undefined) {
      const scale = Math.max(r.hours.included, r.hours.used) || 1;
      (meter.firstElementChild as HTMLElement).style.width = `${(Math.min(r.hours.used, r.hours.included) / scale) * 100}%`;
      const overEl = h('div', { class: 'mini-over' });
      overEl.style.left = `${(Math.min(r.hours.used, r.hours.included) / scale) * 100}%`;
      overEl.style.width = `${(Math.max(0, r.hours.used - r.hours.included) / scale) * 100}%`;
      meter.append(overEl);
    }
    const tr = h(
      'tr',
      { class: `overview-row health-row-${r.health}`, attrs: { 'data-client': r.clientId }, on: { click: (e) => (e.target as Element).closest('button') || open() } },
      h('th', { attrs: { scope: 'row' } }, h('button', { class: 'link client-link', attrs: { type: 'button', 'data-key': `client:${r.clientId}` }, on: { click: open } }, r.name), r.broken ? h('span', { class: 'muted' }, ' (client.yaml has problems)') : null),
      h('td', null, healthBadges(r.health, r.breaches)),
      h('td', null, r.lastRunAt ? `${dateTime(r.lastRunAt)} (${ago(r.lastRunAt, now)})` : '—'),
      h(
        'td',
        null,
        withTip(
          h('span', { class: `badge drift drift-${r.trend}`, attrs: { tabindex: 0, 'data-status': r.trend } }, `${trend.glyph} ${trend.label}`),
          r.trendBySet.length ? r.trendBySet.map((t) => `${t.name}: ${DRIFT[t.status].label}`) : 'No eval set has runs yet.',
        ),
      ),
      r.hours.unread !== undefined
        ? // No figure rather than a 0 that reads as "no work done": the reason is beside it.
          h('td', { class: 'hours-cell unread' }, h('span', { attrs: { 'aria-hidden': 'true' } }, '— '), h('span', { class: 'muted' }, `not known: ${r.hours.unread}`))
        : h(
            'td',
            { class: over ? 'hours-cell over' : 'hours-cell' },
            r.hours.included === undefined ? `${hours(r.hours.used)} h` : `${hours(r.hours.used)} / ${hours(r.hours.included)} h${over ? ` · over by ${hours(r.hours.overage ?? r.hours.used - r.hours.included)} h` : ''}`,
            r.hours.included === undefined ? null : meter,
          ),
    );
    return tr;
  }
}
