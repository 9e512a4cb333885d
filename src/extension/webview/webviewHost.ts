import * as vscode from 'vscode';
import { Endpoint, type Envelope, type Handlers, type NotificationsOf, type ParamsIn, type Protocol, type Received } from '../../protocol/rpc';
import { log } from '../log';
import { renderHtml } from './html';

export interface WebviewHostOptions {
  /** The panel's view type, e.g. `upkeep.results`. */
  viewType: string;
  /** The front end: `dist/webview/<script>.js`, built from `webview-ui/src/<script>/main.ts`. */
  script: string;
  /** Style sheets under `media/`. */
  styles: string[];
  /** A name for the log, e.g. "Results view". */
  label: string;
}

/**
 * One webview panel and its conversation with its front end. Owns what every Upkeep webview must
 * get right, so subclasses only say what to show and how to answer:
 *
 * - the panel may load files only from `dist/webview` and `media`, runs scripts but no forms or
 *   command links, and its HTML carries no data at all (data arrives as validated messages);
 * - a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', with a fresh nonce each
 *   time the HTML is rendered;
 * - every message from the webview goes through the protocol's zod schemas; what does not
 *   validate is dropped and logged;
 * - no `retainContextWhenHidden`: a hidden panel's document may be discarded (it costs nothing
 *   while hidden), the front end keeps its UI state with `setState`, and when it loads again it
 *   says `ready` and the host sends its data again (`onReady`).
 *
 * Whether the front end is listening is known from what it and VS Code say (its `ready`, a
 * message VS Code could not deliver), never guessed from the panel's visibility: view-state
 * events and the document's life are not ordered with each other. In a full integration run the
 * comparison view was reported hidden and shown again with no `ready` after it, and a host that
 * forgot its front end on hiding then waited for a `ready` that never came and sent nothing more.
 */
export abstract class WebviewHost<P extends Protocol> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly endpoint: Endpoint<P['toHost'], P['toView']>;
  /** A front end has said `ready` since the HTML was last set, and no message to it has been refused since. */
  private loaded = false;
  /** Counts the `ready`s, so a refusal of a message posted before the latest one does not undo it. */
  private readies = 0;
  /** What was posted to the front end, oldest first ("notification showClient", "response 7"): the order the view saw, for the tests. */
  readonly outgoing: string[] = [];

  constructor(
    protected readonly extensionUri: vscode.Uri,
    protocol: P,
    private readonly options: WebviewHostOptions,
  ) {
    const post = (m: Envelope) => {
      this.outgoing.push(m.type === 'response' ? `response ${m.id}` : `${m.type} ${m.method}`);
      if (this.outgoing.length > 50) this.outgoing.shift();
      const panel = this.panel;
      if (!panel) return;
      const readies = this.readies;
      // VS Code refuses a message when the document is gone (discarded while hidden): the next
      // `ready`, when it loads again, brings everything anew.
      void panel.webview.postMessage(m).then(
        (delivered) => {
          if (!delivered && this.panel === panel && this.readies === readies) this.loaded = false;
        },
        () => undefined,
      );
    };
    this.endpoint = new Endpoint(protocol.toHost, protocol.toView, post, this.handlers(), {
      onInvalid: (error) => log().warn(`${options.label}: dropped a message that does not fit the protocol: ${error}`),
      onError: (method, error) => log().error(`${options.label}: ${method} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  /**
   * The answers to the webview's requests and notifications. Called once, from the constructor,
   * before the subclass's fields exist: return functions that use them later, never read them here.
   * `ready` needs no work in its handler: the host then calls `onReady`.
   */
  protected abstract handlers(): Handlers<P['toHost']>;

  /** The front end (re)loaded: send it what it shows. */
  protected abstract onReady(): void | Promise<void>;

  /** The panel was closed by the user (or disposed). */
  protected onPanelClosed(): void {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The front end is loaded and listening (it said `ready`). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /**
   * Validates one message as if the webview had sent it and handles it: the path every real
   * message takes, exposed for the integration tests.
   */
  async dispatch(raw: unknown): Promise<Received> {
    const received = await this.endpoint.receive(raw);
    if (received.ok && received.method === 'ready') {
      this.loaded = true;
      this.readies++;
      try {
        await this.onReady();
      } catch (e) {
        log().error(`${this.options.label}: could not send the view its data: ${(e as Error).message}`);
      }
    }
    return received;
  }

  /** Creates the panel, or reveals it, with this title. */
  protected open(title: string, preserveFocus = false): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(undefined, preserveFocus);
      return this.panel;
    }
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(
      this.options.viewType,
      title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: roots },
    );
    this.panel = panel;
    this.loaded = false;
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((m) => void this.dispatch(m)),
      panel.onDidDispose(() => this.closed(panel)),
    ];
    this.render();
    return panel;
  }

  /** Sends a notification when the front end can receive it; otherwise its `ready` will fetch the data. */
  protected notify<K extends NotificationsOf<P['toView']>>(method: K, params: ParamsIn<P['toView'], K>): boolean {
    if (!this.panel || !this.loaded) return false;
    this.endpoint.notify(method, params);
    return true;
  }

  /** Renders the HTML again (a new nonce), reloading the front end. */
  protected render(): void {
    if (!this.panel) return;
    this.loaded = false;
    const webview = this.panel.webview;
    const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    webview.html = renderHtml({
      cspSource: webview.cspSource,
      script: asset('dist', 'webview', `${this.options.script}.js`),
      styles: this.options.styles.map((s) => asset('media', s)),
    });
  }

  private closed(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    this.panel = undefined;
    this.loaded = false;
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.endpoint.dispose();
    this.onPanelClosed();
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
