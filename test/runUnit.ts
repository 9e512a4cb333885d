// `npm run test:unit`: every unit test (plain Node, no VS Code), counts recorded for `npm test`.
import * as path from 'path';
import { findTests, runMocha } from './support/mochaRun';

async function main(): Promise<void> {
  const files = await findTests(path.join(__dirname, 'unit'), '.test.js');
  const grep = process.argv[2];
  process.exitCode = (await runMocha('unit', files, { timeout: 20000, grep })) > 0 ? 1 : 0;
}

void main();
