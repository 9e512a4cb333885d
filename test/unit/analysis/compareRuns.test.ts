import * as assert from 'assert';
import { compareRuns, IncomparableRunsError } from '../../../src/core/analysis/compareRuns';
import type { CaseComparison } from '../../../src/core/analysis/comparisonTypes';
import { outcome, run } from './records';

const byId = (cases: CaseComparison[]) => Object.fromEntries(cases.map((c) => [c.id, c]));

describe('compareRuns', () => {
  // base: a ✓, b ✓, c ✗, d errored, e ✗ (0.4), gone ✓
  // head: fresh ✓, a ✓ (same output), b ✗ (new output), c ✓, d ✓, e ✗ (0.7)
  const base = run('base-run', [
    outcome('a', 'passed'),
    outcome('b', 'passed'),
    outcome('c', 'failed'),
    outcome('d', 'errored', { score: 0.5 }),
    outcome('e', 'failed', { score: 0.4 }),
    outcome('gone', 'passed'),
  ]);
  const head = run('head-run', [
    outcome('fresh', 'passed'),
    outcome('a', 'passed'),
    outcome('b', 'failed', { output: 'I cannot help with refunds.' }),
    outcome('c', 'passed'),
    outcome('d', 'passed'),
    outcome('e', 'failed', { score: 0.7 }),
  ]);

  it('classifies every case by id: fixed, regressed, unchanged, new, removed', () => {
    const cmp = compareRuns(base, head);
    const cases = byId(cmp.cases);
    assert.strictEqual(cases.fresh.change, 'new');
    assert.strictEqual(cases.a.change, 'unchanged-pass');
    assert.strictEqual(cases.b.change, 'regressed');
    assert.strictEqual(cases.c.change, 'fixed');
    assert.strictEqual(cases.d.change, 'fixed', 'errored in base counts as not passed');
    assert.strictEqual(cases.e.change, 'unchanged-fail');
    assert.strictEqual(cases.gone.change, 'removed');
    assert.deepStrictEqual(cmp.counts, { fixed: 2, regressed: 1, 'unchanged-pass': 1, 'unchanged-fail': 1, new: 1, removed: 1, 'not-run': 0 });
    assert.strictEqual(cmp.baseRunId, 'base-run');
    assert.strictEqual(cmp.headRunId, 'head-run');
    assert.strictEqual(cmp.evalSetId, 'evals/front-desk.yaml');
  });

  it("keeps head's order, then the removed cases in base's order", () => {
    const b = run('b1', [outcome('x', 'passed'), outcome('gone-1', 'failed'), outcome('y', 'passed'), outcome('gone-2', 'passed')]);
    const h = run('h1', [outcome('y', 'passed'), outcome('new-1', 'passed'), outcome('x', 'failed')]);
    assert.deepStrictEqual(
      compareRuns(b, h).cases.map((c) => c.id),
      ['y', 'new-1', 'x', 'gone-1', 'gone-2'],
    );
    assert.deepStrictEqual(
      compareRuns(base, head).cases.map((c) => c.id),
      ['fresh', 'a', 'b', 'c', 'd', 'e', 'gone'],
    );
  });

  it('gives each side its score and pass, undefined for the side a case is missing from', () => {
    const cases = byId(compareRuns(base, head).cases);
    assert.deepStrictEqual(cases.e, { id: 'e', change: 'unchanged-fail', baseScore: 0.4, basePass: false, headScore: 0.7, headPass: false, outputChanged: false });
    assert.deepStrictEqual(cases.d, { id: 'd', change: 'fixed', baseScore: 0, basePass: false, headScore: 1, headPass: true, outputChanged: true });
    assert.deepStrictEqual(cases.fresh, { id: 'fresh', change: 'new', headScore: 1, headPass: true, outputChanged: false });
    assert.deepStrictEqual(cases.gone, { id: 'gone', change: 'removed', baseScore: 1, basePass: true, outputChanged: false });
  });

  it("compares first attempts' outputs", () => {
    const cases = byId(compareRuns(base, head).cases);
    assert.strictEqual(cases.a.outputChanged, false);
    assert.strictEqual(cases.b.outputChanged, true);
    const twoAttempts = outcome('a', 'passed');
    twoAttempts.attempts = [twoAttempts.attempts[0], { ...twoAttempts.attempts[0], output: 'a different second answer' }];
    const h = run('h', [twoAttempts]);
    assert.strictEqual(compareRuns(run('b', [outcome('a', 'passed')]), h).cases[0].outputChanged, false, 'only the first attempt counts');
  });

  it('computes score and pass-rate deltas, head − base, each over its own cases (errored scores 0)', () => {
    const cmp = compareRuns(base, head);
    // base scores 1, 1, 0, 0 (errored, recorded 0.5), 0.4, 1 → 3.4 / 6; head 1, 1, 0, 1, 1, 0.7 → 4.7 / 6
    assert.ok(Math.abs(cmp.scoreDelta - (4.7 - 3.4) / 6) < 1e-12, `${cmp.scoreDelta}`);
    // base passes a, b, gone: 3 / 6; head passes fresh, a, c, d: 4 / 6
    assert.ok(Math.abs(cmp.passRateDelta - (4 / 6 - 3 / 6)) < 1e-12, `${cmp.passRateDelta}`);
    const empty = compareRuns(run('b', []), run('h', [outcome('a', 'passed')]));
    assert.strictEqual(empty.scoreDelta, 1);
    assert.strictEqual(empty.passRateDelta, 1);
  });

  describe('a run that did not run the whole set', () => {
    const whole = run('whole', [outcome('a', 'passed'), outcome('b', 'failed'), outcome('c', 'passed'), outcome('d', 'passed')]);
    const selected = (id: string, cases: ReturnType<typeof outcome>[]) => run(id, cases, (r) => (r.selectedCases = cases.map((c) => c.id)));

    it('a re-run of selected cases: the cases it did not select are not run, not removed; deltas over the shared cases', () => {
      const cmp = compareRuns(whole, selected('rerun', [outcome('b', 'passed')]));
      assert.deepStrictEqual(
        cmp.cases.map((c) => [c.id, c.change]),
        [['b', 'fixed'], ['a', 'not-run'], ['c', 'not-run'], ['d', 'not-run']],
      );
      assert.strictEqual(cmp.counts['not-run'], 3);
      assert.strictEqual(cmp.counts.removed, 0);
      // Over b alone: 0 → 1. Over each run's own cases it would be 1 − 3/4.
      assert.deepStrictEqual(cmp.basis, { over: 'shared-cases', sharedCases: 1, baseScore: 0, headScore: 1, basePassRate: 0, headPassRate: 1 });
      assert.strictEqual(cmp.scoreDelta, 1);
      assert.strictEqual(cmp.passRateDelta, 1);
    });

    it('against a base of selected cases, the cases only the head ran are not run, not new', () => {
      const cmp = compareRuns(selected('rerun', [outcome('b', 'failed')]), whole);
      assert.deepStrictEqual(byId(cmp.cases).a.change, 'not-run');
      assert.strictEqual(cmp.counts.new, 0);
      assert.strictEqual(cmp.counts['not-run'], 3);
      assert.strictEqual(cmp.basis.over, 'shared-cases');
    });

    it('an interrupted or cancelled run lacks cases it never reached: not run', () => {
      for (const status of ['interrupted', 'cancelled'] as const) {
        const cut = run('cut', [outcome('a', 'passed'), outcome('b', 'passed')], (r) => (r.status = status));
        const cmp = compareRuns(whole, cut);
        assert.deepStrictEqual(
          cmp.cases.filter((c) => c.change === 'not-run').map((c) => c.id),
          ['c', 'd'],
          status,
        );
        assert.deepStrictEqual(cmp.basis, { over: 'shared-cases', sharedCases: 2, baseScore: 0.5, headScore: 1, basePassRate: 0.5, headPassRate: 1 }, status);
      }
    });

    it('two whole, complete runs: deltas over each run, new and removed as such', () => {
      const cmp = compareRuns(base, head);
      assert.strictEqual(cmp.basis.over, 'each-run');
      assert.strictEqual(cmp.basis.sharedCases, 5);
    });
  });

  it('tests significance on the paired cases only', () => {
    const cmp = compareRuns(base, head);
    assert.strictEqual(cmp.significance.fixed, 2);
    assert.strictEqual(cmp.significance.regressed, 1);
    assert.strictEqual(cmp.significance.pValue, 1);
    assert.strictEqual(cmp.significance.significant, false);

    // 10 fixed, none regressed, and 30 new passing cases that must not count.
    const ids = Array.from({ length: 10 }, (_, i) => `case-${i}`);
    const extra = Array.from({ length: 30 }, (_, i) => outcome(`extra-${i}`, 'passed'));
    const b = run('b', ids.map((id) => outcome(id, 'failed')));
    const h = run('h', [...ids.map((id) => outcome(id, 'passed')), ...extra]);
    const strong = compareRuns(b, h, { alpha: 0.01 });
    assert.strictEqual(strong.significance.fixed, 10);
    assert.strictEqual(strong.significance.pValue, 2 / 1024);
    assert.strictEqual(strong.significance.alpha, 0.01);
    assert.strictEqual(strong.significance.significant, true);
    assert.strictEqual(strong.significance.verdict, '10 fixed vs 0 regressed: p = 0.002, more than noise at α = 0.01.');
    assert.strictEqual(strong.counts.new, 30);
  });

  it('treats errored as not passed on either side', () => {
    const cmp = compareRuns(run('b', [outcome('a', 'passed'), outcome('z', 'errored')]), run('h', [outcome('a', 'errored'), outcome('z', 'failed')]));
    assert.deepStrictEqual(cmp.cases.map((c) => c.change), ['regressed', 'unchanged-fail']);
  });

  it('two identical runs: nothing changed, nothing differs', () => {
    const cmp = compareRuns(base, base);
    assert.strictEqual(cmp.counts['unchanged-pass'] + cmp.counts['unchanged-fail'], 6);
    assert.strictEqual(cmp.scoreDelta, 0);
    assert.strictEqual(cmp.significance.pValue, 1);
    assert.deepStrictEqual(cmp.config, []);
    assert.ok(cmp.cases.every((c) => !c.outputChanged));
  });

  describe('configuration differences', () => {
    it('compares options canonically: key order is not a difference', () => {
      const b = run('b', [], (r) => (r.model.options = { temperature: 0, seed: 7, num_ctx: 4096, stop: ['\n\n'], mirostat: { tau: 5, eta: 0.1 } }));
      const h = run('h', [], (r) => (r.model.options = { mirostat: { eta: 0.1, tau: 5 }, num_ctx: 4096, stop: ['\n\n'], seed: 7, temperature: 0 }));
      assert.deepStrictEqual(compareRuns(b, h).config, []);
      assert.deepStrictEqual(compareRuns(run('b', []), run('h', [], (r) => (r.model.options = {}))).config, [], 'no options = {}');
    });

    it('reports a changed digest and system prompt, with short hashes', () => {
      const b = run('b', [], (r) => {
        r.model.digest = 'sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa';
        r.systemPrompt = { sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', text: 'Be kind.' };
      });
      const h = run('h', [], (r) => {
        r.model.digest = 'sha256:365c0bd3c000a25d28ddbf732fe1c6add414de7275464c4e4d1c3b5fcb5d8ad1';
        r.systemPrompt = { sha256: '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752', text: 'Be kind and brief.' };
      });
      assert.deepStrictEqual(compareRuns(b, h).config, [
        { field: 'digest', base: '6a0746a1ec1a', head: '365c0bd3c000' },
        { field: 'systemPrompt', base: '9f86d081', head: '60303ae2' },
      ]);
    });

    it('lengthens short hashes until they tell two different hashes apart', () => {
      const b = run('b', [], (r) => (r.systemPrompt = { sha256: 'abcdef0123456789', text: 'x' }));
      const h = run('h', [], (r) => (r.systemPrompt = { sha256: 'abcdef0129999999', text: 'y' }));
      assert.deepStrictEqual(compareRuns(b, h).config, [{ field: 'systemPrompt', base: 'abcdef0123', head: 'abcdef0129' }]);
    });

    it('reports every field that differs, in a fixed order, as people read it', () => {
      const b = run('b', [], (r) => {
        r.model.options = { temperature: 0, seed: 7, num_ctx: 4096 };
        r.model.format = 'json';
        r.judge = { name: 'llama3.1:8b', embeddings: 'nomic-embed-text' };
      });
      const h = run('h', [], (r) => {
        r.provider = { kind: 'openai', host: 'http://10.0.0.5:8000/v1' };
        r.model = { name: 'acme:v4', digest: undefined, options: { num_ctx: 4096, temperature: 0.7 }, format: { type: 'object', properties: { answer: { type: 'string' } } } };
        r.systemPrompt = { sha256: 'ba5eba11', text: 'Be brief.' };
      });
      assert.deepStrictEqual(compareRuns(b, h).config, [
        { field: 'provider', base: 'ollama at http://127.0.0.1:11434', head: 'openai at http://10.0.0.5:8000/v1' },
        { field: 'model', base: 'acme:v3', head: 'acme:v4' },
        { field: 'digest', base: 'abc', head: '(not recorded)' },
        { field: 'options', base: 'seed: 7, temperature: 0', head: 'seed: (unset), temperature: 0.7' },
        { field: 'format', base: 'json', head: 'JSON schema {"properties":{"answer":{"type":"string"}},"type":"object"}' },
        { field: 'systemPrompt', base: 'f00', head: 'ba5eba11' },
        { field: 'judge', base: 'llama3.1:8b (embeddings nomic-embed-text)', head: '(none)' },
      ]);
    });

    it('a different host alone is a provider difference', () => {
      const h = run('h', [], (r) => (r.provider = { kind: 'ollama', host: 'http://gpu-box:11434' }));
      assert.deepStrictEqual(compareRuns(run('b', []), h).config, [
        { field: 'provider', base: 'ollama at http://127.0.0.1:11434', head: 'ollama at http://gpu-box:11434' },
      ]);
    });
  });

  it('refuses runs of different eval sets, saying which', () => {
    const other = run('other-run', [], (r) => (r.evalSet = { id: 'evals/billing.yaml', name: 'Billing' }));
    assert.throws(
      () => compareRuns(base, other),
      (e: Error) =>
        e instanceof IncomparableRunsError &&
        /different eval sets/.test(e.message) &&
        e.message.includes('"Front desk" (evals/front-desk.yaml)') &&
        e.message.includes('"Billing" (evals/billing.yaml)'),
    );
    const otherClient = run('other-client', [], (r) => (r.client = { id: 'clients/northwind', name: 'Northwind' }));
    assert.throws(() => compareRuns(base, otherClient), IncomparableRunsError, 'the same set path in another client is another set');
  });

  it('compares runs of one client folder made from a one-folder workspace, a multi-root one and the CLI', () => {
    for (const id of ['west/' + base.client.id, base.client.id.split('/').at(-1)!]) {
      const seen = run('elsewhere', [], (r) => (r.client = { ...r.client, id }));
      assert.doesNotThrow(() => compareRuns(base, seen), id);
    }
  });
});
