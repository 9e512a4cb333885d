import type { RunRecord } from '../store/runRecord';
import { escapeMarkup } from '../format/markup';

/**
 * JUnit XML, the format every CI server shows: one test suite per run, one test case per eval
 * case. Failures carry the assertion reasons; errors the provider's message.
 */
export function toJUnit(records: readonly RunRecord[]): string {
  const suites = records.map((r) => {
    const seconds = (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000;
    const cases = r.cases.map((c) => {
      const time = ((c.attempts[0]?.latencyMs ?? 0) / 1000).toFixed(3);
      const open = `    <testcase classname="${xml(`${r.client.name}.${r.evalSet.name}`)}" name="${xml(c.id)}" time="${time}"`;
      if (c.status === 'passed') return `${open}/>`;
      const attempt = c.attempts.find((a) => !a.pass) ?? c.attempts[0];
      if (c.status === 'errored') return `${open}>\n      <error message="${xml(attempt.error ?? 'error')}"/>\n    </testcase>`;
      const reasons = attempt.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`);
      const body = [`score ${c.score.toFixed(2)}`, ...reasons, '', 'output:', attempt.output].join('\n');
      return `${open}>\n      <failure message="${xml(reasons[0] ?? `score ${c.score.toFixed(2)}`)}">${xml(body)}</failure>\n    </testcase>`;
    });
    const attrs = `name="${xml(`${r.client.name} / ${r.evalSet.name}`)}" tests="${r.cases.length}" failures="${r.summary.failed}" errors="${r.summary.errored}" time="${seconds.toFixed(3)}" timestamp="${xml(r.startedAt)}"`;
    return `  <testsuite ${attrs}>\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return escapeMarkup(
    // eslint-disable-next-line no-control-regex
    text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''),
  );
}
