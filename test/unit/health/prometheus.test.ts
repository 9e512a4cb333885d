import * as assert from 'assert';
import type { HealthCheck } from '../../../src/core/health/check';
import { prometheusText } from '../../../src/core/health/prometheus';

const check = (over: Partial<HealthCheck>): HealthCheck => ({ clientId: 'acme', clientName: 'Acme', at: '2026-11-03T10:00:00Z', status: 'up', model: 'acme:v3', host: 'http://127.0.0.1:11434', problems: [], summary: '', ...over });

// The text exposition format's rules (prometheus.io/docs/instrumenting/exposition_formats):
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (-?[0-9.eE+-]+|NaN|[+-]Inf)$/;

function checkFormat(text: string): Map<string, string[]> {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const families = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      assert.match(meta[2], NAME);
      if (meta[1] === 'HELP') {
        assert.ok(!families.has(meta[2]), `one HELP for ${meta[2]}`);
        families.set(meta[2], []);
        current = meta[2];
      } else assert.strictEqual(meta[3], 'gauge');
      continue;
    }
    const m = SAMPLE.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    assert.strictEqual(m[1], current, 'samples of a family are grouped under its HELP and TYPE');
    for (const pair of m[2].split(/,(?=[a-zA-Z_])/)) assert.match(pair.split('=')[0], LABEL_NAME);
    families.get(current!)!.push(line);
  }
  return families;
}

describe('Prometheus output', () => {
  it('follows the exposition format: names, grouped families, escaped labels, seconds', () => {
    const text = prometheusText([
      check({ firstTokenMs: 120, totalMs: 850 }),
      check({ clientId: 'north"wind\\legal\n', status: 'down', summary: 'Cannot reach' }),
      check({ clientId: 'fern', status: 'degraded', digestChangedFrom: 'sha256:ab', firstTokenMs: 4000, totalMs: 5200 }),
    ]);
    const families = checkFormat(text);
    assert.deepStrictEqual([...families.keys()], ['upkeep_up', 'upkeep_degraded', 'upkeep_digest_changed', 'upkeep_probe_first_token_seconds', 'upkeep_probe_duration_seconds']);
    assert.deepStrictEqual(families.get('upkeep_up')!.map((l) => l.split(' ').at(-1)), ['1', '0', '1']);
    assert.ok(text.includes('client="north\\"wind\\\\legal\\n"'), 'quote, backslash and newline escaped');
    assert.ok(text.includes('upkeep_probe_duration_seconds{client="acme",model="acme:v3",host="http://127.0.0.1:11434"} 0.85'));
    assert.deepStrictEqual(families.get('upkeep_digest_changed')!.map((l) => l.split(' ').at(-1)), ['0', '0', '1']);
    // A down client has no probe time: no sample rather than a made-up zero.
    assert.strictEqual(families.get('upkeep_probe_duration_seconds')!.length, 2);
  });
});
