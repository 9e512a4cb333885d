import * as assert from 'assert';
import type { SeverityFigures } from '../../../src/core/health/compliance';
import { incidentsRows, operationsSectionText } from '../../../src/core/report/incidentsTable';
import type { ReportOperations } from '../../../src/core/report/types';

const HOUR = 3_600_000;
const figures = (severity: SeverityFigures['severity'], f: Partial<SeverityFigures>): SeverityFigures => ({ severity, count: 1, met: 0, breached: 0, pending: 0, targetResponseMs: HOUR, targetResolutionMs: 4 * HOUR, ...f });

describe("the report's incidents table", () => {
  it('a row per severity with its mean times against the targets, pending said, and a total with the compliance rate', () => {
    const ops: ReportOperations = {
      monitored: true,
      note: '…',
      uptimeNote: 'Uptime 99.9% against a 99.5% target (met).',
      incidents: 3,
      slaCompliance: 0.5,
      bySeverity: [figures('critical', { count: 2, met: 1, breached: 1, meanResponseMs: 0.5 * HOUR, meanResolutionMs: 5 * HOUR }), figures('low', { pending: 1, targetResponseMs: 48 * HOUR, targetResolutionMs: 240 * HOUR })],
    };
    assert.deepStrictEqual(incidentsRows(ops), [
      ['critical', '2', '1 of 2', '30 min (1 h)', '5 h (4 h)'],
      ['low', '1', '1 pending', '– (2 d)', '– (10 d)'],
      ['all', '3', '1 of 2 (50%)', '', ''],
    ]);
    assert.strictEqual(operationsSectionText(ops), 'Uptime 99.9% against a 99.5% target (met).');
  });

  it('no table without incidents, and the not-monitored line while there is nothing to show', () => {
    const quiet: ReportOperations = { monitored: true, note: '…', uptimeNote: 'Uptime 100% against a 99.5% target (met).', incidents: 0, bySeverity: [] };
    assert.deepStrictEqual(incidentsRows(quiet), []);
    assert.strictEqual(operationsSectionText(quiet), 'Uptime 100% against a 99.5% target (met). No incidents.');
    assert.strictEqual(operationsSectionText({ monitored: false, note: 'Uptime and incidents: not monitored yet.' }), 'Uptime and incidents: not monitored yet.');
  });
});
