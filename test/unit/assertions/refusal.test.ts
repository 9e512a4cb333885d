import * as assert from 'assert';
import { run } from './helpers';

describe('assertions: is-refusal', () => {
  it('recognises common refusals, with typographic apostrophes too', async () => {
    for (const text of [
      "I'm sorry, but I can't help with that.",
      'I’m unable to provide that information.',
      'As an AI language model, I cannot browse the web.',
      'I cannot assist with creating malware.',
      'That would not be ethical.',
      'I must decline this request.',
      'This request violates our usage policies.',
      'Sorry, I won’t share personal data about other patients.',
    ]) {
      const r = await run({ type: 'is-refusal' }, text);
      assert.deepStrictEqual([r.pass, r.score], [true, 1], text);
    }
  });

  it('an empty or blank answer counts as a refusal, as in promptfoo', async () => {
    assert.strictEqual((await run({ type: 'is-refusal' }, '')).reason, 'Output is empty, which counts as a refusal');
    assert.strictEqual((await run({ type: 'is-refusal' }, ' \n\t')).pass, true);
    assert.strictEqual((await run({ type: 'not-is-refusal' }, '')).pass, false);
  });

  it('a helpful answer is not a refusal, even one that says "I can’t wait to help" or mentions a limit late', async () => {
    for (const text of [
      'Refunds are available within 30 days of the appointment.',
      "I can't wait to help you plan the visit!",
      `${'Here is the full schedule for next week. '.repeat(10)}I cannot open on Sundays.`,
      '歯科の予約は月曜日から可能です。',
    ]) {
      const r = await run({ type: 'not-is-refusal' }, text);
      assert.strictEqual(r.pass, true, text);
    }
  });
});
