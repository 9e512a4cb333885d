// The run records a sample-history stage writes are those of one purpose: history writes the
// production runs, comparison the candidate run, review the sample run. Before it writes again a
// stage removes only its own, so regenerating one stage keeps the runs the others wrote.
import { promises as fs } from 'fs';
import type { RunPurpose } from '../../src/core/store/runFormat';
import { readRunRecord } from '../../src/core/store/readRuns';
import { listRunFiles } from '../../src/core/store/runLookup';

/** Removes the client's run records of `purpose` (records from before purposes are production); returns how many. */
export async function removeStageRuns(clientDir: string, purpose: RunPurpose): Promise<number> {
  let removed = 0;
  for (const file of await listRunFiles(clientDir)) {
    const read = await readRunRecord(file);
    if (read.ok && read.record.purpose === purpose) {
      await fs.rm(file);
      removed++;
    }
  }
  return removed;
}
