// Types for scripts/demoModelServer.js (plain JavaScript, so `npm start` needs no compile).
export interface DemoModelServer {
  readonly url: string;
  readonly started: boolean;
  readonly message: string;
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}
export function startDemoModelServer(workspace: string): Promise<DemoModelServer>;
export function sampleHost(workspace: string): URL;
