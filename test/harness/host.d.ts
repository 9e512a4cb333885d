// Types for host.js (plain CommonJS, no build step), for the TypeScript e2e tests under test/e2e.
// Keep in step with host.js's JSDoc.
import type { BrowserContext, Page } from 'playwright-core';

/** Absolute path of the repository (the extension under development). */
export const repoRoot: string;
/** Where the VS Code host is installed (UPKEEP_HOST_DIR, default ~/.cache/upkeep-vscode-host). */
export const hostDir: string;
export const THEMES: { dark: string; light: string; 'high-contrast': string };
/** The user settings every test run adds (scheduled health checks off). */
export const TEST_RUN_SETTINGS: Record<string, unknown>;

export type ThemeName =
  | 'Default Dark Modern' | 'Default Light Modern' | 'Default High Contrast'
  | 'dark' | 'light' | 'high-contrast';

export interface ServerOptions {
  /** Port to listen on; default: any free port. */
  port?: number;
  /** Variables the extension host inherits (undefined removes one). */
  env?: Record<string, string | undefined>;
  theme?: ThemeName;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Keep user data in this folder across runs; default: a fresh folder deleted on stop. */
  stateDir?: string;
  /** A .vsix to install with `--install-extension` before the server starts. */
  installVsix?: string;
  /** Keep workspace trust on (tests of Restricted Mode). */
  workspaceTrust?: boolean;
}

export interface Server {
  url: string;
  authority: string;
  port: number;
  pid: number;
  logFile: string;
  /** Settles when code-server exits (stopped or crashed). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface WorkbenchTarget {
  folder?: string;
  /** A .code-workspace file to open instead of `folder` (a multi-root workspace). */
  workspace?: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Settles with the code a test run passes to codeAutomationExit. */
  testExit: Promise<number>;
  externalOrigins: Set<string>;
  close(): Promise<void>;
}

export type SessionOptions = WorkbenchTarget & ServerOptions & { viewport?: { width: number; height: number } };

export interface Session {
  server: Server;
  browser: Browser;
  page: Page;
  url: string;
  close(): Promise<void>;
}

export function ensureInstalled(): void;
export function copyWorkspace(src: string): string;
export function isPortFree(port: number): Promise<boolean>;
export function freePort(): Promise<number>;
export function startServer(opts?: ServerOptions): Promise<Server>;
export function workbenchUrl(server: Pick<Server, 'url' | 'authority'>, target: WorkbenchTarget): string;
export function launchBrowser(opts?: { viewport?: { width: number; height: number } }): Promise<Browser>;
export function openWorkbench(page: Page, url: string, timeoutMs?: number): Promise<void>;
export function open(opts: SessionOptions): Promise<Session>;
export function runExtensionTests(opts: SessionOptions & { extensionTestsPath: string }): Promise<number>;
export function closeAll(): Promise<void>;
/** True once closeAll() has begun (after a signal, say): a server exiting then is expected. */
export function isClosing(): boolean;
export function runCommand(page: Page, title: string): Promise<void>;
export function openViewContainer(page: Page, label: string, timeoutMs?: number): Promise<void>;
export function screenshot(page: Page, file: string): Promise<string>;
