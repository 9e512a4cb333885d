import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { evaluateAssertion } from '../../../src/core/assertions';
import { ImportError, importPromptfoo } from '../../../src/core/import/promptfoo';
import { assertionFromCell } from '../../../src/core/import/promptfooCsv';
import { loadWorkspace } from '../../../src/core/workspace/loadWorkspace';
import { removeTree, tempTree } from '../helpers/tempDir';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/promptfoo');
const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const MANIFEST = 'name: Acme\nmodel:\n  name: acme:v3\njudge:\n  name: llama3.1:8b\n';

describe('import promptfoo', () => {
  let root: string;
  let client: string;
  beforeEach(async () => {
    root = await tempTree({ 'acme/client.yaml': MANIFEST });
    client = path.join(root, 'acme');
  });
  afterEach(() => removeTree(root));

  const notCarried = (r: Awaited<ReturnType<typeof importPromptfoo>>) => r.notCarried.map((p) => `${path.relative(FIXTURES, p.file)}:${p.range.line}:${p.range.column}: ${p.message}`);
  const loaded = async () => {
    const model = await loadWorkspace([root]);
    assert.deepStrictEqual(model.problems.filter((p) => p.severity === 'error'), [], 'the imported set loads without errors');
    return model.clients[0];
  };

  it('a chat prompt with a system message: the system prompt, cases with rendered vars, defaults, metadata as tags', async () => {
    const r = await importPromptfoo(path.join(FIXTURES, 'support-bot/promptfooconfig.yaml'), client);
    assert.deepStrictEqual([path.relative(client, r.setFile), r.caseCount, r.systemPromptFile && path.relative(client, r.systemPromptFile)], ['evals/front-desk-answers.yaml', 3, 'system-prompt.md']);
    assert.strictEqual(await fs.readFile(path.join(client, 'system-prompt.md'), 'utf8'), 'You are the front desk of Acme Dental. Answer briefly and never invent fees.\n');
    assert.deepStrictEqual(notCarried(r), [
      "support-bot/promptfooconfig.yaml:9:1: providers: the client's model in client.yaml answers the cases; promptfoo providers are not carried over.",
      'support-bot/promptfooconfig.yaml:22:3: defaultTest.options: not carried over (transforms and per-test providers do not exist in Upkeep).',
      "support-bot/promptfooconfig.yaml:33:9: provider: not carried over (the client's judge grades model-graded assertions).",
      'support-bot/promptfooconfig.yaml:42:9: javascript: Upkeep runs no code from eval files; write the check as an assertion type; not carried over.',
    ]);
    const set = (await loaded()).evalSets[0];
    assert.strictEqual(set.name, 'Front desk answers');
    assert.deepStrictEqual(set.defaults.assert.map((a) => a.type), ['latency', 'not-icontains']);
    assert.deepStrictEqual(set.cases.map((c) => [c.id, c.input]), [
      ['refund-window', 'Can I get a refund on a cleaning I cancelled?'],
      ['opening-hours', 'Are you open on Saturday at Acme Dental?'],
      ['emergency', "My face is swelling and I can't swallow"],
    ]);
    assert.deepStrictEqual(set.cases[0].tags, ['topic:billing']);
    assert.strictEqual(set.cases[2].threshold, 0.5);
    // The CSV-quoted contains-any and the numeric-string word-count keep promptfoo's meaning.
    const hours = set.cases[1].assert![0];
    assert.strictEqual((await evaluateAssertion(hours, { output: 'Open 9 am, 5 pm on weekdays', input: '' })).pass, true);
    assert.strictEqual((await evaluateAssertion(set.cases[2].assert![1], { output: 'Call 000 now.', input: '' })).pass, true);
  });

  it('a text prompt with tests in their own file, a schema file and a file var: inlined, scripts and transforms listed', async () => {
    const r = await importPromptfoo(path.join(FIXTURES, 'json-extractor/promptfooconfig.yaml'), client);
    assert.strictEqual(r.systemPromptFile, undefined, 'a text prompt has no system message');
    assert.deepStrictEqual(notCarried(r), [
      "json-extractor/promptfooconfig.yaml:5:1: providers: the client's model in client.yaml answers the cases; promptfoo providers are not carried over.",
      'json-extractor/promptfooconfig.yaml:10:3: defaultTest.options: not carried over (transforms and per-test providers do not exist in Upkeep).',
      'json-extractor/promptfooconfig.yaml:13:1: derivedMetrics: not carried over (Upkeep has no equivalent).',
      'json-extractor/tests.yaml:12:7: python: Upkeep runs no code from eval files; write the check as an assertion type; not carried over.',
      'json-extractor/tests.yaml:19:7: transform: not carried over (transforms do not exist in Upkeep).',
    ]);
    const set = (await loaded()).evalSets[0];
    assert.deepStrictEqual(set.cases.map((c) => c.id), ['a-cleaning-on-tuesday', 'checkup-with-no-time', 'test-3']);
    assert.match(set.cases[2].input ?? '', /: Hello! I've been meaning to ask about teeth whitening/, 'the file var, read');
    const schema = set.defaults.assert[0];
    assert.deepStrictEqual((schema.value as { required: string[] }).required, ['date', 'time', 'service'], 'the schema file, inlined');
    assert.strictEqual((await evaluateAssertion(set.cases[0].assert![0], { output: '{"service":"cleaning","time":"9am","date":"next Tuesday"}', input: '' })).pass, true);
  });

  it('tests in a CSV file, as promptfoo reads one: vars columns, __expected cells as typed assertions, description, threshold and metadata; the rest listed at row and column', async () => {
    const r = await importPromptfoo(path.join(FIXTURES, 'intake-csv/promptfooconfig.yaml'), client);
    assert.deepStrictEqual([r.caseCount, path.relative(client, r.setFile)], [4, 'evals/intake-triage.yaml']);
    assert.deepStrictEqual(notCarried(r), [
      "intake-csv/promptfooconfig.yaml:9:1: providers: the client's model in client.yaml answers the cases; promptfoo providers are not carried over.",
      'intake-csv/tests.csv:4:1: __prefix: not carried over (Upkeep sends the input as it is; put the text in the prompt).',
      'intake-csv/tests.csv:6:59: javascript: Upkeep runs no code from eval files; write the check as an assertion type; not carried over.',
    ]);
    const set = (await loaded()).evalSets[0];
    assert.deepStrictEqual(set.defaults.assert.map((a) => a.type), ['latency']);
    assert.deepStrictEqual(set.cases.map((c) => [c.id, c.input, c.tags, c.threshold]), [
      ['bond-dispute', "Email from Dana Whitfield:\nMy landlord kept my whole bond, $2,400, and won't answer my emails.", ['area:tenancy'], undefined],
      ['unfair-dismissal', 'Email from Marco Ruiz:\nI was let go the day after I asked about "overtime" pay.', ['area:employment'], 0.5],
      ['wills-update', 'Email from Priya Natarajan:\nWe would like to update our wills\nnow that the baby has arrived.', ['area:estates'], undefined],
      ['rear-end', 'Email from Sam Okafor:\nSomeone rear-ended me at a red light last week', ['area:injury'], undefined],
    ]);
    assert.deepStrictEqual(set.cases.map((c) => c.assert), [
      [{ type: 'icontains', value: 'tenancy' }, { type: 'not-icontains', value: 'criminal' }],
      [{ type: 'icontains-any', value: ['employment', 'unfair dismissal'] }, { type: 'llm-rubric', value: 'Names employment law and promises no outcome' }],
      [{ type: 'equals', value: 'Estate planning' }],
      [{ type: 'levenshtein', value: 'Personal injury', threshold: 12 }],
    ]);
    assert.strictEqual(await fs.readFile(r.systemPromptFile!, 'utf8'), 'You sort incoming emails for Northwind Legal into one practice area. Answer with the area and one sentence why.\n');
  });

  it('a CSV cell as promptfoo reads it: typed, thresholded, negated, a rubric, a script, or else the text to equal', () => {
    assert.deepStrictEqual(assertionFromCell('Paris'), { type: 'equals', value: 'Paris' });
    assert.deepStrictEqual(assertionFromCell('hello: world'), { type: 'equals', value: 'hello: world' }, 'not a type name: an equals');
    assert.deepStrictEqual(assertionFromCell('is-json'), { type: 'is-json' });
    assert.deepStrictEqual(assertionFromCell('not-contains:sorry'), { type: 'not-contains', value: 'sorry' });
    assert.deepStrictEqual(assertionFromCell('similar(0.9):The answer'), { type: 'similar', value: 'The answer', threshold: 0.9 });
    assert.deepStrictEqual(assertionFromCell('similar:The answer'), { type: 'similar', value: 'The answer', threshold: 0.8 });
    assert.deepStrictEqual(assertionFromCell('contains-all: a , b'), { type: 'contains-all', value: ['a', 'b'] });
    assert.deepStrictEqual(assertionFromCell('grade:Is polite'), { type: 'llm-rubric', value: 'Is polite' });
    assert.deepStrictEqual(assertionFromCell('fn: output.length > 3'), { type: 'javascript', value: 'output.length > 3' });
    assert.deepStrictEqual(assertionFromCell('factuality:Paris is the capital'), { type: 'factuality', value: 'Paris is the capital' });
  });

  it('several prompts, scenarios, nunjucks filters and unknown types: the first prompt, the rest listed', async () => {
    const r = await importPromptfoo(path.join(FIXTURES, 'sql-agent/promptfooconfig.yaml'), client);
    assert.deepStrictEqual(notCarried(r), [
      'sql-agent/promptfooconfig.yaml:5:5: a second prompt: Upkeep runs one prompt per client; only the first was carried over (compare others as candidates).',
      "sql-agent/promptfooconfig.yaml:6:1: providers: the client's model in client.yaml answers the cases; promptfoo providers are not carried over.",
      'sql-agent/promptfooconfig.yaml:8:1: evaluateOptions: not carried over (Upkeep has no equivalent).',
      'sql-agent/promptfooconfig.yaml:10:1: scenarios: not carried over; write each combination as cases.',
      'sql-agent/promptfooconfig.yaml:30:13: {{ year }}: no such variable in this test; filled in as empty, as promptfoo does.',
      "sql-agent/promptfooconfig.yaml:30:13: 'icontains' value: needs a non-empty value: this assertion was not carried over.",
      'sql-agent/promptfooconfig.yaml:41:9: moderation: Upkeep has no such assertion type; not carried over.',
      'sql-agent/promptfooconfig.yaml:45:5: options: not carried over (transforms and per-test providers do not exist in Upkeep).',
    ]);
    const set = (await loaded()).evalSets[0];
    assert.deepStrictEqual(set.cases[0].assert!.map((a) => a.type), ['is-sql', 'assert-set']);
    assert.deepStrictEqual(set.cases[0].assert![1].assert!.map((a) => a.value), ['select', 'DELETE'], 'the nested assert-set, less what could not be carried');
    assert.deepStrictEqual(set.cases[2].assert!.map((a) => a.type), ['is-refusal', 'not-is-sql']);
  });

  it('never overwrites an eval set, and refuses a folder that is not a client', async () => {
    const config = path.join(FIXTURES, 'support-bot/promptfooconfig.yaml');
    await importPromptfoo(config, client);
    await assert.rejects(importPromptfoo(config, client), (e: Error) => e instanceof ImportError && /exists already; it is not overwritten/.test(e.message));
    await assert.rejects(importPromptfoo(config, root), (e: Error) => e instanceof ImportError && /holds no client\.yaml: create the client first/.test(e.message));
    await assert.rejects(importPromptfoo(path.join(root, 'nope.yaml'), client), /does not exist/);
  });

  it('keeps a system prompt the client already has, and says so', async () => {
    await fs.writeFile(path.join(client, 'system-prompt.md'), 'Our own prompt.\n');
    const r = await importPromptfoo(path.join(FIXTURES, 'support-bot/promptfooconfig.yaml'), client);
    assert.strictEqual(r.systemPromptFile, undefined);
    assert.strictEqual(await fs.readFile(path.join(client, 'system-prompt.md'), 'utf8'), 'Our own prompt.\n');
    assert.ok(notCarried(r).includes("support-bot/promptfooconfig.yaml:4:5: the prompt's system message: the client's system-prompt.md is kept; compare the two and merge by hand."), notCarried(r).join('\n'));
  });

  it('upkeep import promptfoo writes the set, prints what it left out as file:line:column, and exits 0 (2 when it cannot)', async () => {
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: FIXTURES });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const ok = await cli(['import', 'promptfoo', 'sql-agent/promptfooconfig.yaml', '--into', client]);
    assert.strictEqual(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^Wrote .*evals[/\\]case-database-queries\.yaml: 3 cases\.\n$/);
    assert.match(ok.stderr, /^Not carried over \(8\):\nsql-agent\/promptfooconfig\.yaml:5:5: warning: a second prompt/);
    const again = await cli(['import', 'promptfoo', 'sql-agent/promptfooconfig.yaml', '--into', client]);
    assert.deepStrictEqual([again.code, /exists already/.test(again.stderr)], [2, true]);
    const usage = await cli(['import', 'promptfoo', 'sql-agent/promptfooconfig.yaml']);
    assert.deepStrictEqual([usage.code, /import needs --into <clientDir>/.test(usage.stderr)], [2, true]);
  });
});
