import { promises as fs, writeSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summarize } from './summary';
import type { CaseResult, RunHeader, RunRecord } from './runRecord';
import { errorCode, writeFailure } from './writeFailure';

/**
 * Crash safety for runs. Each finished case is appended to a journal as one JSON line the moment
 * it finishes; the run record is written at the end to a temporary file and renamed into place,
 * so a reader never sees half a record. A journal left behind by a run that was killed becomes
 * an `interrupted` record holding every case that finished before the kill.
 */
const JOURNAL_PREFIX = '.journal-';
const JOURNAL_SUFFIX = '.jsonl';
/** A journal that could not be recovered is renamed with this ending, out of the way of later runs. */
export const SET_ASIDE_SUFFIX = '.damaged';
/**
 * A journal whose first line does not read may be one whose writer is writing it this instant;
 * it is set aside only once it has not changed for this long.
 */
const TORN_HEADER_AGE_MS = 60_000;

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
  private constructor(
    readonly runsDir: string,
    readonly header: RunHeader,
    private readonly handle: fs.FileHandle,
  ) {}

  /**
   * Claims the run's id by creating its journal exclusively, so two runs of one client at once
   * (two VS Code windows, the CLI beside VS Code, a script starting six) never share a name: when
   * the id is taken (a journal, or the record of a run that already finished), it takes the next
   * `-2`, `-3`, …. The journal's header carries the id finally claimed.
   */
  static async open(runsDir: string, header: RunHeader): Promise<RunJournal> {
    try {
      await fs.mkdir(runsDir, { recursive: true });
    } catch (e) {
      throw writeFailure(e, path.join(runsDir, `${header.id}.json`), 'the run record');
    }
    for (let n = 1; ; n++) {
      const id = n === 1 ? header.id : `${header.id}-${n}`;
      const file = journalPath(runsDir, id);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(file, 'wx');
      } catch (e) {
        if (errorCode(e) === 'EEXIST') continue;
        throw writeFailure(e, file, 'the run journal');
      }
      // A run that finished removes its journal only after its record is in place: a record under
      // this id means the id is taken, though its journal has just gone.
      if (await exists(recordPath(runsDir, id))) {
        await handle.close();
        await fs.rm(file, { force: true });
        continue;
      }
      const claimed = { ...header, id };
      openHere.add(file);
      const first: JournalHeader = { journal: 1, pid: process.pid, hostname: os.hostname(), header: claimed };
      try {
        await handle.write(JSON.stringify(first) + '\n');
      } catch (e) {
        await handle.close().catch(() => undefined);
        await fs.rm(file, { force: true });
        openHere.delete(file);
        throw writeFailure(e, file, 'the run journal');
      }
      return new RunJournal(runsDir, claimed, handle);
    }
  }

  /**
   * Appends one finished case, synchronously: a line of a few kilobytes into the page cache takes
   * microseconds, and a synchronous write is in the file before the next case is graded, where an
   * asynchronous one cost about 25 µs of CPU in the thread pool's round trip (most of the journal's
   * share of a fast run). Lines never interleave, since nothing else writes between them.
   */
  append(result: CaseResult): Promise<void> {
    const line = Buffer.from(JSON.stringify(result) + '\n');
    try {
      for (let at = 0; at < line.length; ) at += writeSync(this.handle.fd, line, at);
    } catch (e) {
      return Promise.reject(writeFailure(e, journalPath(this.runsDir, this.header.id), 'the run journal'));
    }
    return Promise.resolve();
  }

  /** Writes the final record atomically and removes the journal. Returns the record's path. */
  async commit(record: RunRecord): Promise<string> {
    // A journal write that failed (a full disk) does not stop the record: the cases are in memory.
    await this.handle.close().catch(() => undefined);
    const journal = journalPath(this.runsDir, record.id);
    // From here the journal is no longer being written: if the record cannot be written either,
    // the next run, even in this process, recovers the journal.
    openHere.delete(journal);
    const file = await writeRecord(this.runsDir, record);
    await fs.rm(journal, { force: true });
    return file;
  }
}

/** Writes a record to a temporary file and renames it into place; a WriteFailure leaves no partial file. */
export async function writeRecord(runsDir: string, record: RunRecord): Promise<string> {
  const file = recordPath(runsDir, record.id);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, JSON.stringify(record, null, 2) + '\n');
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw writeFailure(e, file, 'the run record');
  }
  return file;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

export interface Recovery {
  /** Records written for runs that were killed. */
  recovered: string[];
  /** One sentence for each journal that was damaged, saying what was kept and where the journal went. */
  notices: string[];
}

/**
 * Turns journals of runs that are no longer running into `interrupted` records. A journal whose
 * writer is still alive on this machine (a CLI run beside VS Code) is left alone; one whose run
 * committed its record before the crash is only removed. A damaged journal never blocks the
 * client: what reads of it is recovered, and the journal is renamed `….damaged` with a notice.
 */
export async function recoverInterruptedRuns(runsDir: string, isRunning: (pid: number, host: string, journal: string) => boolean = journalIsBeingWritten, now = Date.now()): Promise<Recovery> {
  const names = await fs.readdir(runsDir).catch(() => [] as string[]);
  const result: Recovery = { recovered: [], notices: [] };
  for (const name of names.filter((n) => n.startsWith(JOURNAL_PREFIX) && n.endsWith(JOURNAL_SUFFIX))) {
    const file = path.join(runsDir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // gone meanwhile (its run committed), or unreadable: not ours to judge
    const lines = text.split('\n').filter((l) => l.trim());
    const head = parseLine(lines[0]) as Partial<JournalHeader> | undefined;
    const owner = head && typeof head.pid === 'number' ? { pid: head.pid, host: typeof head.hostname === 'string' ? head.hostname : os.hostname() } : undefined;
    if (owner && isRunning(owner.pid, owner.host, file)) continue;
    if (!owner && now - stat.mtimeMs < TORN_HEADER_AGE_MS) continue; // its writer may be writing the header right now
    const { caseResultSchema, runHeaderSchema } = recordSchemas();
    const header = runHeaderSchema.safeParse(head?.header);
    if (!header.success) {
      const why = head === undefined ? 'its first line is cut off or not JSON' : `its header is not a run header (${header.error.issues[0]?.path.join('.') || 'header'}: ${header.error.issues[0]?.message})`;
      result.notices.push(`${name} could not be recovered: ${why}. ${await setAside(file)}`);
      continue;
    }
    // The run finished: its record was renamed into place, and the crash came before the journal went.
    if (await exists(recordPath(runsDir, header.data.id))) {
      await fs.rm(file, { force: true });
      continue;
    }
    const cases: CaseResult[] = [];
    let unreadable = 0;
    lines.slice(1).forEach((line, i, rest) => {
      const parsed = caseResultSchema.safeParse(parseLine(line));
      if (parsed.success) cases.push(parsed.data);
      else if (i < rest.length - 1) unreadable++; // the last line may be cut off mid-write by the kill: expected, not damage
    });
    const record: RunRecord = {
      ...header.data,
      endedAt: cases.at(-1)?.finishedAt ?? stat.mtime.toISOString(),
      status: 'interrupted',
      stopReason: 'The run was stopped before it finished (the process ended); these are the cases that finished.',
      cases,
      summary: summarize(cases),
    };
    const written = await writeRecord(runsDir, record);
    result.recovered.push(written);
    if (unreadable > 0) {
      const kept = `${cases.length} finished case${cases.length === 1 ? '' : 's'}`;
      result.notices.push(`${name} was damaged: ${unreadable} line${unreadable === 1 ? '' : 's'} could not be read; the ${kept} that could are in ${path.basename(written)}. ${await setAside(file)}`);
    } else {
      await fs.rm(file, { force: true });
    }
  }
  return result;
}

/** The record's schemas, built the first time a journal is read: nearly every run finds none and never builds them. */
function recordSchemas(): Pick<typeof import('./runRecord'), 'caseResultSchema' | 'runHeaderSchema'> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./runRecord') as typeof import('./runRecord');
}

function parseLine(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Renames a damaged journal out of the way of later runs, keeping it for a person to look at. */
async function setAside(file: string): Promise<string> {
  const target = `${file}${SET_ASIDE_SUFFIX}`;
  try {
    await fs.rename(file, target);
    return `It was set aside as ${path.basename(target)}.`;
  } catch {
    await fs.rm(file, { force: true }).catch(() => undefined);
    return 'It was removed.';
  }
}

/** Journals this process has open: in this process, only those are running (a failed commit's is not). */
const openHere = new Set<string>();

function journalIsBeingWritten(pid: number, host: string, journal: string): boolean {
  if (host !== os.hostname()) return true; // cannot tell for another machine: leave its journal alone
  if (pid === process.pid) return openHere.has(journal);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
