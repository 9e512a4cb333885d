import * as assert from 'assert';
import * as path from 'path';
import { ReplayProvider } from '../../../src/core/providers';
import { runEvalSet } from '../../../src/core/runner/runEvalSet';
import type { OllamaTestServer } from '../../fixtures/ollamaServer';
import { removeTree } from '../helpers/tempDir';
import { runFixture } from './fixtures';

describe('runEvalSet: assertions on how the answer came back', () => {
  let server: OllamaTestServer;
  let dir: string;
  afterEach(async () => {
    await server?.close();
    await removeTree(dir);
  });

  it("grades finish-reason with the server's stop reason and cost with its token counts at model.price", async () => {
    const set = [
      'name: Smoke',
      'cases:',
      '  - id: a',
      '    input: question 1',
      '    assert:',
      '      - { type: finish-reason, value: stop }',
      '      - { type: not-finish-reason, value: length }',
      '      - { type: cost, threshold: 1 }',
      '      - { type: cost, threshold: 0 }',
      '      - { type: assert-set, threshold: 0.5, assert: [{ type: contains, value: ok }, { type: contains, value: nope }] }',
    ].join('\n');
    const f = await runFixture(set);
    ({ server, dir } = f);
    const { record } = await runEvalSet(f.options({ model: { ...f.options().model, price: { input: 1000, output: 2000 } } }));
    const [attempt] = record.cases[0].attempts;
    const { prompt, completion } = attempt.tokens;
    assert.ok(prompt! > 0 && completion! > 0, JSON.stringify(attempt.tokens));
    const cost = (prompt! * 1000 + completion! * 2000) / 1e6;
    assert.deepStrictEqual(
      attempt.assertions.map((a) => [a.type, a.pass, a.error]),
      [
        ['finish-reason', true, undefined],
        ['not-finish-reason', true, undefined],
        ['cost', cost <= 1, undefined],
        ['cost', false, undefined],
        ['assert-set', true, undefined],
      ],
    );
    assert.match(attempt.assertions[3].reason, new RegExp(`^Cost ${cost.toPrecision(3)} \\(${prompt} prompt \\+ ${completion} completion tokens\\) is over threshold 0$`));
  });

  it('a replayed answer without a recorded latency has none: latency is an error on it, and p50/p95 are not computed from lookups', async () => {
    const set = [
      'name: Smoke',
      'cases:',
      '  - id: recorded',
      '    input: question 1',
      '    assert: [{ type: latency, threshold: 1000 }]',
      '  - id: unrecorded',
      '    input: question 2',
      '    assert: [{ type: latency, threshold: 1000 }, { type: contains, value: ok }]',
    ].join('\n');
    const f = await runFixture(set);
    ({ server, dir } = f);
    const transcript = '{"input": "question 1", "output": "ok", "latencyMs": 1500}\n{"input": "question 2", "output": "ok"}\n';
    const provider = new ReplayProvider({ transcriptPath: path.join(dir, 'prod.jsonl'), model: 'replay', text: transcript });
    const { record } = await runEvalSet(f.options({ provider }));
    const [recorded, unrecorded] = record.cases;
    assert.deepStrictEqual([recorded.status, recorded.attempts[0].latencyMs, recorded.attempts[0].assertions[0].reason], ['failed', 1500, 'Latency 1500 ms is over threshold 1000 ms']);
    assert.strictEqual(unrecorded.attempts[0].latencyMs, undefined);
    assert.strictEqual(unrecorded.attempts[0].assertions[0].error, 'No latency was measured for this answer (a replayed answer has none), so latency cannot be checked.');
    assert.strictEqual(unrecorded.status, 'errored', 'an assertion that cannot be evaluated errors its case');
    assert.deepStrictEqual([record.summary.latencyP50Ms, record.summary.latencyP95Ms], [1500, 1500], 'only the recorded latency counts');
  });
});
