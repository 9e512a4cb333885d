// Loaded by VS Code as `extensionTestsPath` in the multi-root pass of run-integration.js: the
// tests in this folder, in a workspace of two folders (east and west) holding the same clients.
import { findTests, runMocha } from '../../support/mochaRun';

export async function run(): Promise<void> {
  const files = await findTests(__dirname, '.test.js');
  const failures = await runMocha('integration-multi-root', files, { timeout: 60000, slow: 5000 });
  if (failures > 0) throw new Error(`${failures} multi-root integration test(s) failed.`);
}
