import * as assert from 'assert';
import { execFile } from 'child_process';
import { createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import { drawProductionSample } from '../../../src/core/review/drawSample';
import { DEFAULT_FIELDS, readProductionLogs, UnmappableLog, type LogLine } from '../../../src/core/review/logReader';
import { removeTree, tempTree } from '../helpers/tempDir';

async function readAll(file: string, fields = DEFAULT_FIELDS) {
  const lines: LogLine[] = [];
  const summary = await readProductionLogs([file], fields, (l) => lines.push(l));
  return { lines, summary };
}

describe('production logs', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('skips malformed JSONL lines, each reported at its line and column, and keeps the rest', async () => {
    root = await tempTree({
      'prod.jsonl': [
        '{"input": "hours?", "output": "9 to 5", "timestamp": "2026-10-02T09:00:00Z", "channel": "web"}',
        '{"input": "refund?", "output": "30 days", "timestamp": "2026-10-02T10:00:00Z",}',
        '',
        '["not", "an object"]',
        '{"input": "parking?", "output": "yes", "timestamp": "last tuesday"}',
        '{"output": "no question", "timestamp": "2026-10-03T10:00:00Z"}',
        '{"input": "x-ray?", "output": "yes", "timestamp": "2026-10-04T10:00:00+10:00", "latency": 812}',
      ].join('\n'),
    });
    const { lines, summary } = await readAll(path.join(root, 'prod.jsonl'));
    assert.deepStrictEqual(lines.map((l) => [l.line, l.input, l.fields.channel]), [[1, 'hours?', 'web'], [7, 'x-ray?', undefined]]);
    assert.strictEqual(lines[1].fields.latency, '812');
    assert.deepStrictEqual(summary.problems.map((p) => [p.line, p.column]), [[2, 79], [4, 1], [5, 40], [6, 1]]);
    assert.match(summary.problems[0].message, /not valid JSON: unexpected "}" where a property name in double quotes was expected/);
    assert.match(summary.problems[2].message, /"timestamp" is not a time/);
    assert.match(summary.problems[3].message, /no "input" \(the input field in client.yaml production.fields\)/);
  });

  it('reads CSV with quoted commas, doubled quotes and line breaks inside quotes, by the mapped columns', async () => {
    root = await tempTree({
      'prod.csv': [
        '\ufeffwhen,question,answer,channel',
        '2026-10-02T09:00:00Z,"Do you open on Saturdays, and when?","Yes, 9 to 1.",web',
        '2026-10-02T10:00:00Z,"She said ""urgent""","Call us:',
        'we answer within the hour.",phone',
        '2026-10-02T11:00:00Z,too,many,fields,here',
        '2026-10-02T12:00:00Z,bad "quote",answer,web',
        '2026-10-02T13:00:00Z,,empty question is still a line,email',
      ].join('\r\n'),
    });
    const { lines, summary } = await readAll(path.join(root, 'prod.csv'), { input: 'question', output: 'answer', timestamp: 'when' });
    assert.deepStrictEqual(lines.map((l) => [l.line, l.input, l.output, l.fields.channel]), [
      [2, 'Do you open on Saturdays, and when?', 'Yes, 9 to 1.', 'web'],
      [3, 'She said "urgent"', 'Call us:\nwe answer within the hour.', 'phone'],
      [7, '', 'empty question is still a line', 'email'],
    ]);
    assert.deepStrictEqual(summary.problems.map((p) => [p.line, p.column]), [[5, 1], [6, 26]]);
    assert.match(summary.problems[0].message, /5 fields where the header has 4/);
    assert.match(summary.problems[1].message, /a quote inside an unquoted field/);
  });

  it('a file whose columns do not map is one error naming what is missing and what is there', async () => {
    root = await tempTree({
      'prod.csv': 'when,question,answer\n2026-10-02T09:00:00Z,a,b\n',
      'prod.jsonl': '{"q": "a", "a": "b", "ts": "2026-10-02T09:00:00Z"}\n{"q": "c", "a": "d", "ts": "2026-10-02T09:00:00Z"}\n',
    });
    await assert.rejects(readAll(path.join(root, 'prod.csv')), (e: Error) => {
      assert.ok(e instanceof UnmappableLog);
      assert.match(e.message, /^prod.csv: the columns do not map: no "input", "output", "timestamp" among its columns \("when", "question", "answer"\); set production.fields/);
      return true;
    });
    await assert.rejects(readAll(path.join(root, 'prod.jsonl')), /^UnmappableLog: prod.jsonl: the fields do not map: no line has all of "input", "output", "timestamp" \(the first line has "q", "a", "ts"\)/);
  });

  it('streams a generated 200 MB log in bounded memory', async function () {
    this.timeout(180000);
    root = await tempTree({});
    const file = path.join(root, 'big.jsonl');
    const out = createWriteStream(file);
    const filler = 'x'.repeat(300);
    let bytes = 0;
    for (let i = 0; bytes < 200 * 1024 * 1024; i++) {
      const line = `{"input": "question ${i}", "output": "answer ${i} ${filler}", "timestamp": "2026-10-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z", "channel": "${i % 3 ? 'web' : 'phone'}"}\n`;
      bytes += line.length;
      if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    assert.ok((await fs.stat(file)).size >= 200 * 1024 * 1024);
    // A heap of 64 MB cannot hold the file: reading it whole would fail here.
    const child = path.join(__dirname, 'largeLogChild.js');
    const result = await new Promise<{ picks: number; lines: number; problems: number; peakRss: number }>((resolve, reject) =>
      execFile(process.execPath, ['--max-old-space-size=64', child, file], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout)))),
    );
    assert.strictEqual(result.picks, 100);
    assert.strictEqual(result.problems, 0);
    assert.ok(result.lines > 500000, `${result.lines} lines`);
    assert.ok(result.peakRss < 200 * 1024 * 1024, `peak RSS ${Math.round(result.peakRss / 2 ** 20)} MiB`);
  });

  it('draws a sample with the seed and method stored, files named inside the client folder', async () => {
    root = await tempTree({ 'c/production/2026-10.jsonl': '{"input": "a", "output": "b", "timestamp": "2026-10-02T09:00:00Z"}\n{bad\n' });
    const sample = await drawProductionSample(path.join(root, 'c'), [path.join(root, 'c/production/2026-10.jsonl')], DEFAULT_FIELDS, { size: 5, seed: 'abc', since: '2026-10-01', until: '2026-10-31', timeZone: 'UTC' });
    assert.deepStrictEqual(sample.files, ['production/2026-10.jsonl']);
    assert.strictEqual(sample.picks[0].file, 'production/2026-10.jsonl');
    assert.deepStrictEqual([sample.seed, sample.method, sample.picks.length, sample.problems.count, sample.problems.first[0].line], ['abc', 'seeded-hash-rank', 1, 1, 2]);
  });
});
