import * as assert from 'assert';
import * as path from 'path';
import { resolveBranding } from '../../../src/core/report/generate';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree, VALID_MANIFEST } from '../helpers/tempDir';

const PNG = '\x89PNG\r\n\x1a\n';
const WORKSPACE = `report:
  agencyName: Harbour AI
  logo: branding/harbour.png
  accentColor: "#114477"
  contact: Harbour AI · support@harbour.example · +61 2 5550 1234
`;

describe('workspace branding (upkeep.yaml)', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('every client inherits the workspace’s report: block, and a client’s own fields override it one by one', async () => {
    root = await tempTree({
      'upkeep.yaml': WORKSPACE,
      'branding/harbour.png': PNG,
      'clients/plain/client.yaml': VALID_MANIFEST,
      'clients/own/client.yaml': `${VALID_MANIFEST}report:\n  accentColor: "#aa3300"\n  logo: own.png\n`,
      'clients/own/own.png': PNG,
    });
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.problems.filter((p) => p.severity === 'error'), []);
    const [own, plain] = model.clients;
    const warnings: string[] = [];
    assert.deepStrictEqual(await resolveBranding(plain, warnings), {
      agencyName: 'Harbour AI',
      accentColor: '#114477',
      contact: 'Harbour AI · support@harbour.example · +61 2 5550 1234',
      logo: path.join(root, 'branding/harbour.png'),
    });
    assert.deepStrictEqual(await resolveBranding(own, warnings), {
      agencyName: 'Harbour AI',
      accentColor: '#aa3300',
      contact: 'Harbour AI · support@harbour.example · +61 2 5550 1234',
      logo: path.join(root, 'clients/own/own.png'),
    });
    assert.deepStrictEqual(warnings, []);
  });

  it('a client folder given alone (upkeep report clients/x) takes the upkeep.yaml above it', async () => {
    root = await tempTree({ 'upkeep.yaml': WORKSPACE, 'branding/harbour.png': PNG, 'clients/plain/client.yaml': VALID_MANIFEST });
    const [client] = (await loadWorkspace([path.join(root, 'clients/plain')])).clients;
    assert.strictEqual((await resolveBranding(client, [])).agencyName, 'Harbour AI');
  });

  it('is validated with positions: a bad colour and an unknown field are Problems at their line and column, and nothing is inherited', async () => {
    root = await tempTree({ 'upkeep.yaml': 'report:\n  agencyName: Harbour AI\n  accentColor: teal\n  slogan: We care\n', 'clients/plain/client.yaml': VALID_MANIFEST });
    const model = await loadWorkspace([root]);
    const file = path.join(root, 'upkeep.yaml');
    const found = model.problems.filter((p) => p.file === file).map((p) => [p.range.line, p.range.column, p.message]);
    assert.strictEqual(found.length, 2, JSON.stringify(model.problems));
    assert.deepStrictEqual(found.find((f) => f[0] === 3)?.slice(0, 2), [3, 16]);
    assert.match(String(found.find((f) => f[0] === 3)?.[2]), /#rrggbb/);
    assert.deepStrictEqual(found.find((f) => f[0] === 4)?.slice(0, 2), [4, 3]);
    assert.match(String(found.find((f) => f[0] === 4)?.[2]), /slogan/);
    assert.strictEqual(model.clients[0].workspace, undefined);
    assert.strictEqual((await resolveBranding(model.clients[0], [])).agencyName, undefined);
  });

  it('a logo outside the workspace folder is refused at its position; a missing one is a warning when the report is made', async () => {
    root = await tempTree({ 'ws/upkeep.yaml': 'report:\n  agencyName: Harbour AI\n  logo: ../outside.png\n', 'outside.png': PNG, 'ws/clients/plain/client.yaml': VALID_MANIFEST });
    const model = await loadWorkspace([path.join(root, 'ws')]);
    const refused = model.problems.filter((p) => p.code === 'path-outside-client');
    assert.deepStrictEqual(refused.map((p) => [p.file, p.range.line, p.message]), [[path.join(root, 'ws/upkeep.yaml'), 3, "report.logo: '../outside.png' points outside the workspace folder."]]);
    const warnings: string[] = [];
    const branding = await resolveBranding(model.clients[0], warnings);
    assert.deepStrictEqual([branding.agencyName, branding.logo], ['Harbour AI', undefined]);
    assert.deepStrictEqual(warnings, []);

    await removeTree(root);
    root = await tempTree({ 'upkeep.yaml': 'report:\n  logo: branding/missing.png\n', 'clients/plain/client.yaml': VALID_MANIFEST });
    const [client] = (await loadWorkspace([root])).clients;
    assert.strictEqual((await resolveBranding(client, warnings)).logo, undefined);
    assert.deepStrictEqual(warnings, [`${path.join(root, 'upkeep.yaml')}: report.logo 'branding/missing.png' is not a file; the report has no logo.`]);
  });
});
