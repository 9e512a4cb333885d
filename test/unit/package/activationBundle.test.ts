import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';

const dist = path.join(__dirname, '..', '..', '..', '..', 'dist');

/** Text only each library's own code holds, minified or not. */
const WORKSPACE_LOADER = {
  zod: /\binvalid_type\b/,
  yaml: /Nested mappings are not allowed in compact mappings/,
  'js-yaml': /end of the stream or a document separator is expected/,
  '@eslint-community/regexpp': /Lone quantifier brackets/,
};

describe('activation bundle', () => {
  it('dist/extension.js is the stand-ins only: the workspace loader and its libraries are in dist/features.js', async () => {
    const activation = await fs.readFile(path.join(dist, 'extension.js'), 'utf8');
    const features = await fs.readFile(path.join(dist, 'features.js'), 'utf8');
    for (const [library, marker] of Object.entries(WORKSPACE_LOADER)) {
      assert.doesNotMatch(activation, marker, `dist/extension.js holds none of ${library}`);
      assert.match(features, marker, `dist/features.js holds ${library}`);
    }
    assert.ok(activation.length < 16 * 1024, `dist/extension.js is ${Math.round(activation.length / 1024)} KiB, more than stand-ins need`);
  });
});
