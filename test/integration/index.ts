// Loaded by VS Code as `extensionTestsPath`: runs the integration suite inside the extension host.
import * as path from 'path';
import { findTests, runMocha } from '../support/mochaRun';

export async function run(): Promise<void> {
  // multiRoot/ runs in its own multi-root workspace (run-integration.js).
  const files = (await findTests(__dirname, '.test.js')).filter((f) => !f.includes(`${path.sep}multiRoot${path.sep}`));
  const failures = await runMocha('integration', files, { timeout: 60000, slow: 5000 });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed.`);
}

