import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { upkeepCli } from '../helpers/cli';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

const MANIFEST = `${VALID_MANIFEST}production:
  logs: production
  fields: { input: question, output: answer, timestamp: at }
  assert:
    - { type: not-icontains, value: guarantee }
`;

function log(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 60; i++) {
    const day = String((i % 30) + 1).padStart(2, '0');
    lines.push(JSON.stringify({ question: `question ${i}`, answer: i % 7 === 0 ? 'We guarantee it.' : `answer ${i}`, at: `2026-10-${day}T10:00:00Z`, channel: i % 4 ? 'web' : 'phone' }));
  }
  lines.splice(9, 0, '{"question": "torn');
  return `${lines.join('\n')}\n`;
}

describe('upkeep sample', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('--json lists the picks with their 1-based line and fields, the same for the same seed, and grades them as a sample run', async () => {
    root = await tempTree({ 'c/client.yaml': MANIFEST, 'c/production/2026-10.jsonl': log() });
    const dir = path.join(root, 'c');
    const args = ['sample', dir, '--size', '12', '--seed', 'october', '--since', '2026-10-01', '--until', '2026-10-31', '--time-zone', 'UTC', '--stratify', 'channel', '--json'];
    const first = await upkeepCli(args);
    assert.strictEqual(first.code, 0, first.stderr);
    const out = JSON.parse(first.stdout) as { seed: string; method: string; picks: Array<{ line: number; fields: Record<string, string>; grade?: { status: string } }>; strata: Record<string, { picks: number }>; runId: string; problems: { count: number } };
    assert.strictEqual(out.picks.length, 12);
    assert.deepStrictEqual([out.seed, out.method, out.problems.count], ['october', 'seeded-hash-rank', 1]);
    assert.match(first.stderr, /production\/2026-10.jsonl:10:\d+: skipped: not valid JSON/);
    const text = log().split('\n');
    for (const pick of out.picks) assert.strictEqual(JSON.parse(text[pick.line - 1]).question, pick.fields.question, `line ${pick.line}`);
    assert.deepStrictEqual(Object.values(out.strata).map((s) => s.picks).reduce((a, b) => a + b), 12);
    for (const pick of out.picks) assert.strictEqual(pick.grade?.status, pick.fields.answer.includes('guarantee') ? 'failed' : 'passed');
    const record = JSON.parse(await fs.readFile(path.join(dir, 'runs', `${out.runId}.json`), 'utf8')) as { purpose: string; cases: unknown[] };
    assert.deepStrictEqual([record.purpose, record.cases.length], ['sample', 12]);
    const stored = JSON.parse(await fs.readFile(path.join(dir, 'reviews/2026-10.sample.json'), 'utf8')) as { seed: string; runId: string; methodText: string };
    assert.deepStrictEqual([stored.seed, stored.runId], ['october', out.runId]);
    assert.match(stored.methodText, /sha256\(seed/);

    const again = JSON.parse((await upkeepCli(args)).stdout) as typeof out;
    assert.deepStrictEqual(again.picks.map((p) => p.line), out.picks.map((p) => p.line));
    const other = JSON.parse((await upkeepCli([...args.slice(0, 5), 'november', ...args.slice(6)])).stdout) as typeof out;
    assert.notDeepStrictEqual(other.picks.map((p) => p.line), out.picks.map((p) => p.line));
  });

  it('exits 2 with one clear message for a log that does not map, a bad date, or no client', async () => {
    root = await tempTree({ 'c/client.yaml': MANIFEST, 'c/production/2026-10.jsonl': log(), 'other.csv': 'when,q,a\n2026-10-01,x,y\n' });
    const dir = path.join(root, 'c');
    const unmapped = await upkeepCli(['sample', dir, '--from', path.join(root, 'other.csv'), '--seed', '1', '--since', '2026-10-01']);
    assert.strictEqual(unmapped.code, 2);
    assert.match(unmapped.stderr, /upkeep sample: other.csv: the columns do not map: no "question", "answer", "at" among its columns/);
    const badDate = await upkeepCli(['sample', dir, '--since', '2026-10-32']);
    assert.strictEqual(badDate.code, 2);
    assert.match(badDate.stderr, /'2026-10-32' is not a date/);
    const empty = await upkeepCli(['sample', dir, '--since', '2025-01-01', '--until', '2025-01-31']);
    assert.strictEqual(empty.code, 2);
    assert.match(empty.stderr, /no line of production\/2026-10.jsonl was answered from 2025-01-01 to 2025-01-31/);
    assert.strictEqual((await upkeepCli(['sample', root])).code, 2);
  });
});
