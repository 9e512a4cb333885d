import { shortDate } from './calendar';
import { comparisonHeadline, comparisonRows, COMPARISON_HEAD, promotionLine, unreadableComparisonLine } from './comparisons';
import { incidentsRows, INCIDENTS_HEAD, operationsSectionText } from './incidentsTable';
import { notesBlock } from './notes';
import type { MonthlyReport } from './types';
import { appendixRows, driftLabel, earlierMonthsLine, fixLine, HEALTH_LABEL, hoursLine, latencyText, NOTHING, passFigure, qualityLine, retrainingCheckLine, retrainingHeadline, runCell, title, vsLastMonth } from './wording';

export interface Branding {
  agencyName?: string;
  /** Absolute path of the logo, already checked to be inside the workspace. */
  logo?: string;
  accentColor: string;
  contact?: string;
}

/**
 * The report as Markdown: the editable source a person reads in a diff. The notes block is
 * written back exactly as found, so the engineer's words survive regeneration.
 */
export function renderMarkdown(r: MonthlyReport, branding: Branding): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const bullets = (items: readonly string[]) => (items.length ? items.forEach((i) => line(`- ${md(i)}`)) : line(`- ${NOTHING}`));

  line(`# ${md(title(r))}`);
  line();
  line(`Prepared ${r.preparedOn}${branding.agencyName ? ` by ${md(branding.agencyName)}` : ''}.`);
  line();
  line(`**Health: ${HEALTH_LABEL[r.health.status]}**`);
  line();
  bullets(r.health.reasons);
  line();
  line(`- Quality: ${md(qualityLine(r))}`);
  line(`- ${md(retrainingHeadline(r.retraining))}`);
  line(`- Hours: ${md(hoursLine(r.hours.month))}`);
  line(`- ${md(r.health.operations.note)}`);
  line();
  line('## What improved');
  line();
  bullets(r.narrative.improved.map((i) => i.text));
  line();
  line('## What degraded');
  line();
  bullets(r.narrative.degraded.map((i) => i.text));
  line();
  line('## What we fixed');
  line();
  bullets(r.narrative.fixed.map(fixLine));
  line();
  line('## What comes next');
  line();
  bullets(r.narrative.next);
  line();
  line('## Retraining');
  line();
  line(r.retraining.recommended ? '**Recommended.**' : '**Not needed yet.**');
  line();
  for (const c of r.retraining.checks) line(`- ${md(retrainingCheckLine(c))}`);
  line();
  line(`_${md(r.retraining.rule)}_`);
  line();
  for (const c of r.comparisons ?? []) {
    line(`**Candidate compared: ${md(comparisonHeadline(c))}**`);
    line();
    line(`| ${COMPARISON_HEAD.join(' | ')} |`);
    line(`| ${COMPARISON_HEAD.map(() => '---').join(' | ')} |`);
    for (const row of comparisonRows(c)) line(`| ${cells(row)} |`);
    line();
    bullets([...c.reasons, promotionLine(c)]);
    line();
    line(`_${md(c.rule)}_`);
    line();
  }
  if (r.unreadableComparisons?.length) {
    bullets(r.unreadableComparisons.map(unreadableComparisonLine));
    line();
  }
  line('## Quality by eval set');
  line();
  if (r.noRuns) {
    line('No eval set was run this month. Run every set to give this report its figures.');
    line();
  }
  line('| eval set | runs | first run | last run | vs last month | drift | latency p50 / p95 |');
  line('| --- | --- | --- | --- | --- | --- | --- |');
  for (const s of r.sets) {
    line(`| ${cells([s.name, String(s.runs), runCell(s.first), runCell(s.last), vsLastMonth(s), driftLabel(s), latencyText(s.last)])} |`);
  }
  line();
  for (const s of r.sets) {
    line(`**${md(s.name)}.** ${md(s.drift.method)}`);
    if (s.breaches.length) {
      line();
      for (const b of s.breaches) line(`- Breach on ${shortDate(b.date)}: ${passFigure(b)} passed; ${md(b.breach.message)} (${b.runId})`);
    }
    line();
  }
  if (r.productionReview) {
    line('**Production review.**');
    line();
    bullets(r.productionReview);
    line();
  }
  line('## Anomalies');
  line();
  bullets(r.anomalies.map((a) => a.text));
  line();
  line('## Hours');
  line();
  const h = r.hours.month;
  line(`${md(hoursLine(h))}.`);
  line();
  if (!h.unread) {
    line('| category | hours |');
    line('| --- | --- |');
    for (const [category, hours] of Object.entries(h.byCategory)) if (hours) line(`| ${category} | ${hours} |`);
    line(`| **total** | **${h.total}** |`);
    line();
  }
  const earlier = earlierMonthsLine(r.hours.previous);
  if (earlier) {
    line(earlier);
    line();
  }
  if (r.hours.unparsed.length) {
    line(`Left out of the hours (the heading does not parse): ${r.hours.unparsed.map((u) => `line ${u.line}`).join(', ')} of the change log.`);
    line();
  }
  line('## Uptime and incidents');
  line();
  line(md(operationsSectionText(r.health.operations)));
  line();
  const incidents = incidentsRows(r.health.operations);
  if (incidents.length) {
    line(`| ${INCIDENTS_HEAD.join(' | ')} |`);
    line(`| ${INCIDENTS_HEAD.map(() => '---').join(' | ')} |`);
    for (const row of incidents) line(`| ${cells(row)} |`);
    line();
  }
  line("## Engineer's notes");
  line();
  line(notesBlock(r.notes === '' ? undefined : r.notes));
  line();
  line('## Appendix: the runs quoted');
  line();
  line('| eval set | run | day | passed | score |');
  line('| --- | --- | --- | --- | --- |');
  for (const row of appendixRows(r)) line(`| ${cells(row)} |`);
  line();
  if (branding.contact) line(`_${md(branding.contact)}_`);
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

/** Escapes what Markdown would read as markup in text from files (titles, case ids, set names); a `<` only where it could open a tag. */
export function md(text: string): string {
  return text.replace(/([\\`*_[\]|#])/g, '\\$1').replace(/<(?=[A-Za-z/!?])/g, '\\<');
}

function cells(values: readonly string[]): string {
  return values.map((v) => md(v).replace(/\n/g, ' ')).join(' | ');
}
