// The candidate comparison webview: a saved comparison of production against a candidate. All it
// shows arrives as messages validated against src/protocol/candidate.ts and is drawn as text.
import '../shared/jitless';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { candidateProtocol, type CandidateProtocol } from '../../../src/protocol/candidate';
import { connect } from '../shared/connection';
import { replace } from '../shared/dom';
import { StateSaver } from '../shared/stateSaver';
import { CandidatePage, type CandidatePageState } from './candidatePage';

interface SavedState {
  version: 1;
  page?: CandidatePageState;
}

const app = document.getElementById('app')!;
let page: CandidatePage | undefined;

const connection = connect<CandidateProtocol, SavedState>(candidateProtocol, {
  showComparison: ({ view }) => {
    page ??= new CandidatePage(connection.endpoint, state.save);
    if (page.element.parentElement !== app) replace(app, page.element);
    app.removeAttribute('aria-busy');
    page.show(view, state.saved()?.page);
  },
});

const state = new StateSaver<SavedState>(connection, 1, (before) => ({ version: 1, page: page?.state ?? before?.page }));

connection.endpoint.notify('ready', {});
