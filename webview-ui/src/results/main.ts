// The results webview: one run (RunPage) or two runs compared (ComparisonPage). Everything it
// shows arrives as messages validated against src/protocol/results.ts and is drawn as text.
import '../shared/jitless';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { resultsProtocol, type ResultsProtocol } from '../../../src/protocol/results';
import { replace } from '../shared/dom';
import { connect } from '../shared/connection';
import { StateSaver } from '../shared/stateSaver';
import { ComparisonPage, type ComparisonPageState } from './comparisonPage';
import { RunPage, type RunPageState } from './runPage';

/** What survives the panel being hidden: per mode, filters, search, expanded rows, scroll. */
interface SavedState {
  version: 1;
  mode?: 'run' | 'comparison';
  run?: RunPageState;
  comparison?: ComparisonPageState;
}

const app = document.getElementById('app')!;
let runPage: RunPage | undefined;
let comparisonPage: ComparisonPage | undefined;
let mode: SavedState['mode'];

const connection = connect<ResultsProtocol, SavedState>(resultsProtocol, {
  showRun: ({ run, reveal }) => {
    runPage ??= new RunPage(connection.endpoint, state.save);
    show('run', runPage.element);
    runPage.show(run, state.saved()?.run, reveal);
  },
  showComparison: ({ comparison }) => {
    comparisonPage ??= new ComparisonPage(connection.endpoint, state.save);
    show('comparison', comparisonPage.element);
    comparisonPage.show(comparison, state.saved()?.comparison);
  },
  revealCase: ({ caseId }) => runPage?.reveal(caseId),
});

function show(next: 'run' | 'comparison', page: HTMLElement): void {
  mode = next;
  if (page.parentElement !== app) replace(app, page);
  app.removeAttribute('aria-busy');
  app.dataset.mode = next;
}

const state = new StateSaver<SavedState>(connection, 1, (before) => ({
  version: 1,
  mode,
  run: runPage?.state ?? before?.run,
  comparison: comparisonPage?.state ?? before?.comparison,
}));

connection.endpoint.notify('ready', {});
