import * as path from 'path';
import * as vscode from 'vscode';
import { incidentEntry, openIncident, readIncidents, stampIncident, type Incident, type NewIncident } from '../../core/health/incidents';
import { SEVERITIES, type Severity } from '../../core/health/sla';
import { localDate } from '../../core/format/dates';
import type { Client } from '../../core/workspace/loadWorkspace';
import type { Ctx } from '../ctx';
import type { HealthMonitor } from '../health/healthMonitor';
import { openFile, pickClient } from '../pickClient';
import { logClientHours } from './logHours';

/** "Upkeep: Show Health": the clients needing attention; one picked gets its notification again, with its actions. */
export function showHealthCommand(ctx: Ctx, health: HealthMonitor) {
  return async (): Promise<void> => {
    const bad = health.needingAttention();
    if (!bad.length) {
      void vscode.window.showInformationMessage(health.checksRun ? 'Upkeep: every client is up.' : 'Upkeep: no health check has run yet.', 'Check Now').then((c) => c && health.checkNow());
      return;
    }
    const picked = await vscode.window.showQuickPick(
      bad.map((c) => ({ label: `${c.status === 'down' ? '$(error)' : '$(warning)'} ${c.clientName}`, description: `${c.model} · ${c.status}`, detail: c.summary, check: c })),
      { title: 'Upkeep: clients needing attention', matchOnDetail: true },
    );
    const client = picked && ctx.client(picked.check.clientId);
    if (client && picked) health.offer(client, picked.check);
  };
}

/** "Upkeep: Open Incident" by hand: client, title and severity; writes the file and opens it. An alert passes what it knows. */
export function openIncidentCommand(ctx: Ctx) {
  return async (arg?: unknown, given?: { title?: string; severity?: Severity } & Pick<NewIncident, 'cause' | 'summary'>): Promise<string | undefined> => {
    const client = await pickClient(ctx, arg, 'Open Incident');
    if (!client) return undefined;
    const title = given?.title ?? (await vscode.window.showInputBox({ title: `Open Incident — ${client.name}`, prompt: 'What is wrong, in a few words', validateInput: (v) => (v.trim() ? undefined : 'A title, please') }));
    if (!title?.trim()) return undefined;
    const severity = given?.severity ?? (await vscode.window.showQuickPick([...SEVERITIES], { title: `Open Incident — ${client.name}`, placeHolder: 'Severity' }));
    if (!severity) return undefined;
    const file = await openIncident(client.dir, { title: title.trim(), severity: severity as Severity, opened: new Date().toISOString(), cause: given?.cause, summary: given?.summary });
    await openFile(file);
    return file;
  };
}

/** "Upkeep: Acknowledge Incident": stamps `acknowledged` on an open incident (the one given, or picked). */
export function acknowledgeIncidentCommand(ctx: Ctx) {
  return async (file?: unknown): Promise<Incident | undefined> => {
    const found = await incidentFor(ctx, file, (i) => !i.acknowledged && !i.resolved, 'Acknowledge Incident');
    if (!found) return undefined;
    const incident = await stampIncident(found.incident.file, 'acknowledged', new Date().toISOString());
    void vscode.window.showInformationMessage(`Acknowledged: ${incident.title}.`);
    return incident;
  };
}

/** "Upkeep: Resolve Incident": stamps `resolved`, asks the hours and logs them as an `incident` entry. */
export function resolveIncidentCommand(ctx: Ctx) {
  return async (file?: unknown, givenHours?: number): Promise<Incident | undefined> => {
    const found = await incidentFor(ctx, file, (i) => !i.resolved, 'Resolve Incident');
    if (!found) return undefined;
    const hours = givenHours ?? (await askHours(found.incident));
    if (hours === undefined) return undefined;
    const incident = await stampIncident(found.incident.file, 'resolved', new Date().toISOString());
    const changelog = found.client.changelog?.file ?? path.join(found.client.dir, found.client.manifest?.changelog ?? 'CHANGELOG.md');
    const logged = await logClientHours(ctx, found.client, { date: localDate(new Date()), category: 'incident', hours, ...incidentEntry(incident, changelog) });
    if (!logged.ok) void vscode.window.showErrorMessage(`Resolved ${incident.title}, but the hours were not logged: ${logged.error}`);
    else void vscode.window.showInformationMessage(`Resolved: ${incident.title}. ${logged.message}`);
    return incident;
  };
}

async function askHours(incident: Incident): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Resolve — ${incident.title}`,
    prompt: 'Hours spent on it (logged as an incident entry in the change log)',
    validateInput: (v) => (Number.isFinite(Number(v)) && Number(v) >= 0 && v.trim() !== '' ? undefined : 'Hours as a number, e.g. 1.5'),
  });
  return text === undefined ? undefined : Number(text);
}

/** The incident a file argument names (an editor's file, a URI, a path), or the one picked among those `admit` lets through. */
async function incidentFor(ctx: Ctx, arg: unknown, admit: (i: Incident) => boolean, purpose: string): Promise<{ client: Client; incident: Incident } | undefined> {
  const model = await ctx.ready();
  const file = arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : vscode.window.activeTextEditor?.document.uri.fsPath;
  const all: { client: Client; incident: Incident }[] = [];
  for (const client of model.clients) for (const incident of (await readIncidents(client.dir)).incidents) all.push({ client, incident });
  const named = file && all.find((x) => path.resolve(x.incident.file) === path.resolve(file));
  if (named && (arg !== undefined || admit(named.incident))) return named;
  const open = all.filter((x) => admit(x.incident));
  if (!open.length) {
    void vscode.window.showInformationMessage(`Upkeep: no incident to ${purpose.split(' ')[0].toLowerCase()}.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    open.map((x) => ({ label: x.incident.title, description: `${x.incident.severity} · ${x.client.name}`, detail: `opened ${x.incident.opened}`, x })),
    { title: `Upkeep: ${purpose}` },
  );
  return picked?.x;
}
