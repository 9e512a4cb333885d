import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../src/core/store/runRecord';
import type { EvalTestController } from '../../src/extension/testing';
import { startOllamaServer, type OllamaTestServer } from '../fixtures/ollamaServer';
import { upkeep, waitFor, workspaceDir } from './helpers';

/**
 * The Test Explorer over a client of its own (so the sample clients other suites change stay as
 * they are), against the Ollama-compatible test server whose script decides every answer.
 */
const CLIENT_ID = 'clients/zz-test-explorer';
const MODEL = 'explorer:v1';

const ANSWERS = `name: Answers
cases:
  - id: right
    input: What is the refund window?
    expected: Refunds are available within 30 days.
    assert: [{ type: icontains, value: 30 days }]
  - id: wrong
    input: How long do I have to return a tent?
    expected: Tents can be returned within 60 days.
    assert: [{ type: icontains, value: 60 days }]
  - id: no-expected
    input: Say the magic word.
    assert: [{ type: contains, value: please }]
  - id: wobbly
    input: Flip a coin.
    repeat: 3
    assert: [{ type: contains, value: heads }]
`;

const LINES = [
  '{"id": "line-one", "input": "What is the refund window?", "assert": [{"type": "icontains", "value": "30 days"}]}',
  '',
  '{"id": "line-two", "input": "Say the magic word.", "assert": [{"type": "contains", "value": "please"}]}',
].join('\n');

function script() {
  let flips = 0;
  return {
    models: [MODEL],
    rules: [
      { match: 'What is the refund window?', reply: 'You can get a refund within 30 days.' },
      { match: 'How long do I have to return a tent?', reply: 'Tents can be returned within 14 days.' },
      { match: 'Say the magic word.', reply: 'Abracadabra.' },
      // heads, tails, heads: passes two attempts of three.
      { match: 'Flip a coin.', reply: () => (flips++ % 2 === 0 ? 'heads' : 'tails') },
    ],
  };
}

/** The line (0-based) where a YAML case's `- id: <id>` or a JSONL case's line stands, read from the file itself. */
function caseLine(text: string, file: string, id: string): number {
  const lines = text.split('\n');
  if (file.endsWith('.jsonl')) {
    return lines.findIndex((l) => {
      if (!l.trim() || l.trim().startsWith('//')) return false;
      try {
        return (JSON.parse(l) as { id?: string }).id === id;
      } catch {
        return false;
      }
    });
  }
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^\\s*-\\s+id:\\s*["']?${escaped}["']?\\s*(#.*)?$`);
  return lines.findIndex((l) => re.test(l));
}

/** The ids of the cases in the journals of the runs under way (each finished case is a line). */
async function journaled(dir: string): Promise<string[]> {
  const runs = path.join(dir, 'runs');
  const journals = (await fs.readdir(runs).catch(() => [] as string[])).filter((n) => n.startsWith('.journal-'));
  const lines = (await Promise.all(journals.map((n) => fs.readFile(path.join(runs, n), 'utf8').catch(() => '')))).flatMap((t) => t.split('\n').slice(1));
  return lines.flatMap((l) => {
    try {
      return [(JSON.parse(l) as { id: string }).id];
    } catch {
      return []; // blank, or a line still being written
    }
  });
}

function children(item: vscode.TestItem | vscode.TestController): vscode.TestItem[] {
  const out: vscode.TestItem[] = [];
  ('children' in item ? item.children : item.items).forEach((c) => void out.push(c));
  return out;
}

async function records(dir: string): Promise<RunRecord[]> {
  // Oldest first, ordered by run id as Upkeep orders them (`…Z-set` before `…Z-set-2`).
  const ids = (await fs.readdir(path.join(dir, 'runs')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5));
  const names = ids.sort().map((id) => `${id}.json`);
  return Promise.all(names.map(async (n) => JSON.parse(await fs.readFile(path.join(dir, 'runs', n), 'utf8')) as RunRecord));
}

describe('Test Explorer', () => {
  const answering = script();
  let server: OllamaTestServer;
  let dir: string;
  let answers: string;
  let lines: string;
  let testing: EvalTestController;
  const id = (caseId: string, set = 'evals/answers.yaml') => `${CLIENT_ID}/${set}/${caseId}`;

  before(async () => {
    server = await startOllamaServer({ script: answering });
    dir = path.join(workspaceDir(), CLIENT_ID);
    answers = path.join(dir, 'evals', 'answers.yaml');
    lines = path.join(dir, 'evals', 'lines.jsonl');
    await fs.mkdir(path.join(dir, 'evals'), { recursive: true });
    await fs.writeFile(path.join(dir, 'system-prompt.md'), 'You answer questions.');
    await fs.writeFile(answers, ANSWERS);
    await fs.writeFile(lines, LINES);
    await fs.writeFile(path.join(dir, 'client.yaml'), `name: Explorer Test\nmodel:\n  provider: ollama\n  host: ${server.url}\n  name: ${MODEL}\n  options: { seed: 1 }\n`);
    const api = await upkeep();
    testing = api.testing;
    await api.ctx.reload();
    await waitFor('the test client to load', () => api.ctx.client(CLIENT_ID)?.evalSets.length === 2 && testing.item(id('wobbly')));
  });

  after(async () => {
    server.close();
    await fs.rm(dir, { recursive: true, force: true });
    await (await upkeep()).ctx.reload();
  });

  it("replayed the sample clients' last results at startup, from their run records", async () => {
    const startup = await testing.whenRestored();
    assert.strictEqual(startup.name, 'Upkeep: last results from run records');
    assert.ok(startup.ended);
    // Sample history no other suite writes to: each case's state is its status in the newest record of its set that ran it.
    const expected = new Map<string, string>();
    for (const clientId of ['clients/acme-dental', 'clients/northwind-legal']) {
      for (const record of (await records(path.join(workspaceDir(), clientId))).reverse()) {
        for (const c of record.cases) {
          const key = `${clientId}/${record.evalSet.id}/${c.id}`;
          if (!expected.has(key) && testing.item(key)) expected.set(key, c.status);
        }
      }
    }
    for (const [key, status] of expected) assert.strictEqual(startup.states[key]?.state, status, key);
    const replayed = Object.keys(startup.states).filter((k) => k.startsWith('clients/acme-dental/') || k.startsWith('clients/northwind-legal/'));
    assert.strictEqual(replayed.length, expected.size);
  });

  it("holds every client's cases at the lines where they stand in their files, YAML and JSONL", async () => {
    const { ctx } = await upkeep();
    const samples = ['clients/acme-dental', 'clients/fernhill-outfitters', 'clients/northwind-legal'];
    let checked = 0;
    let jsonl = 0;
    for (const clientId of [...samples, CLIENT_ID]) {
      const client = ctx.client(clientId);
      assert.ok(client, `${clientId} is not loaded`);
      const clientItem = testing.controller.items.get(clientId);
      assert.ok(clientItem, `no test item for ${clientId}`);
      assert.strictEqual(clientItem.label, client.name);
      for (const set of client.evalSets) {
        const text = await fs.readFile(set.file, 'utf8');
        const setItem = clientItem.children.get(`${clientId}/${set.id}`);
        assert.ok(setItem, `no test item for ${set.file}`);
        assert.strictEqual(setItem.label, set.name);
        assert.strictEqual(setItem.uri?.fsPath, set.file);
        const items = children(setItem);
        assert.strictEqual(items.length, set.cases.length, `${set.file}: ${items.length} items for ${set.cases.length} cases`);
        for (const c of set.cases) {
          const item: vscode.TestItem | undefined = setItem.children.get(`${clientId}/${set.id}/${c.id}`);
          assert.ok(item, `${set.file}: no item for case ${c.id}`);
          assert.strictEqual(item.uri?.fsPath, set.file);
          const expected = caseLine(text, set.file, c.id);
          assert.ok(expected >= 0, `${set.file}: case ${c.id} not found in the text`);
          assert.strictEqual(item.range?.start.line, expected, `${set.file}: case ${c.id} is on line ${expected + 1}, its item on ${(item.range?.start.line ?? -2) + 1}`);
          assert.strictEqual(testing.caseItem(set.file, c.id), item);
          checked++;
          if (set.format === 'jsonl') jsonl++;
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} cases checked`);
    assert.ok(jsonl >= 10, 'the sample JSONL set was checked');
    assert.strictEqual(testing.item(id('line-two', 'evals/lines.jsonl'))?.range?.start.line, 2, 'a blank line is skipped, not counted out');
  });

  it('follows the files: an added case appears at its line, a removed one goes, ids stay the same', async () => {
    const { ctx } = await upkeep();
    const before = testing.item(id('right'));
    await fs.writeFile(answers, ANSWERS.replace('cases:\n', 'cases:\n  - id: added\n    input: Hello?\n    assert: [{ type: contains, value: hi }]\n'));
    await ctx.reload();
    const added = await waitFor('the added case', () => testing.item(id('added')));
    assert.strictEqual(added.range?.start.line, 2);
    assert.strictEqual(testing.item(id('right')), before, 'the item of an unchanged case is kept');
    assert.strictEqual(testing.item(id('right'))?.range?.start.line, 5, 'and moves with its case');
    await fs.writeFile(answers, ANSWERS);
    await ctx.reload();
    await waitFor('the removed case to go', () => !testing.item(id('added')));
    assert.strictEqual(testing.item(id('right'))?.range?.start.line, 2);
  });

  it('a case the server answers wrongly fails with a diff of the expected and the actual text', async () => {
    const report = await testing.run(new vscode.TestRunRequest([testing.item(id('wrong'))!]));
    assert.deepStrictEqual(Object.keys(report.states), [id('wrong')]);
    const state = report.states[id('wrong')];
    assert.strictEqual(state.state, 'failed');
    assert.strictEqual(state.messages.length, 1);
    assert.strictEqual(state.messages[0].expected, 'Tents can be returned within 60 days.');
    assert.strictEqual(state.messages[0].actual, 'Tents can be returned within 14 days.');
    assert.match(state.messages[0].message, /icontains/);
    assert.match(state.messages[0].message, /60 days/);
    // The run wrote its record, marked as a Test Explorer run of that one case.
    assert.strictEqual(report.runFiles.length, 1);
    const record = JSON.parse(await fs.readFile(report.runFiles[0], 'utf8')) as RunRecord;
    assert.strictEqual(record.trigger, 'test-explorer');
    assert.deepStrictEqual(record.selectedCases, ['wrong']);
    assert.deepStrictEqual(record.cases.map((c) => [c.id, c.status]), [['wrong', 'failed']]);
  });

  it('without an expected text, the diff shows what the failing assertions wanted', async () => {
    const report = await testing.run(new vscode.TestRunRequest([testing.item(id('no-expected'))!]));
    const m = report.states[id('no-expected')].messages[0];
    assert.strictEqual(report.states[id('no-expected')].state, 'failed');
    assert.match(m.expected ?? '', /^contains: .*please/);
    assert.strictEqual(m.actual, 'Abracadabra.');
  });

  it('a passing case passes with its duration; a flaky one fails saying it is flaky', async () => {
    const report = await testing.run(new vscode.TestRunRequest([testing.item(id('right'))!, testing.item(id('wobbly'))!]));
    const right = report.states[id('right')];
    assert.strictEqual(right.state, 'passed');
    assert.strictEqual(typeof right.duration, 'number');
    assert.ok(right.duration! >= 0);
    const wobbly = report.states[id('wobbly')];
    assert.strictEqual(wobbly.state, 'failed');
    assert.match(wobbly.messages[0].message, /^Flaky: passed 2 of 3 attempts; attempt 2 failed\./);
    assert.strictEqual(wobbly.messages[0].actual, 'tails');
    // One run record for the two cases of one set.
    assert.strictEqual(report.runFiles.length, 1);
  });

  it('runs a selection across sets, one run per set, a whole set as a whole-set run, minus exclusions', async () => {
    const setItem = testing.item(`${CLIENT_ID}/evals/lines.jsonl`)!;
    const report = await testing.run(new vscode.TestRunRequest([setItem, testing.item(id('right'))!, testing.item(id('wrong'))!], [testing.item(id('wrong'))!]));
    assert.deepStrictEqual(Object.keys(report.states).sort(), [id('line-one', 'evals/lines.jsonl'), id('line-two', 'evals/lines.jsonl'), id('right')].sort());
    assert.strictEqual(report.states[id('line-one', 'evals/lines.jsonl')].state, 'passed');
    assert.strictEqual(report.states[id('line-two', 'evals/lines.jsonl')].state, 'failed');
    assert.strictEqual(report.runFiles.length, 2);
    const written = await Promise.all(report.runFiles.map(async (f) => JSON.parse(await fs.readFile(f, 'utf8')) as RunRecord));
    const bySet = Object.fromEntries(written.map((r) => [r.evalSet.id, r]));
    assert.strictEqual(bySet['evals/lines.jsonl'].selectedCases, undefined, 'the whole JSONL set ran');
    assert.deepStrictEqual(bySet['evals/answers.yaml'].selectedCases, ['right']);
    assert.ok(written.every((r) => r.trigger === 'test-explorer'));
  });

  it('a case the model cannot answer is errored with the provider message', async () => {
    server.setFaults({ serverError: { status: 400, message: 'model requires more system memory (9.2 GiB) than is available' }, paths: ['/api/chat'] });
    let report;
    try {
      report = await testing.run(new vscode.TestRunRequest([testing.item(id('no-expected'))!]));
    } finally {
      server.clearFaults();
    }
    const state = report.states[id('no-expected')];
    assert.strictEqual(state.state, 'errored');
    assert.match(state.messages[0].message, /more system memory/);
  });

  it('with the server down, the run ends with one clear message and errored cases, and writes no record', async () => {
    const before = (await records(dir)).length;
    await server.refuse();
    let report;
    try {
      report = await testing.run(new vscode.TestRunRequest([testing.controller.items.get(CLIENT_ID)!]));
    } finally {
      await server.resume();
    }
    const states = Object.values(report.states);
    assert.strictEqual(states.length, 6, 'every case of both sets');
    assert.ok(states.every((s) => s.state === 'errored'));
    const messages = new Set(states.map((s) => s.messages[0].message));
    assert.strictEqual(messages.size, 1, 'one message for all');
    const [message] = messages;
    assert.ok(message.includes(server.url.replace(/^https?:\/\//, '')) || message.includes(server.url), `the message names the host: ${message}`);
    assert.strictEqual(report.output.split(message).length - 1, 1, 'the server was asked once, and it is said once');
    assert.strictEqual((await records(dir)).length, before);
  });

  it('cancelling stops the run: finished cases keep their result, the others are skipped', async () => {
    // 'right' is answered at once, every other question is held until the test ends: the cancel
    // comes when 'right' is journaled and the server holds the others, however loaded the machine.
    const release = new AbortController();
    const held = new Promise((resolve) => release.signal.addEventListener('abort', resolve, { once: true }));
    const RIGHT = 'What is the refund window?';
    server.setScript({ ...answering, rules: answering.rules.map((r) => (r.match === RIGHT ? r : { ...r, holdUntil: held })) });
    const source = new vscode.CancellationTokenSource();
    try {
      const asked = server.requests.length;
      const running = testing.run(new vscode.TestRunRequest([testing.item(`${CLIENT_ID}/evals/answers.yaml`)!]), source.token);
      const heldAsked = () => new Set(server.requests.slice(asked).flatMap((r) => (r.path === '/api/chat' ? (JSON.stringify(r.body).match(/How long|magic word|Flip a coin/) ?? []) : [])));
      await waitFor('right to finish and the server to hold the three others', async () => (await journaled(dir)).includes('right') && heldAsked().size === 3);
      source.cancel();
      const report = await running;
      const states = Object.fromEntries(Object.entries(report.states).map(([k, s]) => [k, s.state]));
      assert.deepStrictEqual(states, { [id('right')]: 'passed', [id('wrong')]: 'skipped', [id('no-expected')]: 'skipped', [id('wobbly')]: 'skipped' });
    } finally {
      release.abort();
      server.setScript(answering);
      source.dispose();
    }
  });

  it('restores the last result of every case from the run records, as after a restart', async () => {
    const expected: Record<string, string> = {
      // Each case's newest result, partial runs counting for the cases they ran.
      [id('right')]: 'passed',
      [id('wrong')]: 'failed',
      [id('no-expected')]: 'errored',
      [id('wobbly')]: 'failed',
      [id('line-one', 'evals/lines.jsonl')]: 'passed',
      [id('line-two', 'evals/lines.jsonl')]: 'failed',
    };
    const check = (states: Record<string, { state: string; messages: { message: string; expected?: string; actual?: string }[] }>) => {
      for (const [caseId, state] of Object.entries(expected)) assert.strictEqual(states[caseId]?.state, state, `${caseId}: ${states[caseId]?.state}`);
      const wrong = states[id('wrong')].messages[0];
      assert.strictEqual(wrong.expected, 'Tents can be returned within 60 days.');
      assert.strictEqual(wrong.actual, 'Tents can be returned within 14 days.');
      assert.match(states[id('wobbly')].messages[0].message, /^Flaky/);
      assert.match(states[id('no-expected')].messages[0].message, /more system memory/);
    };
    // The cancelled run above may have finished some answers cases; rerun them so the expectation above holds.
    await testing.run(new vscode.TestRunRequest([testing.item(id('right'))!, testing.item(id('wrong'))!, testing.item(id('wobbly'))!]));

    // The controller's own restore, from the records on disk with its memory cleared.
    check((await testing.restore()).states);

    // A fresh controller, as after a restart: nothing in memory but the records.
    const { ctx } = await upkeep();
    const Controller = testing.constructor as new (c: typeof ctx, id: string, label: string) => EvalTestController;
    const fresh = new Controller(ctx, 'upkeep.evals.restartCheck', 'Restart check');
    try {
      const report = await fresh.whenRestored();
      assert.strictEqual(report.name, 'Upkeep: last results from run records');
      check(report.states);
      assert.ok(report.runFiles.length >= 3);
      // Cases never run have no state (the samples have no runs of their own here, or restored ones).
      assert.ok(!Object.keys(report.states).some((k) => k.startsWith(`${CLIENT_ID}/`) && !(k in expected)));
    } finally {
      fresh.dispose();
    }
  });

  it('a run from elsewhere (CLI, Run Eval Set) shows in the explorer when its record appears', async () => {
    const { ctx } = await upkeep();
    const all = await records(dir);
    const template = all.find((r) => r.evalSet.id === 'evals/answers.yaml' && r.cases.some((c) => c.id === 'wrong'))!;
    const wrong = template.cases.find((c) => c.id === 'wrong')!;
    const passing = { ...wrong, status: 'passed' as const, pass: true, score: 1, passRate: 1, attempts: [{ ...wrong.attempts[0], output: 'Within 60 days.', pass: true, score: 1, assertions: [] }] };
    const id2 = '2099-01-01T00-00-00Z-answers';
    const record: RunRecord = { ...template, id: id2, trigger: 'cli', selectedCases: ['wrong'], cases: [passing], status: 'complete' };
    const earlier = new Set(testing.reports);
    await fs.writeFile(path.join(dir, 'runs', `${id2}.json`), JSON.stringify(record));
    await ctx.reload();
    const report = await waitFor('a replay of the new record', () => testing.reports.find((r) => !earlier.has(r) && r.states[id('wrong')]));
    assert.strictEqual(report.states[id('wrong')].state, 'passed');
    assert.deepStrictEqual(Object.keys(report.states), [id('wrong')], 'only what changed is replayed');
  });
});
