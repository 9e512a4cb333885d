import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { readRunList } from '../../src/core/store/runLookup';
import { upkeep, waitFor, workspaceDir } from './helpers';

describe('History index in VS Code', () => {
  it('a new run file appearing on disk updates the dashboard data', async () => {
    const { ctx, history } = await upkeep();
    const runs = path.join(workspaceDir(), 'clients', 'acme-dental', 'runs');
    const newest = (await fs.readdir(runs)).filter((f) => f.endsWith('.json')).sort().pop()!;
    const record = JSON.parse(await fs.readFile(path.join(runs, newest), 'utf8'));
    // A later run of the same set, as a teammate's pushed record or a CLI run would appear.
    const id = '2026-11-22T00-30-00Z-front-desk-from-disk';
    Object.assign(record, { id, startedAt: '2026-11-22T00:30:00.000Z', endedAt: '2026-11-22T00:31:00.000Z' });
    await fs.writeFile(path.join(runs, `${id}.json`), JSON.stringify(record));
    await waitFor('the dashboard to list the new run', async () => {
      const dashboard = await history.dashboard(ctx.client('clients/acme-dental')!);
      return dashboard.recentRuns[0]?.runId === id;
    });
  });

  it('lists runs for the pickers from the index exactly as reading every record would', async () => {
    const { ctx, history } = await upkeep();
    await history.sync();
    let compared = 0;
    for (const client of ctx.workspace.clients) {
      const fromRecords = await readRunList(client.dir);
      assert.deepStrictEqual(await history.listRuns(client.dir), fromRecords, client.name);
      if (fromRecords.length === 0) continue; // a client another test created, with no runs yet
      compared++;
      const set = fromRecords[0].evalSet.id;
      assert.deepStrictEqual(await history.listRuns(client.dir, set, 3), await readRunList(client.dir, set, 3), `${client.name}, ${set}`);
    }
    assert.ok(compared >= 3, `${compared} clients with runs`);
  });

  it("shows each client's drift status and hours in the tree", async () => {
    const { clientsTree, history } = await upkeep();
    await history.sync();
    const rows = await Promise.all((await clientsTree.getChildren()).map(async (n) => [n.client.name, String(clientsTree.getTreeItem(n).description)] as const));
    const acme = rows.find(([name]) => name === 'Acme Dental')![1];
    assert.match(acme, /^[\d.]+ \/ 2 h · [↑→↓] (improving|stable|declining)$/);
    assert.strictEqual(history.row('clients/acme-dental')?.trendBySet.length, 2);
  });
});
