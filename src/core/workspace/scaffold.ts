import { promises as fs } from 'fs';
import * as path from 'path';

/** `Acme Dental` → `acme-dental`: the folder name of a new client. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function validateClientName(name: string): string | undefined {
  if (!name.trim()) return 'A client needs a name.';
  if (!slugify(name)) return 'The name needs at least one letter or digit.';
  return undefined;
}

/**
 * Writes a new client folder with a manifest that validates, a system prompt, a starter eval set,
 * a runbook and a change log. Refuses to touch a folder that already exists.
 */
export async function scaffoldClient(parentDir: string, name: string, today: string): Promise<string> {
  const problem = validateClientName(name);
  if (problem) throw new Error(problem);
  const dir = path.join(parentDir, slugify(name));
  try {
    await fs.mkdir(dir, { recursive: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`A folder named '${slugify(name)}' already exists in ${parentDir}.`, { cause: e });
    await fs.mkdir(parentDir, { recursive: true });
    await fs.mkdir(dir);
  }
  const files = template(name.trim(), today);
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text, { flag: 'wx' });
  }
  return dir;
}

function template(name: string, today: string): Record<string, string> {
  const yamlName = JSON.stringify(name);
  return {
    'client.yaml': `# Upkeep client manifest. Hover a key for help; the YAML extension completes it.
name: ${yamlName}
model:
  provider: ollama
  host: http://127.0.0.1:11434
  name: llama3.1:8b            # the model this client pays you to look after
  options: { temperature: 0, seed: 7 }
systemPrompt: system-prompt.md
judge:
  name: llama3.1:8b            # grades llm-rubric assertions
  embeddings: nomic-embed-text # scores similar assertions
thresholds:
  passRate: 0.9
  latencyP95Ms: 4000
retainer:
  includedHours: 2
  hourlyRate: 150
  currency: USD
`,
    'system-prompt.md': `You are the assistant for ${name}.

- Answer briefly and politely.
- If you do not know, say so and offer to pass the question to a person.
`,
    'evals/smoke.yaml': `name: Smoke
description: A first check that the model answers at all. Replace with the client's real questions.
defaults:
  assert:
    - { type: latency, threshold: 5000 }
cases:
  - id: greeting
    input: Hello, who am I talking to?
    expected: ${JSON.stringify(`Hello! I'm the assistant for ${name}. How can I help?`)}
    assert:
      - { type: icontains, value: ${yamlName} }
    tags: [smoke]
  - id: unknown-question
    input: What is the airspeed velocity of an unladen swallow?
    assert:
      - { type: llm-rubric, value: Says it cannot help with that and offers to pass the question on }
    tags: [smoke]
`,
    'runbooks/model-down.md': `# Model down

1. Is the server up? \`curl http://127.0.0.1:11434/api/version\`
2. Is the model there? \`ollama list\`, and \`ollama pull <model>\` if not.
3. Run the smoke set: "Upkeep: Run Eval Set".
4. Log the time: "Upkeep: Log Hours", category incident.
`,
    'CHANGELOG.md': `# Change log — ${name}

## ${today} · other · 0.25 h · Client set up in Upkeep

Created the client folder with a starter eval set.
`,
  };
}
