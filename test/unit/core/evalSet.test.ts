import * as assert from 'assert';
import { parseEvalSet } from '../../../src/core/workspace/evalSet';

const SET = `name: Front desk
defaults:
  assert: [{ type: latency, threshold: 5000 }]
cases:
  - id: refund-window
    input: Can I get a refund?
    expected: Within 30 days.
    assert:
      - { type: icontains, value: 30 days }
    tags: [billing]
  - id: hours
    messages:
      - { role: user, content: When are you open? }
`;

describe('parseEvalSet (YAML)', () => {
  it('reads cases with their positions and the defaults', () => {
    const { set, problems } = parseEvalSet('/c/evals/front.yaml', 'evals/front.yaml', SET);
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(set?.name, 'Front desk');
    assert.deepStrictEqual(set?.cases.map((c) => [c.id, c.range.line, c.range.column]), [
      ['refund-window', 5, 5],
      ['hours', 11, 5],
    ]);
    assert.deepStrictEqual(set?.defaults.assert, [{ type: 'latency', threshold: 5000 }]);
  });

  it('reports a duplicate case id at the second case and keeps the first', () => {
    const text = SET + '  - id: refund-window\n    input: again\n';
    const { set, problems } = parseEvalSet('/c/evals/front.yaml', 'evals/front.yaml', text);
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].code, 'duplicate-case-id');
    assert.match(problems[0].message, /first used on line 5/);
    assert.strictEqual(problems[0].range.line, 14);
    assert.strictEqual(problems[0].range.column, 5);
    assert.strictEqual(set?.cases.length, 2);
    assert.strictEqual(set?.cases[0].input, 'Can I get a refund?');
  });

  it('reports an unknown assertion type at the type and still loads the other cases', () => {
    const text = SET.replace('type: icontains', 'type: icontain');
    const { set, problems } = parseEvalSet('f.yaml', 'f.yaml', text);
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0].message, /cases\[0\]\.assert\[0\]\.type/);
    assert.deepStrictEqual([problems[0].range.line, problems[0].range.column], [9, 17]);
    assert.deepStrictEqual(set?.cases.map((c) => c.id), ['hours']);
  });

  it('checks assertion parameters before anything runs', () => {
    const bad = (a: string) => parseEvalSet('f.yaml', 'f.yaml', `name: S\ncases:\n  - id: a\n    input: x\n    assert: [${a}]\n`).problems;
    assert.match(bad('{ type: contains }')[0].message, /'contains' needs a value/);
    assert.match(bad('{ type: regex, value: "(" }')[0].message, /Invalid regular expression/);
    assert.match(bad('{ type: contains-any, value: nope }')[0].message, /contains-any' value/);
    assert.match(bad('{ type: not-llm-rubric, value: x }')[0].message, /type/);
    assert.match(bad('{ type: latency, value: 3 }')[0].message, /takes no value/);
    assert.deepStrictEqual(bad('{ type: not-icontains, value: diagnosis, weight: 0 }'), []);
    assert.deepStrictEqual(bad('{ type: word-count, value: { min: 3 } }'), []);
  });

  it('warns (never errs) at a regex pattern that may backtrack catastrophically, in a case or the defaults', () => {
    const text = [
      'name: S',
      'defaults:',
      "  assert: [{ type: not-regex, value: '(x+)+y' }]",
      'cases:',
      '  - id: a',
      '    input: x',
      '    assert:',
      "      - { type: regex, value: 'Dear( \\w+)?,' }",
      "      - { type: regex, value: '^(a+)+$', flags: i }",
    ].join('\n');
    const { set, problems } = parseEvalSet('f.yaml', 'f.yaml', text);
    assert.deepStrictEqual(
      problems.map((p) => [p.severity, p.code, p.range.line, p.range.column]),
      [
        ['warning', 'regex-backtracking', 3, 38],
        ['warning', 'regex-backtracking', 9, 31],
      ],
    );
    assert.strictEqual(problems[0].message, 'This pattern may backtrack catastrophically (nested quantifiers); Upkeep runs it under a 1 s limit per output.');
    assert.deepStrictEqual(set?.cases.map((c) => c.id), ['a']);
  });

  it('requires exactly one of input and messages', () => {
    const { problems } = parseEvalSet('f.yaml', 'f.yaml', 'name: S\ncases:\n  - id: a\n    expected: x\n');
    assert.match(problems[0].message, /exactly one of input or messages/);
    assert.strictEqual(problems[0].range.line, 3);
  });

  it('reports a set without cases', () => {
    const { set, problems } = parseEvalSet('f.yaml', 'f.yaml', 'name: S\ncases: []\n');
    assert.strictEqual(set, undefined);
    assert.match(problems[0].message, /at least one case/);
  });
});

describe('parseEvalSet (JSONL)', () => {
  const lines = [
    '{"id":"a","input":"hi","assert":[{"type":"equals","value":"hello"}]}',
    '',
    '{"id":"b","input":"yo"',
    '{"id":"c","input":"x","tags":"billing"}',
    '{"id":"a","input":"dup"}',
  ];

  it('reports broken lines at their line and column and keeps the good ones', () => {
    const { set, problems } = parseEvalSet('/c/evals/prod.jsonl', 'evals/prod.jsonl', lines.join('\n'));
    assert.strictEqual(set?.name, 'prod');
    assert.deepStrictEqual(set?.cases.map((c) => [c.id, c.range.line]), [['a', 1]]);
    assert.strictEqual(set?.declaredCases, 3);
    const [syntax, schema, dup] = problems;
    assert.strictEqual(syntax.code, 'json-syntax');
    assert.deepStrictEqual([syntax.range.line, syntax.range.column], [3, 23]);
    assert.match(schema.message, /'tags'/);
    assert.deepStrictEqual([schema.range.line, schema.range.column], [4, 30]);
    assert.strictEqual(dup.code, 'duplicate-case-id');
    assert.strictEqual(dup.range.line, 5);
  });

  it('warns at a possibly catastrophic regex pattern on its line', () => {
    const text = ['{"id":"a","input":"hi"}', '{"id":"b","input":"yo","assert":[{"type":"regex","value":"^(a+)+$"}]}'].join('\n');
    const { set, problems } = parseEvalSet('/c/evals/prod.jsonl', 'evals/prod.jsonl', text);
    assert.deepStrictEqual(problems.map((p) => [p.severity, p.code, p.range.line, p.range.column]), [['warning', 'regex-backtracking', 2, 58]]);
    assert.strictEqual(set?.cases.length, 2);
  });
});
