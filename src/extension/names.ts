// The names VS Code finds Upkeep's parts by, which activation (src/extension/extension.ts)
// registers before the features bundle loads. Kept in a file that imports nothing, so that
// dist/extension.js holds these strings and not the modules that use them.

/** The Clients view (package.json `contributes.views`). */
export const CLIENTS_VIEW = 'upkeep.clients';

/** Read-only documents taken from run records (src/extension/runDocuments.ts). */
export const RUN_SCHEME = 'upkeep-run';

/** CodeLens commands (src/extension/codeLens.ts): registered like the palette's, but not contributed there. */
export const RUN_CASE_COMMAND = 'upkeep.runCase';
export const COMPARE_CASE_COMMAND = 'upkeep.compareCaseWithPrevious';

/**
 * Marks on the extension host's performance timeline (`performance.mark`), which cost nothing and
 * let `npm run bench activation` say when the features started and when the tree had its clients.
 */
export const STARTUP_MARKS = {
  activate: 'upkeep/activate',
  featuresStarted: 'upkeep/featuresStarted',
  workspaceLoaded: 'upkeep/workspaceLoaded',
} as const;
