/** Upkeep's row of Developer: Startup Performance's "Extension Activation Stats", in milliseconds. */
export interface ActivationTimes {
  loadCodeMs: number;
  callActivateMs: number;
  finishActivateMs: number;
  event: string;
}

/** From the call of activate, by Upkeep's own marks: the features bundle started, the first workspace load done. */
export interface StartupTimes {
  featuresStartedMs: number;
  workspaceLoadedMs: number;
}

/**
 * Reads `| upkeep.upkeep | false | 9 | 4 | 1 | workspaceContains:**\/client.yaml | upkeep.upkeep |`
 * (Extension, Eager, Load Code, Call Activate, Finish Activate, Event, By) out of the Startup
 * Performance document; undefined until the row is there. The row is known by the extension's id
 * followed by the Eager flag, which no other table of the document has.
 */
export function activationRow(text: string, extensionId: string): ActivationTimes | undefined {
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const at = cells.indexOf(extensionId);
    if (at < 0 || !['true', 'false'].includes(cells[at + 1])) continue;
    const [load, call, finish] = cells.slice(at + 2, at + 5).map(Number);
    if ([load, call, finish].some((n) => !Number.isFinite(n))) continue;
    return { loadCodeMs: load, callActivateMs: call, finishActivateMs: finish, event: cells[at + 5] ?? '' };
  }
  return undefined;
}
