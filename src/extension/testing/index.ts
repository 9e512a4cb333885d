import type { Ctx } from '../ctx';
import { EvalTestController } from './controller';

export { EvalTestController } from './controller';
export type { RecordedMessage, RecordedState, TestRunReport } from './report';

/**
 * The Test Explorer's "Upkeep evals". Creating it is cheap: items come from the workspace model
 * already loaded for the tree, the last results are replayed from the run records once the
 * explorer asks for tests or shortly after the first load, and the runner bundle is loaded by the
 * first run only.
 */
export function registerTesting(ctx: Ctx): EvalTestController {
  return new EvalTestController(ctx);
}
