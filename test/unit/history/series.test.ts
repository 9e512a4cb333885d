import * as assert from 'assert';
import { countsAsScore } from '../../../src/core/history/runsThatCount';
import { breaches, seriesBySet, timelineEvents, type SeriesRun } from '../../../src/core/analysis/series';

function r(day: number, over: Partial<SeriesRun> = {}): SeriesRun {
  return {
    runId: `run-${day}`,
    evalSetId: 'evals/front-desk.yaml',
    startedAt: `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`,
    status: 'complete',
    partial: false,
    purpose: 'production',
    modelName: 'acme:v3',
    modelDigest: 'sha256:aaa',
    systemPromptSha: 'p1',
    total: 10,
    passed: 9,
    failed: 1,
    errored: 0,
    score: 0.9,
    passRate: 0.9,
    latencyP50Ms: 500,
    latencyP95Ms: 900,
    ...over,
  };
}

describe('series, breaches and timeline events', () => {
  it('a series per set holds only complete runs of the whole set, oldest first', () => {
    const runs = [
      r(3),
      r(1),
      r(2, { status: 'cancelled' }),
      r(4, { partial: true }),
      r(5, { status: 'interrupted' }),
      r(6, { evalSetId: 'evals/safety.yaml', passRate: 1 }),
    ];
    const series = seriesBySet(runs, { passRate: 0.95 });
    assert.deepStrictEqual([...series.keys()], ['evals/front-desk.yaml', 'evals/safety.yaml']);
    assert.deepStrictEqual(series.get('evals/front-desk.yaml')!.map((p) => p.runId), ['run-1', 'run-3']);
    const point = series.get('evals/front-desk.yaml')![0];
    assert.deepStrictEqual([point.score, point.passRate, point.latencyP50Ms, point.latencyP95Ms], [0.9, 0.9, 500, 900]);
    assert.deepStrictEqual(point.breaches.map((b) => b.metric), ['passRate']);
    assert.deepStrictEqual(series.get('evals/safety.yaml')![0].breaches, []);
    assert.strictEqual(countsAsScore(r(1, { partial: true })), false);
  });

  it('breaches: pass rate below, p95 latency above; at the threshold is no breach', () => {
    const t = { passRate: 0.9, latencyP95Ms: 1000 };
    assert.deepStrictEqual(breaches({ passRate: 0.9, latencyP95Ms: 1000 }, t), []);
    const both = breaches({ passRate: 0.85, latencyP95Ms: 1200.4 }, t);
    assert.deepStrictEqual(
      both.map((b) => [b.metric, b.value, b.threshold, b.message]),
      [
        ['passRate', 0.85, 0.9, 'pass rate 85% < 90% threshold (−5 pts)'],
        ['latencyP95Ms', 1200.4, 1000, 'latency p95 1200 ms > 1000 ms threshold (+200 ms)'],
      ],
    );
    assert.deepStrictEqual(breaches({ passRate: 0 }, undefined), [], 'no thresholds, no breach');
    assert.deepStrictEqual(breaches({ passRate: 1 }, { latencyP95Ms: 10 }), [], 'no latency measured, no latency breach');
  });

  it('events: model digest changes, system-prompt changes and change-log entries, in time order', () => {
    const runs = [
      r(1),
      r(2, { evalSetId: 'evals/safety.yaml' }),
      r(3, { modelName: 'acme:v4', modelDigest: 'sha256:bbb' }),
      r(4, { modelName: 'acme:v4', modelDigest: 'sha256:bbb', systemPromptSha: 'p2', status: 'cancelled' }),
      r(5, { modelName: 'acme:v4', modelDigest: 'sha256:bbb', systemPromptSha: 'p2' }),
      r(6, { modelName: 'acme:v4', modelDigest: 'sha256:ccc', systemPromptSha: 'p2' }), // same name, new weights
    ];
    const events = timelineEvents(runs, [
      { date: '2026-03-04', category: 'prompt', hours: 0.5, title: 'Closure dates', line: 7 },
      { date: '2026-03-02', category: 'retrain', hours: 3, title: 'v4', line: 3 },
    ]);
    assert.deepStrictEqual(
      events.map((e) => [e.kind, e.at.slice(0, 10), e.title]),
      [
        ['changelog', '2026-03-02', 'v4'],
        ['model', '2026-03-03', 'Model acme:v3 (sha256:aaa) → acme:v4 (sha256:bbb)'],
        ['changelog', '2026-03-04', 'Closure dates'],
        ['systemPrompt', '2026-03-04', 'System prompt changed (p1 → p2)'],
        ['model', '2026-03-06', 'Model acme:v4 (sha256:bbb) → acme:v4 (sha256:ccc)'],
      ],
    );
    const model = events[1];
    assert.ok(model.kind === 'model');
    assert.deepStrictEqual([model.runId, model.from, model.to], ['run-3', { name: 'acme:v3', digest: 'sha256:aaa' }, { name: 'acme:v4', digest: 'sha256:bbb' }]);
  });

  it('a provider without digests marks a change of model name; one run marks nothing', () => {
    const noDigest = (day: number, name: string) => {
      const { modelDigest: _d, ...rest } = r(day, { modelName: name });
      return rest;
    };
    assert.deepStrictEqual(timelineEvents([noDigest(1, 'gpt-a')], []), []);
    const events = timelineEvents([noDigest(1, 'gpt-a'), noDigest(2, 'gpt-a'), noDigest(3, 'gpt-b')], []);
    assert.deepStrictEqual(events.map((e) => e.title), ['Model gpt-a → gpt-b']);
  });
});
