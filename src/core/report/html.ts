import { escapeMarkup } from '../format/markup';
import { shortDate } from './calendar';
import type { Branding } from './markdown';
import { comparisonHeadline, comparisonRows, COMPARISON_HEAD, promotionLine, unreadableComparisonLine } from './comparisons';
import { incidentsRows, INCIDENTS_HEAD, operationsSectionText } from './incidentsTable';
import { visibleNotes } from './notes';
import type { MonthlyReport, ReportComparison, SetReport } from './types';
import { appendixRows, driftLabel, earlierMonthsLine, fixLine, HEALTH_LABEL, hoursLine, latencyText, NOTHING, passFigure, qualityLine, retrainingCheckLine, retrainingHeadline, runCell, title, vsLastMonth } from './wording';

/** The logo as the HTML embeds it: a data URI, so the page makes no request. */
export interface EmbeddedLogo {
  mime: string;
  base64: string;
}

const HEALTH_COLOUR = { healthy: '#1e7d3a', attention: '#b26a00', breach: '#b3261e' } as const;

/**
 * The report as one self-contained HTML page: inline CSS and SVG charts, no script, no external
 * request (its own CSP says so to any browser), print-ready on A4 and Letter. Every text from a
 * file or a model is escaped; the charts are vega's SVG, which escapes its own text.
 */
export function renderHtml(r: MonthlyReport, branding: Branding, charts: ReadonlyMap<string, string>, logo?: EmbeddedLogo): string {
  const list = (items: readonly string[]) => `<ul>${(items.length ? items : [NOTHING]).map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  const accent = branding.accentColor;
  const h = r.hours.month;
  const notes = visibleNotes(r.notes);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title(r))}</title>
<style>${css(accent)}</style>
</head>
<body>
<header>
${logo ? `<img class="logo" alt="${esc(branding.agencyName ?? 'logo')}" src="data:${esc(logo.mime)};base64,${logo.base64}">` : ''}
<h1>${esc(title(r))}</h1>
<p class="prepared">Prepared ${esc(r.preparedOn)}${branding.agencyName ? ` by ${esc(branding.agencyName)}` : ''}</p>
</header>
<section class="glance">
<p class="health"><span class="dot" style="background:${HEALTH_COLOUR[r.health.status]}"></span>Health: <strong>${HEALTH_LABEL[r.health.status]}</strong></p>
${list(r.health.reasons)}
<p>Quality: ${esc(qualityLine(r))}</p>
<p>${esc(retrainingHeadline(r.retraining))}</p>
<p>Hours: <strong>${esc(hoursLine(h))}</strong></p>
<p class="muted">${esc(r.health.operations.note)}</p>
</section>
<section class="story">
<h2>What improved</h2>${list(r.narrative.improved.map((i) => i.text))}
<h2>What degraded</h2>${list(r.narrative.degraded.map((i) => i.text))}
<h2>What we fixed</h2>${list(r.narrative.fixed.map(fixLine))}
<h2>What comes next</h2>${list(r.narrative.next)}
</section>
<section>
<h2>Retraining</h2>
<p><strong>${r.retraining.recommended ? 'Recommended.' : 'Not needed yet.'}</strong></p>
<ul>${r.retraining.checks.map((c) => `<li>${esc(retrainingCheckLine(c))}</li>`).join('')}</ul>
<p class="muted">${esc(r.retraining.rule)}</p>
${(r.comparisons ?? []).map((c) => comparisonBlock(c, list)).join('\n')}
${r.unreadableComparisons?.length ? list(r.unreadableComparisons.map(unreadableComparisonLine)) : ''}
</section>
<section>
<h2>Quality by eval set</h2>
${r.noRuns ? '<p>No eval set was run this month. Run every set to give this report its figures.</p>' : ''}
<table>
<thead><tr><th>eval set</th><th>runs</th><th>first run</th><th>last run</th><th>vs last month</th><th>drift</th><th>latency p50 / p95</th></tr></thead>
<tbody>${r.sets.map((s) => `<tr><td>${esc(s.name)}</td><td>${s.runs}</td><td>${esc(runCell(s.first))}</td><td>${esc(runCell(s.last))}</td><td>${esc(vsLastMonth(s))}</td><td>${esc(driftLabel(s))}</td><td>${esc(latencyText(s.last))}</td></tr>`).join('')}</tbody>
</table>
<div class="figures">${r.sets.map((s) => setBlock(s, charts.get(s.evalSetId))).join('\n')}</div>
${r.productionReview ? `<h3>Production review</h3>${list(r.productionReview)}` : ''}
</section>
<section>
<h2>Anomalies</h2>${list(r.anomalies.map((a) => a.text))}
</section>
<section>
<h2>Hours</h2>
<p>${esc(hoursLine(h))}.</p>
${h.unread ? '' : `<table class="narrow"><thead><tr><th>category</th><th>hours</th></tr></thead><tbody>
${Object.entries(h.byCategory).filter(([, v]) => v).map(([c, v]) => `<tr><td>${esc(c)}</td><td>${v}</td></tr>`).join('')}
<tr><th>total</th><th>${h.total}</th></tr></tbody></table>`}
${earlierMonthsLine(r.hours.previous) ? `<p class="muted">${esc(earlierMonthsLine(r.hours.previous)!)}</p>` : ''}
</section>
<section>
<h2>Uptime and incidents</h2>
<p class="muted">${esc(operationsSectionText(r.health.operations))}</p>
${incidentsTable(r)}
</section>
<section>
<h2>Engineer's notes</h2>
${notes ? `<div class="notes">${esc(notes)}</div>` : '<p class="muted">none</p>'}
</section>
<section class="appendix">
<h2>Appendix: the runs quoted</h2>
<table><thead><tr><th>eval set</th><th>run</th><th>day</th><th>passed</th><th>score</th></tr></thead><tbody>
${appendixRows(r).map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}
</tbody></table>
</section>
${branding.contact ? `<footer>${esc(branding.contact)}</footer>` : ''}
</body>
</html>
`;
}

function comparisonBlock(c: ReportComparison, list: (items: readonly string[]) => string): string {
  const rows = comparisonRows(c).map((row) => `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`).join('');
  return `<h3>Candidate compared: ${esc(comparisonHeadline(c))}</h3><table class="comparison"><thead><tr>${COMPARISON_HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>${list([...c.reasons, promotionLine(c)])}<p class="muted">${esc(c.rule)}</p>`;
}

function incidentsTable(r: MonthlyReport): string {
  const rows = incidentsRows(r.health.operations);
  if (!rows.length) return '';
  return `<table class="incidents"><thead><tr>${INCIDENTS_HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function setBlock(s: SetReport, chart: string | undefined): string {
  const breaches = s.breaches.map((b) => `<li>Breach on ${esc(shortDate(b.date))}: ${esc(passFigure(b))} passed; ${esc(b.breach.message)}</li>`).join('');
  return `<div class="set"><h3>${esc(s.name)}</h3>${chart ? `<div class="chart">${chart}</div>` : ''}<p class="muted">${esc(s.drift.method)}</p>${breaches ? `<ul>${breaches}</ul>` : ''}</div>`;
}

export const esc = escapeMarkup;

function css(accent: string): string {
  return `
@page { margin: 14mm; }
* { box-sizing: border-box; }
/* The report is paper: white under a dark editor theme too (VS Code's preview colours the page otherwise). */
html { background: #fff; color-scheme: light; }
body { font: 10.5pt/1.45 Roboto, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1d; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
header { border-bottom: 2px solid ${accent}; margin-bottom: 4mm; }
.logo { max-height: 14mm; max-width: 50mm; float: right; }
h1 { font-size: 15pt; margin: 0 0 1mm; color: ${accent}; }
h2 { font-size: 11.5pt; margin: 4mm 0 1mm; color: ${accent}; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; }
p { margin: 1mm 0; }
ul { margin: 1mm 0; padding-left: 5mm; }
.prepared, .muted { color: #555; font-size: 9pt; }
.glance { background: #f6f7f8; border-radius: 2mm; padding: 2mm 4mm; }
.health { font-size: 12pt; }
.dot { display: inline-block; width: 3mm; height: 3mm; border-radius: 50%; margin-right: 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0; }
table.narrow { width: auto; }
th, td { text-align: left; padding: 1mm 2mm; border-bottom: 1px solid #ddd; vertical-align: top; }
/* Two figures a row, as in the PDF: the report stays within two pages on A4 and Letter alike. */
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(75mm, 1fr)); gap: 0 5mm; }
.set h3 { margin-top: 2mm; }
.set .muted { font-size: 8pt; }
.set, tr, .glance { break-inside: avoid; }
.chart svg { max-width: 100%; height: auto; }
.notes { white-space: pre-wrap; }
.appendix td { font-size: 8pt; }
footer { margin-top: 6mm; border-top: 1px solid #ddd; color: #555; font-size: 9pt; }
`;
}
