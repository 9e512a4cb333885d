// What the e2e suites share: the harness (host.js is plain JavaScript that tsc does not copy into
// out/, so it is loaded from the source tree; host.d.ts gives it types) and a workbench on a
// fresh copy of sample-workspace with Upkeep under development, opened before a suite's tests,
// photographed when one of them fails, and closed after them.
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';

export type Host = typeof import('../harness/host');
/** The repository: out/test/e2e is three levels below it. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const host: Host = require(path.join(repoRoot, 'test', 'harness', 'host.js'));

export interface Workbench {
  readonly page: Page;
  /** The copy of sample-workspace the workbench has open. */
  readonly workspace: string;
  /** Browser dialogs (alert, confirm) the page raised, dismissed; a view should raise none. */
  readonly dialogs: string[];
}

export interface WorkbenchOptions {
  viewport: { width: number; height: number };
  /** Writes into the workspace copy before VS Code opens it. */
  prepare?: (workspace: string) => void;
  /** Opens the Upkeep container and waits until the tree shows this client. */
  waitForClient?: string;
}

/** Call inside a `describe`: registers the before, afterEach and after hooks. */
export function useSampleWorkbench(options: WorkbenchOptions): Workbench {
  let session: Awaited<ReturnType<Host['open']>> | undefined;
  let workspace = '';
  const dialogs: string[] = [];

  before(async function () {
    workspace = host.copyWorkspace(path.join(repoRoot, 'sample-workspace'));
    options.prepare?.(workspace);
    session = await host.open({
      folder: workspace,
      extensionDevelopmentPath: repoRoot,
      env: { UPKEEP_TEST_WORKSPACE: workspace },
      theme: 'Default Dark Modern',
      viewport: options.viewport,
    });
    session.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    if (options.waitForClient) {
      await host.openViewContainer(session.page, 'Upkeep', 60000);
      await session.page.locator('.part.sidebar .monaco-list-row', { hasText: options.waitForClient }).first().waitFor({ timeout: 60000 });
    }
  });

  afterEach(async function () {
    // A failing test leaves a picture of what the workbench showed (test-results/ is git-ignored).
    if (this.currentTest?.state === 'failed' && session) {
      const file = path.join(repoRoot, 'test-results', 'e2e', `${this.currentTest.title.replace(/[^\w-]+/g, '_')}.png`);
      await host.screenshot(session.page, file).then(() => console.error(`    screenshot: ${file}`), () => {});
    }
  });

  after(async () => session?.close());

  return {
    get page() {
      if (!session) throw new Error('the workbench is not open yet');
      return session.page;
    },
    get workspace() {
      return workspace;
    },
    dialogs,
  };
}

/**
 * The first frame that `matches` (errors count as no). Webviews are iframes inside iframes, and a
 * panel that was hidden comes back in a new frame, so a frame is looked up each time it is used.
 */
export async function findFrame(page: Page, matches: (frame: Frame) => Promise<boolean>, what: string, timeoutMs = 60000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      if (await matches(frame).catch(() => false)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no ${what}`);
}

/**
 * Resolves once a view has written every change it was asked to save (webview-ui's StateSaver
 * marks the document "pending" until then). Call it after the change shows and before the view is
 * hidden: a view hidden with a save pending comes back without that change.
 */
export async function stateSaved(frame: Frame): Promise<void> {
  // The function runs in the webview (tsconfig has no DOM library, hence the cast).
  type WebviewGlobal = { document: { documentElement: { dataset: Record<string, string | undefined> } } };
  await frame.waitForFunction(() => (globalThis as unknown as WebviewGlobal).document.documentElement.dataset.stateSave === 'saved');
}
