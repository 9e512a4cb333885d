// Eval sets as people write them, for the benchmarks: the same 1,000 cases in block style (one
// key a line) and in flow style (`assert: [{ type: icontains, value: "30 days" }]`), and the
// answer the test server streams for every case.

export const BENCH_CASES = 1000;

/** A front-desk answer of about 40 tokens: Ollama streams it one token a line. */
export const BENCH_ANSWER =
  "I don't have your booking in front of me, but refunds are available within 30 days of the appointment. Please call the front desk on 555-0100 and we will sort it out for you today.";

/** The server script: every question gets BENCH_ANSWER. */
export const BENCH_SCRIPT = { defaultReply: BENCH_ANSWER };

const HEADER = 'name: Front desk\ndefaults:\n  assert: [{ type: latency, threshold: 5000 }]\ncases:\n';

/** One key a line, the style of the README's example. */
export function blockStyleSet(cases = BENCH_CASES): string {
  const one = (i: number) =>
    [
      `  - id: refund-${i}`,
      `    input: Can I get a refund on cleaning number ${i} that I cancelled?`,
      '    expected: Refunds are available within 30 days of the appointment.',
      '    assert:',
      '      - type: icontains',
      '        value: 30 days',
      '      - type: regex',
      '        value: "^I\\\\b"',
      '      - type: levenshtein',
      '        threshold: 200',
      '    tags: [billing]',
      '',
    ].join('\n');
  return HEADER + Array.from({ length: cases }, (_, i) => one(i)).join('');
}

/** One case a line, assertions in brackets: how generated and imported sets often look. */
export function flowStyleSet(cases = BENCH_CASES): string {
  const one = (i: number) =>
    `  - { id: refund-${i}, input: "Can I get a refund on cleaning number ${i} that I cancelled?", expected: "Refunds are available within 30 days of the appointment.", assert: [{ type: icontains, value: "30 days" }, { type: regex, value: "^I\\\\b" }, { type: levenshtein, threshold: 200 }], tags: [billing] }\n`;
  return HEADER + Array.from({ length: cases }, (_, i) => one(i)).join('');
}

/** A set of about `bytes` in block style, its inputs and expected answers a few hundred characters each. */
export function largeSet(bytes: number): string {
  const paragraph = 'The patient asks about the cancellation policy, the fees for a missed appointment, and whether the hygienist can see them on Saturday morning. ';
  const one = (i: number) =>
    [
      `  - id: long-${i}`,
      `    input: "${paragraph.repeat(2)}Case ${i}."`,
      `    expected: |`,
      `      ${paragraph}`,
      `      ${paragraph}`,
      '    assert:',
      '      - { type: icontains, value: 30 days }',
      '      - { type: not-contains, value: fee }',
      '    tags: [billing, long]',
      '',
    ].join('\n');
  const caseBytes = one(0).length;
  return HEADER + Array.from({ length: Math.ceil(bytes / caseBytes) }, (_, i) => one(i)).join('');
}
