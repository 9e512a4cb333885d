import type { z } from 'zod';
import type { LineIndex, Problem, SourceRange } from './problems';
import { YamlSource, type PathKey } from './yamlSource';

/**
 * A YamlSource made the first time a position is needed. A file the fast pass read without a
 * problem needs none until something shows a case or an assertion in the editor, so the full
 * parse (and its syntax tree, many times the size of the file) waits until then, and is dropped
 * once every range asked for has been located.
 */
export class DeferredSource {
  private made?: YamlSource;
  private pending: { target: object; key: string; path: readonly PathKey[] }[] = [];

  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly baseOffset = 0,
    private readonly lines?: LineIndex,
  ) {}

  get source(): YamlSource {
    this.made ??= new YamlSource(this.file, this.text, this.baseOffset, this.lines);
    return this.made;
  }

  /** Whether the full parse has been made (a problem needed positions, or a range was read). */
  get parsed(): boolean {
    return this.made !== undefined;
  }

  locate(path: readonly PathKey[]): SourceRange {
    return this.source.locate(path);
  }

  schemaProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PathKey[] = []): Problem[] {
    return this.source.schemaProblems(issues, prefix);
  }

  /**
   * Gives `target[key]` the range of the value at `path`: now when the source is parsed, else the
   * first time any of the deferred ranges is read (all of them are located then, in one pass).
   */
  defineRange(target: object, key: string, path: readonly PathKey[]): void {
    if (this.made) {
      setValue(target, key, this.made.locate(path));
      return;
    }
    this.pending.push({ target, key, path });
    Object.defineProperty(target, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        this.locatePending();
        return (target as Record<string, unknown>)[key];
      },
      set: (value: unknown) => setValue(target, key, value),
    });
  }

  private locatePending(): void {
    const source = this.source;
    for (const { target, key, path } of this.pending) setValue(target, key, source.locate(path));
    this.pending = [];
    // Nothing deferred is left to locate: the syntax tree can go.
    this.made = undefined;
  }
}

function setValue(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
