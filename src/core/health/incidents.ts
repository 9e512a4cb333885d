import { promises as fs } from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { writeAtomically } from '../util/atomicWrite';
import { logHours } from '../workspace/changelogWriter';
import { missingFrontMatter, parseFrontMatter, withFrontMatter } from '../workspace/frontMatter';
import type { Problem } from '../workspace/problems';
import { RUNBOOK_TOPICS } from './runbooks';
import { SEVERITIES, type Severity } from './sla';

/**
 * Incidents: one Markdown file each under `<client>/incidents/`. The front matter holds what the
 * SLA figures need (severity, opened, acknowledged, resolved, title); the body is the timeline,
 * for people. Stamping a time rewrites the front matter and appends one timeline line; every
 * other byte of the body stays as written.
 */
export const INCIDENTS_DIR = 'incidents';

const instant = z.union([z.iso.datetime({ offset: true }), z.date().transform((d) => d.toISOString())]);

export const incidentSchema = z.looseObject({
  title: z.string().min(1),
  severity: z.enum(SEVERITIES),
  opened: instant,
  acknowledged: instant.optional(),
  resolved: instant.optional(),
  /** What raised it, by the runbook topics (model-down, quality-breach, …), when an alert did. */
  cause: z.enum(RUNBOOK_TOPICS).optional(),
});
export type IncidentFields = z.output<typeof incidentSchema>;

export interface Incident extends IncidentFields {
  file: string;
  body: string;
}

export async function readIncidents(clientDir: string): Promise<{ incidents: Incident[]; problems: Problem[] }> {
  const dir = path.join(clientDir, INCIDENTS_DIR);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.toLowerCase().endsWith('.md')).sort();
  const incidents: Incident[] = [];
  const problems: Problem[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const parsed = parseIncident(file, await fs.readFile(file, 'utf8'));
    if (parsed.incident) incidents.push(parsed.incident);
    problems.push(...parsed.problems);
  }
  return { incidents, problems };
}

export function parseIncident(file: string, text: string): { incident?: Incident; problems: Problem[] } {
  const front = parseFrontMatter(file, text, incidentSchema);
  if (front.data) return { incident: { ...front.data, file, body: front.body }, problems: [] };
  return { problems: front.problems.length ? front.problems : [missingFrontMatter(file, 'An incident file')] };
}

export interface NewIncident {
  title: string;
  severity: Severity;
  opened: string;
  cause?: IncidentFields['cause'];
  /** The first timeline entry's text (what was seen). */
  summary?: string;
}

/** Writes `incidents/YYYY-MM-DD-<title>.md` (a number added when taken) and returns its path. */
export async function openIncident(clientDir: string, n: NewIncident): Promise<string> {
  const dir = path.join(clientDir, INCIDENTS_DIR);
  await fs.mkdir(dir, { recursive: true });
  const slug = n.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'incident';
  const stem = `${n.opened.slice(0, 10)}-${slug}`;
  let file = path.join(dir, `${stem}.md`);
  for (let i = 2; await exists(file); i++) file = path.join(dir, `${stem}-${i}.md`);
  const body = `\n# ${n.title}\n\n## Timeline\n\n${timelineLine(n.opened, `Opened${n.summary ? `: ${n.summary}` : ''}.`)}`;
  await fs.writeFile(file, withFrontMatter({ title: n.title, severity: n.severity, opened: n.opened, cause: n.cause }, body), { flag: 'wx' });
  return file;
}

/**
 * Stamps `acknowledged` or `resolved` (an incident resolved unacknowledged is acknowledged then
 * too: it was answered) and adds the timeline line. A time already stamped is kept.
 */
export async function stampIncident(file: string, field: 'acknowledged' | 'resolved', at: string, note?: string): Promise<Incident> {
  const parsed = parseIncident(file, await fs.readFile(file, 'utf8'));
  if (!parsed.incident) throw new Error(parsed.problems.map((p) => `${p.file}:${p.range.line}:${p.range.column}: ${p.message}`).join('\n'));
  const { file: _file, body, ...fields } = parsed.incident;
  if (fields[field]) return parsed.incident;
  const stamped: IncidentFields = { ...fields, [field]: at, ...(field === 'resolved' && !fields.acknowledged ? { acknowledged: at } : {}) };
  const word = field === 'acknowledged' ? 'Acknowledged' : 'Resolved';
  const nextBody = `${body.replace(/\s*$/, '\n')}${timelineLine(at, `${word}${note ? `: ${note}` : ''}.`)}`;
  await writeAtomically(file, withFrontMatter(stamped, nextBody));
  return { ...stamped, file, body: nextBody };
}

/** Resolve stamps the time and logs the hours as an `incident` entry of the change log. */
export async function resolveIncident(file: string, o: { at: string; hours: number; changelogFile: string; clientName: string; note?: string }): Promise<Incident> {
  const incident = await stampIncident(file, 'resolved', o.at, o.note);
  await logHours(o.changelogFile, { date: o.at.slice(0, 10), category: 'incident', hours: o.hours, ...incidentEntry(incident, o.changelogFile, o.note) }, o.clientName);
  return incident;
}

/** The change-log entry's title and text for a resolved incident: its title, and a link to its file. */
export function incidentEntry(incident: Incident, changelogFile: string, note?: string): { title: string; description: string } {
  const link = path.relative(path.dirname(changelogFile), incident.file).split(path.sep).join('/');
  return { title: incident.title, description: `Incident: [${path.basename(incident.file)}](${link.replace(/ /g, '%20')})${note ? `. ${note}` : ''}` };
}

const timelineLine = (at: string, text: string): string => `- ${at.slice(0, 16).replace('T', ' ')} UTC — ${text.replace(/\.\.$/, '.')}\n`;

const exists = (file: string): Promise<boolean> =>
  fs.access(file).then(
    () => true,
    () => false,
  );
