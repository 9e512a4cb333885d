// ReplayProvider and loadTranscript: answers from a recorded JSONL transcript.

import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadTranscript, locateJsonError, ReplayProvider } from '../../../src/core/providers/replay';
import { removeTree, tempTree } from '../helpers/tempDir';
import { providerError } from './helpers';

const TRANSCRIPT = [
  JSON.stringify({ input: 'What is the refund window?', output: 'Within 30 days.', timestamp: '2025-06-01T09:00:00Z', latencyMs: 812, model: 'acme-support:v3' }),
  JSON.stringify({ input: 'Are you open on Saturday?', output: 'No, Monday to Friday.' }),
  '',
  JSON.stringify({ input: 'Do you take walk-ins?', output: 'Yes, before noon.' }),
].join('\n');

describe('ReplayProvider', function () {
  let dir: string;
  let file: string;
  let provider: ReplayProvider;
  const ask = (input: string) => provider.complete({ messages: [{ role: 'system', content: 'ignored' }, { role: 'user', content: input }] });

  beforeEach(async () => {
    dir = await tempTree({ 'transcripts/front-desk.jsonl': TRANSCRIPT });
    file = path.join(dir, 'transcripts/front-desk.jsonl');
    provider = new ReplayProvider({ transcriptPath: file, model: 'acme-support:v3' });
  });

  afterEach(() => removeTree(dir));

  it('answers an exact input with its recording and recorded latency', async () => {
    const result = await ask('What is the refund window?');
    assert.deepEqual(result, { output: 'Within 30 days.', latencyMs: 812, tokens: {} });
    assert.equal(provider.kind, 'replay');
    assert.equal(provider.host, 'replay:front-desk.jsonl');
  });

  it('falls back to a whitespace- and case-insensitive match, and has no latency when none was recorded', async () => {
    const result = await ask('  are YOU open\n on   saturday? ');
    assert.equal(result.output, 'No, Monday to Friday.');
    assert.ok(!('latencyMs' in result), 'the lookup time is not a latency');
  });

  it('looks up the last user message of a conversation', async () => {
    const result = await provider.complete({
      messages: [
        { role: 'user', content: 'What is the refund window?' },
        { role: 'assistant', content: 'Within 30 days.' },
        { role: 'user', content: 'Do you take walk-ins?' },
      ],
    });
    assert.equal(result.output, 'Yes, before noon.');
  });

  it('no recording: not-found naming the start of the input, not retryable', async () => {
    const err = await providerError(ask('Can I bring my dog to the appointment, and will there be a fee for the extra cleaning afterwards?'));
    assert.equal(err.kind, 'not-found');
    assert.equal(err.retryable, false);
    assert.match(err.message, /front-desk\.jsonl/);
    assert.match(err.message, /for "Can I bring my dog to the appointment, and will there be a …"/);
  });

  it('describes the model as replay:<file> with the sha256 of the bytes, and sees the file change', async () => {
    const first = await provider.describeModel();
    assert.deepEqual(first, { name: 'replay:front-desk.jsonl', digest: createHash('sha256').update(TRANSCRIPT).digest('hex') });

    const changed = `${TRANSCRIPT}\n${JSON.stringify({ input: 'Is parking free?', output: 'Yes.' })}\n`;
    await fs.writeFile(file, changed);
    const second = await provider.describeModel();
    assert.equal(second.digest, createHash('sha256').update(changed).digest('hex'));
    assert.notEqual(second.digest, first.digest);
    assert.equal((await ask('Is parking free?')).output, 'Yes.', 'the same provider answers from the new file');
    const fresh = new ReplayProvider({ transcriptPath: file, model: 'acme-support:v3' });
    assert.equal((await fresh.describeModel()).digest, second.digest);
  });

  it('reports a malformed line with its line and column, and keeps the good ones', async () => {
    await fs.writeFile(
      file,
      [
        JSON.stringify({ input: 'a', output: 'A' }),
        '{"input": "b", "output": }',
        '["not", "an", "object"]',
        '{"input": "c"}',
        '{"input": "d", "output": "D", "latencyMs": "fast"}',
      ].join('\n'),
    );
    assert.deepEqual(await provider.problems(), [
      { line: 2, column: 26, message: `Not valid JSON: unexpected "}" where a value was expected.` },
      { line: 3, column: 1, message: 'A transcript line must be a JSON object with "input" and "output".' },
      { line: 4, column: 1, message: 'Missing "output" (a string).' },
      { line: 5, column: 31, message: '"latencyMs" must be a number of milliseconds, 0 or more.' },
    ]);
    assert.equal((await ask('a')).output, 'A');
    assert.equal((await ask('d')).output, 'D', 'a bad optional field drops the field, not the recording');
    const err = await providerError(ask('b'));
    assert.match(err.message, /4 line\(s\) of it could not be read/);

    const health = await provider.health();
    assert.equal(health.ok, true);
    assert.match(health.message!, /4 line\(s\).*line 2 column 26/);
  });

  it('health: ok when loaded; not ok for a missing file or one without recordings', async () => {
    assert.deepEqual(await provider.health(), { ok: true, host: 'replay:front-desk.jsonl', modelAvailable: true, model: await provider.describeModel() });

    const missing = await new ReplayProvider({ transcriptPath: path.join(dir, 'nope.jsonl'), model: 'm' }).health();
    assert.equal(missing.ok, false);
    assert.match(missing.message!, /nope\.jsonl: it does not exist/);
    assert.match(missing.hint!, /`transcript` in client\.yaml/);

    await fs.writeFile(file, '\n\n');
    const empty = await provider.health();
    assert.equal(empty.ok, false);
    assert.equal(empty.modelAvailable, false);
  });

  it('a missing file: complete fails with not-found', async () => {
    const err = await providerError(new ReplayProvider({ transcriptPath: path.join(dir, 'nope.jsonl'), model: 'm' }).complete({ messages: [{ role: 'user', content: 'x' }] }));
    assert.equal(err.kind, 'not-found');
  });

  it('uses the text it is given instead of reading the file', async () => {
    const text = JSON.stringify({ input: 'hi', output: 'hello' });
    provider = new ReplayProvider({ transcriptPath: path.join(dir, 'not-on-disk.jsonl'), model: 'm', text });
    assert.equal((await ask('hi')).output, 'hello');
    assert.equal((await provider.describeModel()).digest, createHash('sha256').update(text).digest('hex'));
  });

  it('cannot embed', async () => {
    const err = await providerError(provider.embed(['x'], 'nomic-embed-text'));
    assert.equal(err.kind, 'bad-request');
    assert.equal(err.message, 'replay cannot embed; configure judge.embeddings');
  });

  it('a cancelled request is cancelled', async () => {
    const err = await providerError(provider.complete({ messages: [{ role: 'user', content: 'a' }], signal: AbortSignal.abort() }));
    assert.equal(err.kind, 'cancelled');
  });
});

describe('loadTranscript', () => {
  it('handles CRLF, a BOM and blank lines; a later recording of the same input wins', async () => {
    const text = '\uFEFF{"input":"a","output":"1"}\r\n\r\n{"input":"a","output":"2"}\r\n';
    const transcript = loadTranscript(text);
    assert.deepEqual(transcript.problems, []);
    assert.deepEqual(
      transcript.entries.map((e) => [e.line, e.output]),
      [
        [1, '1'],
        [3, '2'],
      ],
    );
    const provider = new ReplayProvider({ transcriptPath: '/x/t.jsonl', model: 'm', text });
    assert.equal((await provider.complete({ messages: [{ role: 'user', content: 'a' }] })).output, '2');
  });

  it('locates JSON errors by column', () => {
    assert.equal(locateJsonError('{"a": 1}'), undefined);
    assert.deepEqual(locateJsonError('{"a": 1,}'), { offset: 8, message: `unexpected "}" where a property name in double quotes was expected` });
    assert.deepEqual(locateJsonError('{"a": "b'), { offset: 8, message: 'the line ends inside a string' });
    assert.deepEqual(locateJsonError("{'a': 1}"), { offset: 1, message: `unexpected "'" where a property name in double quotes was expected` });
    assert.deepEqual(locateJsonError('{"a": 1} x'), { offset: 9, message: 'unexpected "x" after the end of the JSON value' });
    assert.deepEqual(locateJsonError('{"a": tru}'), { offset: 6, message: 'unexpected "t" where a value was expected' });
  });
});
