import type { ClientsTreeProvider } from './clientsTree';
import type { Ctx } from './ctx';
import type { HistoryService } from './history';
import type { EvalTestController } from './testing';

/** What `activate` returns: the extension's own objects, for the integration tests and other extensions. */
export interface UpkeepApi {
  ctx: Ctx;
  clientsTree: ClientsTreeProvider;
  history: HistoryService;
  /** The Test Explorer's controller: its items, `run(request)`, `restore()` and what it reported (`reports`). */
  testing: EvalTestController;
  results: import('./results/registerResults').ResultsApi;
  /** The dashboard panel: `showClient`, `showOverview`, `dispatch` (a message as from its view) and `lastPosted`. */
  dashboard: import('./dashboard/dashboardPanel').DashboardPanel;
  /** The monthly report's preview panel: what it shows (`current`) and the HTML it was given (`html`). */
  reportPreview: import('./report/reportPreview').ReportPreview;
  /** The candidate comparison view (Compare Candidate): what it shows (`current`), `dispatch`, `detail`. */
  candidate: import('./candidate/candidatePanel').CandidatePanel;
  /** The production review view: what it shows (`current`), `dispatch`, `logMinutes`. */
  review: import('./review/reviewPanel').ReviewPanel;
  /** Scheduled health checks: the newest check per client, the alerts shown, the status bar's text. */
  health: import('./health/healthMonitor').HealthMonitor;
  /** The last commands that failed, with the message shown (newest last): each was logged too. */
  commandFailures: readonly import('./commands').CommandFailure[];
}
