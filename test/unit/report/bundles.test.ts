import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { REPORT_FONT_FILES } from '../../../src/core/report/fonts';

const dist = path.join(__dirname, '..', '..', '..', '..', 'dist');

describe('report bundle', () => {
  it('vega and pdfmake live in dist/report.js only, with the fonts the PDF embeds beside it', async () => {
    const marker = /vega-scenegraph|pdfkit|fontkit/;
    for (const bundle of ['extension.js', 'cli-main.js', 'history.js', 'runner.js']) {
      assert.doesNotMatch(await fs.readFile(path.join(dist, bundle), 'utf8'), marker, `${bundle} holds none of the report's libraries`);
    }
    assert.match(await fs.readFile(path.join(dist, 'report.js'), 'utf8'), marker);
    assert.deepStrictEqual((await fs.readdir(path.join(dist, 'fonts'))).sort(), [...REPORT_FONT_FILES].sort());
  });
});
