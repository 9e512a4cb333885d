import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { BASELINES_FILE, formatBaselines, parseBaselines, pinBaseline, readBaselines, unpinBaseline } from '../../../src/core/store/baselines';
import { removeTree, tempTree } from '../helpers/tempDir';

const NOV = new Date('2026-11-23T10:00:00.000Z');
const DEC = new Date('2026-12-01T09:30:00.000Z');

describe('baselines', () => {
  let dir: string;
  const file = () => path.join(dir, BASELINES_FILE);
  const text = () => fs.readFile(file(), 'utf8');
  beforeEach(async () => (dir = await tempTree({ 'client.yaml': 'name: Acme\n' })));
  afterEach(() => removeTree(dir));

  it('no file: no pins and no problems', async () => {
    assert.deepStrictEqual(await readBaselines(dir), { baselines: {}, problems: [] });
  });

  it('pins, reads back and unpins', async () => {
    const pin = await pinBaseline(dir, 'evals/front-desk.yaml', '2026-11-23T10-00-00Z-front-desk', '  v3 sign-off  ', NOV);
    assert.deepStrictEqual(pin, { runId: '2026-11-23T10-00-00Z-front-desk', pinnedAt: '2026-11-23T10:00:00.000Z', note: 'v3 sign-off' });
    const runIdAt = { 'evals/front-desk.yaml': { line: 6, column: 16 } };
    assert.deepStrictEqual(await readBaselines(dir), { baselines: { 'evals/front-desk.yaml': pin }, problems: [], runIdAt });

    assert.strictEqual(await unpinBaseline(dir, 'evals/front-desk.yaml'), true);
    assert.deepStrictEqual(await readBaselines(dir), { baselines: {}, problems: [], runIdAt: {} });
    assert.strictEqual(await text(), '{\n  "baselines": {},\n  "version": 1\n}\n');
  });

  it('writes stable, diff-friendly JSON: sorted keys, 2-space indent, trailing newline', async () => {
    await pinBaseline(dir, 'evals/front-desk.yaml', 'run-2', 'after the prompt change', DEC);
    await pinBaseline(dir, 'evals/billing.yaml', 'run-1', undefined, NOV);
    assert.strictEqual(
      await text(),
      [
        '{',
        '  "baselines": {',
        '    "evals/billing.yaml": {',
        '      "pinnedAt": "2026-11-23T10:00:00.000Z",',
        '      "runId": "run-1"',
        '    },',
        '    "evals/front-desk.yaml": {',
        '      "note": "after the prompt change",',
        '      "pinnedAt": "2026-12-01T09:30:00.000Z",',
        '      "runId": "run-2"',
        '    }',
        '  },',
        '  "version": 1',
        '}',
        '',
      ].join('\n'),
    );
    // The same pins give the same bytes whatever order they were made in.
    const again = await tempTree({});
    try {
      await pinBaseline(again, 'evals/billing.yaml', 'run-1', undefined, NOV);
      await pinBaseline(again, 'evals/front-desk.yaml', 'run-2', 'after the prompt change', DEC);
      assert.strictEqual(await fs.readFile(path.join(again, BASELINES_FILE), 'utf8'), await text());
    } finally {
      await removeTree(again);
    }
  });

  it("keeps other sets' pins when one set is pinned again or unpinned", async () => {
    await pinBaseline(dir, 'evals/front-desk.yaml', 'run-1', undefined, NOV);
    await pinBaseline(dir, 'evals/billing.yaml', 'run-2', 'billing v1', NOV);
    await pinBaseline(dir, 'evals/front-desk.yaml', 'run-3', undefined, DEC);
    let read = await readBaselines(dir);
    assert.deepStrictEqual(read.baselines, {
      'evals/front-desk.yaml': { runId: 'run-3', pinnedAt: '2026-12-01T09:30:00.000Z' },
      'evals/billing.yaml': { runId: 'run-2', pinnedAt: '2026-11-23T10:00:00.000Z', note: 'billing v1' },
    });
    assert.strictEqual(await unpinBaseline(dir, 'evals/front-desk.yaml'), true);
    read = await readBaselines(dir);
    assert.deepStrictEqual(Object.keys(read.baselines), ['evals/billing.yaml']);
  });

  it('unpinning a set that has no pin changes nothing', async () => {
    assert.strictEqual(await unpinBaseline(dir, 'evals/front-desk.yaml'), false);
    await assert.rejects(fs.access(file()), 'no file is created');
    await pinBaseline(dir, 'evals/billing.yaml', 'run-2', undefined, NOV);
    const before = await text();
    assert.strictEqual(await unpinBaseline(dir, 'evals/front-desk.yaml'), false);
    assert.strictEqual(await text(), before);
  });

  it('writes atomically: no temporary file is left, and concurrent pins all land', async () => {
    const sets = Array.from({ length: 8 }, (_, i) => `evals/set-${i}.yaml`);
    await Promise.all(sets.map((set, i) => pinBaseline(dir, set, `run-${i}`, undefined, NOV)));
    assert.deepStrictEqual((await fs.readdir(dir)).sort(), [BASELINES_FILE, 'client.yaml']);
    const read = await readBaselines(dir);
    assert.deepStrictEqual(Object.keys(read.baselines).sort(), sets);
    await Promise.all(sets.slice(0, 4).map((set) => unpinBaseline(dir, set)));
    assert.deepStrictEqual(Object.keys((await readBaselines(dir)).baselines).sort(), sets.slice(4));
    assert.deepStrictEqual((await fs.readdir(dir)).sort(), [BASELINES_FILE, 'client.yaml']);
  });

  it('a failed write leaves the old file whole and no temporary file behind', async () => {
    await pinBaseline(dir, 'evals/front-desk.yaml', 'run-1', undefined, NOV);
    const before = await text();
    const rename = fs.rename;
    fs.rename = () => Promise.reject(Object.assign(new Error('EXDEV: the disk went away'), { code: 'EXDEV' }));
    try {
      await assert.rejects(pinBaseline(dir, 'evals/front-desk.yaml', 'run-2', undefined, DEC), /disk went away/);
    } finally {
      fs.rename = rename;
    }
    assert.strictEqual(await text(), before);
    assert.deepStrictEqual((await fs.readdir(dir)).sort(), [BASELINES_FILE, 'client.yaml']);
    await pinBaseline(dir, 'evals/front-desk.yaml', 'run-2', undefined, DEC);
    assert.strictEqual((await readBaselines(dir)).baselines['evals/front-desk.yaml'].runId, 'run-2', 'and the next write works');
  });

  describe('a malformed file', () => {
    const broken = [
      '{',
      '  "baselines": {',
      '    "evals/front-desk.yaml": { "runId": "run-1" "pinnedAt": "2026-11-23T10:00:00.000Z" }',
      '  },',
      '  "version": 1',
      '}',
      '',
    ].join('\n');

    it('is reported with line and column', async () => {
      await fs.writeFile(file(), broken);
      const read = await readBaselines(dir);
      assert.deepStrictEqual(read.baselines, {});
      assert.ok(read.problems.length >= 1);
      // Column 49 of line 3 is where "pinnedAt" starts, the token that should have followed a comma.
      assert.deepStrictEqual([read.problems[0].line, read.problems[0].column], [3, 49]);
      assert.match(read.problems[0].message, /Unexpected/);
    });

    it('is never overwritten: pin and unpin refuse, saying why', async () => {
      await fs.writeFile(file(), broken);
      await assert.rejects(pinBaseline(dir, 'evals/billing.yaml', 'run-9', undefined, NOV), (e: Error) => {
        assert.match(e.message, /baselines\.json has problems, so Upkeep will not overwrite it: line 3, column 49/);
        assert.match(e.message, /Fix the file/);
        return true;
      });
      await assert.rejects(unpinBaseline(dir, 'evals/front-desk.yaml'), /will not overwrite/);
      assert.strictEqual(await text(), broken);
      assert.deepStrictEqual((await fs.readdir(dir)).sort(), [BASELINES_FILE, 'client.yaml']);
    });

    it('a git merge conflict is a problem too, and is left for a person to resolve', async () => {
      const conflict = [
        '{',
        '  "baselines": {',
        '<<<<<<< HEAD',
        '    "evals/front-desk.yaml": { "pinnedAt": "2026-11-23T10:00:00.000Z", "runId": "run-1" }',
        '=======',
        '    "evals/front-desk.yaml": { "pinnedAt": "2026-11-24T10:00:00.000Z", "runId": "run-2" }',
        '>>>>>>> theirs',
        '  },',
        '  "version": 1',
        '}',
        '',
      ].join('\n');
      await fs.writeFile(file(), conflict);
      assert.ok((await readBaselines(dir)).problems.length > 0);
      await assert.rejects(pinBaseline(dir, 'evals/front-desk.yaml', 'run-3', undefined, NOV), /will not overwrite/);
      assert.strictEqual(await text(), conflict);
    });

    it('schema problems point at the value; valid pins beside a bad one are kept but the file is not rewritten', async () => {
      const mixed = [
        '{',
        '  "baselines": {',
        '    "evals/billing.yaml": { "pinnedAt": "2026-11-23T10:00:00.000Z", "runId": "run-1" },',
        '    "evals/front-desk.yaml": { "pinnedAt": "last tuesday", "runId": "run-2" }',
        '  },',
        '  "version": 1',
        '}',
        '',
      ].join('\n');
      await fs.writeFile(file(), mixed);
      const read = await readBaselines(dir);
      assert.deepStrictEqual(read.baselines, { 'evals/billing.yaml': { pinnedAt: '2026-11-23T10:00:00.000Z', runId: 'run-1' } });
      assert.strictEqual(read.problems.length, 1);
      assert.deepStrictEqual([read.problems[0].line, read.problems[0].column], [4, 44]);
      assert.match(read.problems[0].message, /baselines\.evals\/front-desk\.yaml\.pinnedAt/);
      await assert.rejects(pinBaseline(dir, 'evals/other.yaml', 'run-3', undefined, NOV), /line 4, column 44/);
      assert.strictEqual(await text(), mixed);
    });

    it('an unknown version or property is a problem at its key or value', () => {
      const wrongVersion = parseBaselines('{\n  "baselines": {},\n  "version": 2\n}\n');
      assert.deepStrictEqual(wrongVersion.problems.map((p) => [p.line, p.column]), [[3, 14]]);
      const extra = parseBaselines('{\n  "baselines": {},\n  "pins": {},\n  "version": 1\n}\n');
      assert.deepStrictEqual(extra.problems.map((p) => [p.line, p.column, p.message]), [[3, 3, "Unknown property 'pins'."]]);
      const notAnObject = parseBaselines('[]\n');
      assert.strictEqual(notAnObject.problems.length, 1);
    });
  });

  it('an empty file is no pins, and is written over', async () => {
    await fs.writeFile(file(), '\n');
    assert.deepStrictEqual(await readBaselines(dir), { baselines: {}, problems: [] });
    await pinBaseline(dir, 'evals/front-desk.yaml', 'run-1', undefined, NOV);
    assert.strictEqual(await text(), formatBaselines({ 'evals/front-desk.yaml': { runId: 'run-1', pinnedAt: '2026-11-23T10:00:00.000Z' } }));
  });

  it('refuses to pin without a set or a run', async () => {
    await assert.rejects(pinBaseline(dir, '', 'run-1'));
    await assert.rejects(pinBaseline(dir, 'evals/front-desk.yaml', ''));
  });
});
