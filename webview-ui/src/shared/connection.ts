import { Endpoint, type Envelope, type Handlers, type Protocol } from '../../../src/protocol/rpc';

/** The API VS Code gives a webview, once. */
interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Connection<P extends Protocol, S> {
  endpoint: Endpoint<P['toView'], P['toHost']>;
  /** UI state that survives the panel being hidden (VS Code keeps it while the document is gone). */
  getState(): S | undefined;
  setState(state: S): void;
  /** Tells the extension something went wrong here; it lands in the Upkeep log. */
  report(message: string): void;
}

/**
 * Connects a front end to its extension host: messages from the host are validated with the
 * protocol before any handler sees them (what does not fit is dropped and reported); errors and
 * Content-Security-Policy violations are reported to the extension's log. Call once, then
 * `endpoint.notify('ready', {})` when the page can render.
 */
export function connect<P extends Protocol, S>(protocol: P, handlers: Handlers<P['toView']>): Connection<P, S> {
  const vscode = acquireVsCodeApi<S>();
  const post = (m: Envelope) => vscode.postMessage(m);
  const report = (message: string) => post({ type: 'notification', method: 'reportError', params: { message: message.slice(0, 2000) } });
  const endpoint = new Endpoint(protocol.toView, protocol.toHost, post, handlers, {
    onInvalid: (error) => {
      console.warn(`[${protocol.name}] dropped a message that does not fit the protocol: ${error}`);
      report(`the view dropped a message that does not fit the protocol: ${error}`);
    },
    onError: (method, error) => report(`${method} failed in the view: ${error instanceof Error ? error.message : String(error)}`),
  });
  window.addEventListener('message', (event: MessageEvent) => void endpoint.receive(event.data));

  // A violation means something tried what the policy forbids: count it where tests can see it, and log it.
  let violations = 0;
  document.addEventListener('securitypolicyviolation', (e) => {
    document.documentElement.dataset.cspViolations = String(++violations);
    report(`Content-Security-Policy blocked ${e.violatedDirective}: ${e.blockedURI || 'inline'}`);
  });
  window.addEventListener('error', (e) => report(`error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => report(`unhandled: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`));

  return { endpoint, getState: () => vscode.getState(), setState: (s) => vscode.setState(s), report };
}
