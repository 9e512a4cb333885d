import * as path from 'path';
import { ImportError, importPromptfoo } from '../core/import/promptfoo';
import { formatProblem } from '../core/workspace/problems';
import { parseArgs, UsageError } from './args';
import { EXIT } from './exitCodes';

/**
 * `upkeep import promptfoo <promptfooconfig.yaml> --into <clientDir>`: writes the config's tests as
 * an eval set of the client and prints, as file:line:column, everything it did not carry over.
 */
export async function importCommand(argv: readonly string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['into'], []);
  const [from, config] = positionals;
  if (from !== 'promptfoo' || !config || positionals.length !== 2) throw new UsageError('import takes: promptfoo <promptfooconfig.yaml> --into <clientDir>');
  const into = options.get('into');
  if (typeof into !== 'string') throw new UsageError('import needs --into <clientDir>');
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;
  try {
    const result = await importPromptfoo(path.resolve(config), path.resolve(into));
    process.stdout.write(`Wrote ${shown(result.setFile)}: ${result.caseCount} case${result.caseCount === 1 ? '' : 's'}.\n`);
    if (result.systemPromptFile) process.stdout.write(`Wrote ${shown(result.systemPromptFile)} from the prompt's system message.\n`);
    if (result.notCarried.length) process.stderr.write(`Not carried over (${result.notCarried.length}):\n`);
    for (const p of result.notCarried) process.stderr.write(`${formatProblem({ ...p, file: shown(p.file) })}\n`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    process.stderr.write(`upkeep import: ${e.message}\n`);
    return EXIT.unusable;
  }
}
