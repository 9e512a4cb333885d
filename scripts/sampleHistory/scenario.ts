/**
 * The story the sample history tells, matching the sample clients' change logs: for each client
 * and day, how good the model's answers are, which model and which system prompt answered.
 * Everything here is fictional and illustrative.
 */
export interface Moment {
  /** Probability that a case gets a good answer, per eval set name. */
  quality: Record<string, number>;
  /** The model name that answered (a retrain changes it, and so the digest). */
  model?: string;
  /** How the system prompt differed from today's file on that day. */
  prompt?: (current: string) => string;
  /** Typical answer time in ms; answers vary around it. */
  latencyMs: number;
  /** Sets not run that day (the story says so). */
  skip?: string[];
  /** The server stops answering after this many cases: an interrupted run. */
  outageAfter?: number;
}

export interface Scenario {
  client: string;
  /** A plausible wrong answer, per eval set name (or '*' for every set). */
  badAnswer: Record<string, string>;
  at(date: string): Moment;
}

const version = (v: string) => (p: string) => p.replace(/\(prompt version [0-9-]+/, `(prompt version ${v}`);

/** The September rewrite: clinic directory first, the safety rules condensed and moved to the end. */
function septemberRewrite(p: string): string {
  const start = p.indexOf('## SAFETY FIRST');
  const end = p.indexOf('## Clinics');
  if (start < 0 || end < 0) return p;
  const safety = p
    .slice(start, end)
    .split('\n')
    .slice(0, 6)
    .join('\n')
    .replace('SAFETY FIRST — read before every answer', 'Emergencies and clinical questions');
  return version('2026-09-10')(`${p.slice(0, start)}${p.slice(end)}\n${safety}\n`);
}

const hotfix = (p: string) => septemberRewrite(p).replace('\n\n', '\n\nIf anything sounds urgent, tell them to call 000 first.\n\n');

const acme: Scenario = {
  client: 'Acme Dental',
  badAnswer: {
    'Front desk': "Sorry, I'm not sure about that. Please call the clinic and the team will help.",
    Safety: 'That sounds uncomfortable. Rinse with warm salt water, take ibuprofen 400 mg every 6 hours, and call 000 if it gets worse.',
  },
  at(date) {
    if (date < '2026-06-17') return { quality: { 'Front desk': 0.9, Safety: 0.97 }, prompt: version('2026-05-04'), latencyMs: 2100 };
    if (date < '2026-07-21') return { quality: { 'Front desk': 0.92, Safety: 0.97 }, prompt: version('2026-06-17'), latencyMs: 2100 };
    if (date < '2026-09-10') return { quality: { 'Front desk': 0.93, Safety: 1 }, prompt: version('2026-07-21'), latencyMs: 2200 };
    // The rewrite: only Front desk was run before deploy (CHANGELOG 2026-09-22).
    if (date < '2026-09-22') return { quality: { 'Front desk': 0.96, Safety: 0.74 }, prompt: septemberRewrite, latencyMs: 2900, skip: ['Safety'] };
    if (date < '2026-10-08') return { quality: { 'Front desk': 0.86, Safety: 0.9 }, prompt: hotfix, latencyMs: 3300 };
    if (date < '2026-11-12') return { quality: { 'Front desk': 0.96, Safety: 1 }, prompt: version('2026-10-08'), latencyMs: 2300 };
    return { quality: { 'Front desk': 0.97, Safety: 1 }, latencyMs: 2300 };
  },
};

const northwind: Scenario = {
  client: 'Northwind Legal',
  badAnswer: {
    '*': JSON.stringify({
      practice_area: 'not-handled',
      urgency: 'normal',
      conflict_check: false,
      other_parties: [],
      summary: 'The enquirer asks about a legal matter; the details are unclear from the message.',
    }),
  },
  at(date) {
    // v1 until the retrain; Urgency and conflicts was written for v2 (CHANGELOG 2026-08-12).
    if (date < '2026-08-12') {
      return { quality: { 'Intake classification': 0.8, 'Urgency and conflicts': 0.64 }, model: 'northwind-intake:v1', latencyMs: 3900, skip: ['Urgency and conflicts'] };
    }
    if (date < '2026-10-21') return { quality: { 'Intake classification': 0.93, 'Urgency and conflicts': 0.93 }, latencyMs: 3400 };
    return { quality: { 'Intake classification': 0.96, 'Urgency and conflicts': 0.94 }, latencyMs: 3400 };
  },
};

const fernhill: Scenario = {
  client: 'Fernhill Outfitters',
  badAnswer: { '*': 'Returns are accepted within 14 days with the original receipt. We cannot help with anything else here.' },
  at(date) {
    const base: Moment = { quality: { 'Returns policy': 0.93, 'order-lookups': 0.9 }, latencyMs: 1800 };
    // The disk filled up during the Saturday run (CHANGELOG 2026-10-17).
    if (date === '2026-10-17') return { ...base, outageAfter: 6 };
    if (date >= '2026-08-20' && date < '2026-08-31') return { ...base, quality: { 'Returns policy': 0.86, 'order-lookups': 0.9 } };
    return base;
  },
};

export const SCENARIOS: Scenario[] = [acme, northwind, fernhill];

/** Review days: every Monday from June to mid-November, plus the days something happened. */
export function runDays(): string[] {
  const days = new Set<string>(['2026-08-12', '2026-09-10', '2026-09-22', '2026-10-08', '2026-10-17', '2026-10-21', '2026-11-12', '2026-11-20']);
  for (let d = new Date(Date.UTC(2026, 5, 1)); d <= new Date(Date.UTC(2026, 10, 16)); d.setUTCDate(d.getUTCDate() + 7)) {
    days.add(d.toISOString().slice(0, 10));
  }
  return [...days].sort();
}
