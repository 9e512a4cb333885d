import * as path from 'path';
import { OllamaProvider } from '../../../src/core/providers';
import type { RunEvalSetOptions } from '../../../src/core/runner/runEvalSet';
import { parseEvalSet } from '../../../src/core/workspace/evalSet';
import { parseClientManifest } from '../../../src/core/workspace/clientManifest';
import { startOllamaServer, type OllamaTestServer } from '../../fixtures/ollamaServer';
import type { Script } from '../../fixtures/ollama/types';
import { tempTree } from '../helpers/tempDir';

export const MODEL = 'acme:v3';

/** An eval set of `n` cases `q1…qn`; case i passes when the answer contains `ok`. */
export function setOf(n: number, extra = ''): string {
  const cases = Array.from({ length: n }, (_, i) => `  - id: q${i + 1}\n    input: question ${i + 1}\n    assert: [{ type: contains, value: ok }]\n${extra}`);
  return `name: Smoke\ncases:\n${cases.join('')}`;
}

/** A client folder and a test server answering `ok` to everything unless the script says otherwise. */
export async function runFixture(setText: string, script: Script = { models: [MODEL], defaultReply: 'ok' }, timeoutMs?: number) {
  const server: OllamaTestServer = await startOllamaServer({ script });
  const manifestText = `name: Acme\nmodel:\n  name: ${MODEL}\n  host: ${server.url}\n  options: { seed: 7 }\n`;
  const dir = await tempTree({ 'client.yaml': manifestText, 'system-prompt.md': 'You are Acme.', 'evals/smoke.yaml': setText });
  const manifest = parseClientManifest('client.yaml', manifestText).manifest!;
  const parsed = parseEvalSet(path.join(dir, 'evals/smoke.yaml'), 'evals/smoke.yaml', setText);
  if (!parsed.set) throw new Error(JSON.stringify(parsed.problems));
  const options = (over: Partial<RunEvalSetOptions> = {}): RunEvalSetOptions => ({
    client: { id: 'acme', name: 'Acme', dir },
    set: parsed.set!,
    systemPrompt: 'You are Acme.',
    model: manifest.model,
    provider: new OllamaProvider({ host: server.url, model: MODEL, timeoutMs }),
    trigger: 'script',
    // Back-off still happens, only shorter, so retry tests take milliseconds.
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...over,
  });
  return { server, dir, options };
}
