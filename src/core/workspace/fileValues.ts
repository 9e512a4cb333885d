// promptfoo's `file://` assertion values: `value: file://expected.json`, `file://schema.yaml`,
// `file://rubric.txt`, read relative to the eval file and only through the path rule, so a value
// can never bring in a file from outside the client folder. JSON and YAML files are parsed, any
// other file is its text (trimmed, as promptfoo reads it); scripts are not run.
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { isFileRef, valueProblem } from '../assertions/catalogue';
import { schemaValueProblem } from '../assertions/jsonSchemas';
import type { AssertionSite } from './evalSet';
import { readInside, toPosix } from './paths';
import { problem, type Problem } from './problems';
import type { Assertion } from './schemas';

const SCRIPT = /\.(?:js|cjs|mjs|ts|py)(?::\w+)?$/i;

/**
 * Replaces each `file://` value among `sites` by what its file holds, and checks it as a value
 * written inline would be. Returns the assertions whose file could not be used: each is a Problem
 * at its value, and the case holding it (or the whole set, for a default) does not run.
 */
export async function readFileValues(clientDir: string, evalFile: string, sites: readonly AssertionSite[], problems: Problem[]): Promise<Set<Assertion>> {
  const unusable = new Set<Assertion>();
  for (const site of sites) {
    const { assertion } = site;
    if (!isFileRef(assertion.value)) continue;
    const ref = assertion.value;
    const fail = (why: string): void => {
      // Read only here: a site's position may cost the file's full parse.
      problems.push(problem(evalFile, site.valueRange, `${ref}: ${why}`, 'file-value'));
      unusable.add(assertion);
    };
    const written = ref.slice('file://'.length);
    if (SCRIPT.test(written)) {
      fail('a script file; Upkeep does not run code from eval files (write the check as an assertion type).');
      continue;
    }
    // Relative to the eval file's folder, then written as the path rule reads paths: relative to the client folder.
    const insideClient = path.isAbsolute(written) ? written : toPosix(path.relative(clientDir, path.resolve(path.dirname(evalFile), written)));
    const read = await readInside(clientDir, insideClient);
    if (!read.ok) {
      fail(`${read.missing ? 'the file does not exist' : read.reason}.`);
      continue;
    }
    let value: unknown;
    try {
      value = /\.json$/i.test(written) ? JSON.parse(read.text) : /\.ya?ml$/i.test(written) ? parseYaml(read.text) : read.text.trim();
    } catch (e) {
      fail(`the file does not parse: ${(e as Error).message.split('\n')[0]}.`);
      continue;
    }
    const wrong = valueProblem(assertion.type, value);
    if (wrong) {
      fail(`${wrong.message}`);
      continue;
    }
    assertion.value = value;
    const invalidSchema = schemaValueProblem(assertion);
    if (invalidSchema) fail(invalidSchema);
  }
  return unusable;
}
