// Entry of dist/history.js: the sql.js history index and the dashboard analysis. Loaded after
// the first workspace load (for the tree's drift status) and by the dashboard; see lazy.ts.
export { clientDashboard, clientsOverview, findSqlWasm, HistoryIndex } from '../core/history';
export { readBaselines } from '../core/store/baselines';
export { generateReport } from '../core/report/generate';
