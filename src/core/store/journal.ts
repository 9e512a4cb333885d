import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summarize } from './summary';
import { caseResultSchema, runRecordSchema, type CaseResult, type RunHeader, type RunRecord } from './runRecord';

/**
 * Crash safety for runs. Each finished case is appended to a journal as one JSON line the moment
 * it finishes; the run record is written at the end to a temporary file and renamed into place,
 * so a reader never sees half a record. A journal left behind by a run that was killed becomes
 * an `interrupted` record holding every case that finished before the kill.
 */
const JOURNAL_PREFIX = '.journal-';
const JOURNAL_SUFFIX = '.jsonl';

interface JournalHeader {
  journal: 1;
  pid: number;
  hostname: string;
  header: RunHeader;
}

export function journalPath(runsDir: string, runId: string): string {
  return path.join(runsDir, `${JOURNAL_PREFIX}${runId}${JOURNAL_SUFFIX}`);
}

export function recordPath(runsDir: string, runId: string): string {
  return path.join(runsDir, `${runId}.json`);
}

export class RunJournal {
  private writes: Promise<void> = Promise.resolve();
  /** Lines waiting for the write in flight to finish; written together in one call (group commit). */
  private pending: string[] = [];

  private constructor(
    readonly runsDir: string,
    readonly header: RunHeader,
    private readonly handle: fs.FileHandle,
  ) {}

  static async open(runsDir: string, header: RunHeader): Promise<RunJournal> {
    await fs.mkdir(runsDir, { recursive: true });
    const handle = await fs.open(journalPath(runsDir, header.id), 'wx');
    const first: JournalHeader = { journal: 1, pid: process.pid, hostname: os.hostname(), header };
    await handle.write(JSON.stringify(first) + '\n');
    return new RunJournal(runsDir, header, handle);
  }

  /**
   * Appends one finished case. Writes are serialised so lines never interleave; cases finishing
   * while a write is in flight go out together in the next one, so a fast model costs one write
   * per batch rather than one per case.
   */
  append(result: CaseResult): Promise<void> {
    this.pending.push(JSON.stringify(result) + '\n');
    if (this.pending.length === 1) {
      this.writes = this.writes.then(async () => {
        const batch = this.pending.join('');
        this.pending = [];
        await this.handle.write(batch);
      });
    }
    return this.writes;
  }

  /** Writes the final record atomically and removes the journal. Returns the record's path. */
  async commit(record: RunRecord): Promise<string> {
    await this.writes;
    await this.handle.close();
    const file = await writeRecord(this.runsDir, record);
    await fs.rm(journalPath(this.runsDir, record.id), { force: true });
    return file;
  }
}

export async function writeRecord(runsDir: string, record: RunRecord): Promise<string> {
  const file = recordPath(runsDir, record.id);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(record, null, 2) + '\n');
  await fs.rename(tmp, file);
  return file;
}

/**
 * Turns journals of runs that are no longer running into `interrupted` records. A journal whose
 * writer is still alive on this machine (a CLI run beside VS Code) is left alone.
 */
export async function recoverInterruptedRuns(runsDir: string, isRunning: (pid: number, host: string) => boolean = processIsRunning): Promise<string[]> {
  const names = await fs.readdir(runsDir).catch(() => [] as string[]);
  const recovered: string[] = [];
  for (const name of names.filter((n) => n.startsWith(JOURNAL_PREFIX) && n.endsWith(JOURNAL_SUFFIX))) {
    const file = path.join(runsDir, name);
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l.trim());
    let head: JournalHeader;
    try {
      head = JSON.parse(lines[0]) as JournalHeader;
    } catch {
      continue; // not even a header: the run died before its first write; nothing to recover
    }
    if (isRunning(head.pid, head.hostname)) continue;
    const cases: CaseResult[] = [];
    for (const line of lines.slice(1)) {
      // The last line may be cut off mid-write by the kill; every complete line is kept.
      try {
        const parsed = caseResultSchema.safeParse(JSON.parse(line));
        if (parsed.success) cases.push(parsed.data);
      } catch {
        /* a torn final line */
      }
    }
    const stat = await fs.stat(file);
    const record = runRecordSchema.parse({
      ...head.header,
      endedAt: cases.at(-1)?.finishedAt ?? stat.mtime.toISOString(),
      status: 'interrupted',
      stopReason: 'The run was stopped before it finished (the process ended); these are the cases that finished.',
      cases,
      summary: summarize(cases),
    });
    recovered.push(await writeRecord(runsDir, record));
    await fs.rm(file, { force: true });
  }
  return recovered;
}

function processIsRunning(pid: number, host: string): boolean {
  if (host !== os.hostname()) return true; // cannot tell for another machine: leave its journal alone
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
