// The production review webview: a month's sample, answer by answer, with the keyboard. All it
// shows arrives as messages validated against src/protocol/review.ts and is drawn as text.
import '../shared/jitless';
import { reviewProtocol, type ReviewProtocol } from '../../../src/protocol/review';
import { connect } from '../shared/connection';
import { replace } from '../shared/dom';
import { StateSaver } from '../shared/stateSaver';
import { ReviewPage } from './reviewPage';

interface SavedState {
  version: 1;
  current?: string;
  list?: boolean;
}

const app = document.getElementById('app')!;
let page: ReviewPage | undefined;

const connection = connect<ReviewProtocol, SavedState>(reviewProtocol, {
  showReview: ({ view }) => {
    page ??= new ReviewPage(connection.endpoint, () => state.save());
    if (page.element.parentElement !== app) replace(app, page.element);
    app.removeAttribute('aria-busy');
    const saved = state.saved();
    page.show(view, saved?.current, saved?.list ?? false);
  },
});

const state = new StateSaver<SavedState>(connection, 1, (before) => ({ version: 1, current: page?.currentId ?? before?.current, list: page?.listMode ?? before?.list }));

connection.endpoint.notify('ready', {});
