import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { openIncident, parseIncident, readIncidents, resolveIncident, stampIncident } from '../../../src/core/health/incidents';
import { parseChangelog } from '../../../src/core/workspace/changelog';
import { removeTree, tempTree } from '../helpers/tempDir';

describe('incident files', () => {
  let dir: string;
  beforeEach(async () => (dir = await tempTree({ 'CHANGELOG.md': '# Change log\n' })));
  afterEach(() => removeTree(dir));

  it('open, acknowledge, resolve: the front matter is stamped, the body kept, the hours logged', async () => {
    const file = await openIncident(dir, { title: 'Model down: acme:v3', severity: 'critical', opened: '2026-11-03T10:00:00.000Z', cause: 'model-down', summary: 'Cannot reach Ollama' });
    assert.strictEqual(path.basename(file), '2026-11-03-model-down-acme-v3.md');
    // People write under the timeline; that stays.
    await fs.appendFile(file, '\nRestarted ollama; **disk was full**.\n');
    await stampIncident(file, 'acknowledged', '2026-11-03T10:12:00.000Z', 'Dana');
    await resolveIncident(file, { at: '2026-11-03T11:30:00.000Z', hours: 1.5, changelogFile: path.join(dir, 'CHANGELOG.md'), clientName: 'Acme' });
    const text = await fs.readFile(file, 'utf8');
    const { incident } = parseIncident(file, text);
    assert.deepStrictEqual([incident?.severity, incident?.opened, incident?.acknowledged, incident?.resolved, incident?.cause], ['critical', '2026-11-03T10:00:00.000Z', '2026-11-03T10:12:00.000Z', '2026-11-03T11:30:00.000Z', 'model-down']);
    assert.match(text, /Restarted ollama; \*\*disk was full\*\*\.\n- 2026-11-03 10:12 UTC — Acknowledged: Dana\.\n- 2026-11-03 11:30 UTC — Resolved\.\n$/);
    const log = parseChangelog('CHANGELOG.md', await fs.readFile(path.join(dir, 'CHANGELOG.md'), 'utf8')).changelog;
    assert.deepStrictEqual(log.entries.map((e) => [e.date, e.category, e.hours, e.title]), [['2026-11-03', 'incident', 1.5, 'Model down: acme:v3']]);
  });

  it('a second incident of the same title and day gets its own file; a stamped time is kept', async () => {
    const n = { title: 'Slow', severity: 'medium' as const, opened: '2026-11-03T10:00:00.000Z' };
    const a = await openIncident(dir, n);
    const b = await openIncident(dir, n);
    assert.notStrictEqual(a, b);
    await stampIncident(a, 'acknowledged', '2026-11-03T10:05:00.000Z');
    const again = await stampIncident(a, 'acknowledged', '2026-11-03T12:00:00.000Z');
    assert.strictEqual(again.acknowledged, '2026-11-03T10:05:00.000Z');
    assert.strictEqual((await readIncidents(dir)).incidents.length, 2);
  });

  it('bad front matter is a problem with the line and column, and the file is left as it is', async () => {
    await fs.mkdir(path.join(dir, 'incidents'));
    const file = path.join(dir, 'incidents', 'x.md');
    await fs.writeFile(file, '---\ntitle: Disk\nseverity: urgent\nopened: 2026-11-03T10:00:00Z\n---\nbody\n');
    await fs.writeFile(path.join(dir, 'incidents', 'y.md'), 'no front matter\n');
    const { incidents, problems } = await readIncidents(dir);
    assert.strictEqual(incidents.length, 0);
    assert.deepStrictEqual(problems.map((p) => [path.basename(p.file), p.range.line, p.range.column]), [['x.md', 3, 11], ['y.md', 1, 1]]);
    await assert.rejects(stampIncident(file, 'resolved', '2026-11-03T11:00:00Z'), /x\.md:3:11/);
  });
});
