import * as assert from 'assert';
import { flowStyleSet, largeSet } from '../../../scripts/bench/evalSets';
import { parseClientManifest } from '../../../src/core/workspace/clientManifest';
import { parseEvalSet, unmetNeeds } from '../../../src/core/workspace/evalSet';
import { YamlSource } from '../../../src/core/workspace/yamlSource';
import { VALID_MANIFEST } from '../helpers/tempDir';

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
    assert.match(bad('{ type: contains-any, value: { a: 1 } }')[0].message, /contains-any' value/);
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
      "      - { type: regex, value: '^(a|a)+$' }",
      "      - { type: regex, value: '\\d+\\d+x' }",
    ].join('\n');
    const { set, problems } = parseEvalSet('f.yaml', 'f.yaml', text);
    assert.deepStrictEqual(
      problems.map((p) => [p.severity, p.code, p.range.line, p.range.column]),
      [
        ['warning', 'regex-backtracking', 3, 38],
        ['warning', 'regex-backtracking', 9, 31],
        ['warning', 'regex-backtracking', 10, 31],
        ['warning', 'regex-backtracking', 11, 31],
      ],
    );
    assert.strictEqual(problems[0].message, 'This pattern may backtrack catastrophically (a repeat inside a repeat, (x+)+); Upkeep stops it after 1 s per output, and the case errors.');
    assert.match(problems[2].message, /\(a repeated choice whose branches can match alike, \(a\|a\)\+\)/);
    assert.match(problems[3].message, /\(two unbounded repeats of the same characters in a row, \\d\+ then \\d\+\)/);
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

  it('reads the first case of a file that starts with a byte-order mark', () => {
    const { set, problems } = parseEvalSet('/c/evals/prod.jsonl', 'evals/prod.jsonl', '\ufeff{"id":"a","input":"hi"}\n{"id":"b","input":"yo"}\n');
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(set?.cases.map((c) => [c.id, c.range.line, c.range.column]), [['a', 1, 1], ['b', 2, 1]]);
  });

  it('reports an empty set as YAML reports cases: [], an error with no set to run', () => {
    for (const text of ['', '\n\n', '// only a comment\n']) {
      const { set, problems } = parseEvalSet('/c/evals/prod.jsonl', 'evals/prod.jsonl', text);
      assert.strictEqual(set, undefined, JSON.stringify(text));
      assert.deepStrictEqual(problems.map((p) => [p.severity, p.message, p.range.line]), [['error', 'An eval set needs at least one case.', 1]]);
    }
  });
});

describe('parseEvalSet: parameters that cannot work are Problems at their position', () => {
  const problemsOf = (assertLine: string) =>
    parseEvalSet('f.yaml', 'f.yaml', `name: S\ncases:\n  - id: a\n    input: x\n    assert:\n      - ${assertLine}\n`).problems.map((p) => [p.range.line, p.range.column, p.message]);

  it('latency without a threshold, at its type', () => {
    assert.deepStrictEqual(problemsOf('{ type: latency }'), [[6, 17, "'cases[0].assert[0].type': 'latency' needs a threshold (milliseconds)."]]);
  });

  it('a regex invalid under its own flags, at the value or the flags', () => {
    assert.deepStrictEqual(problemsOf("{ type: regex, value: 'a{', flags: u }"), [[6, 31, "'cases[0].assert[0].value': Invalid regular expression: /a{/u: Incomplete quantifier"]]);
    assert.deepStrictEqual(problemsOf('{ type: regex, value: a, flags: gg }'), [[6, 41, "'cases[0].assert[0].flags': Invalid regex flags 'gg': each flag at most once, and not u with v."]]);
    assert.deepStrictEqual(problemsOf("{ type: regex, value: 'a{' }"), [], 'without u, a{ is a literal');
  });

  it('levenshtein with a negative threshold, and a score threshold outside 0 to 1', () => {
    assert.deepStrictEqual(problemsOf('{ type: levenshtein, value: x, threshold: -1 }'), [[6, 51, "'cases[0].assert[0].threshold': 'levenshtein' threshold -1 cannot work: it must be 0 or more."]]);
    assert.deepStrictEqual(problemsOf('{ type: similar, value: x, threshold: 1.5 }'), [[6, 47, "'cases[0].assert[0].threshold': 'similar' threshold 1.5 cannot work: it must be between 0 and 1."]]);
    assert.deepStrictEqual(problemsOf('{ type: llm-rubric, value: x, threshold: 80 }').length, 1);
    assert.deepStrictEqual(problemsOf('{ type: latency, threshold: -5 }').length, 1);
  });

  it('a JSON schema that cannot be compiled, at the value: inline, written as text, or nested in an assert-set', () => {
    const [[line, column, message]] = problemsOf('{ type: is-json, value: { type: objekt } }');
    assert.deepStrictEqual([line, column], [6, 33]);
    assert.match(String(message), /^'cases\[0\]\.assert\[0\]\.value': 'is-json' value: is not a valid JSON schema: schema is invalid: data\/type must be equal to one of the allowed values/);
    assert.match(String(problemsOf("{ type: contains-json, value: 'required: name' }")[0][2]), /'contains-json' value: is not a valid JSON schema: schema is invalid: data\/required must be array/);
    assert.match(String(problemsOf('{ type: json-schema, value: { properties: { a: { tpye: string } } } }')[0][2]), /is not a valid JSON schema: strict mode: unknown keyword: "tpye"/);
    assert.match(String(problemsOf("{ type: assert-set, assert: [{ type: is-json, value: { '$ref': '#/nowhere' } }] }")[0][2]), /'cases\[0\]\.assert\[0\]\.assert\[0\]\.value': 'is-json' value: is not a valid JSON schema: can't resolve reference #\/nowhere/);
    assert.deepStrictEqual(problemsOf('{ type: is-json, value: { type: object, required: [name] } }'), []);
    assert.deepStrictEqual(problemsOf('{ type: is-json, value: true }'), []);
  });

  it('a JSON schema in the defaults that cannot be compiled keeps the whole set from running, with the problem at its value', () => {
    const text = 'name: Intake\ndefaults:\n  assert:\n    - { type: is-json, value: { type: objekt } }\ncases:\n  - id: a\n    input: Hello\n';
    const { set, problems } = parseEvalSet('/c/evals/intake.yaml', 'evals/intake.yaml', text);
    assert.strictEqual(set, undefined, 'a set whose every case would error is not offered to run');
    assert.strictEqual(problems.length, 1);
    assert.deepStrictEqual([problems[0].range.line, problems[0].range.column], [4, 31]);
    assert.match(problems[0].message, /^'defaults\.assert\[0\]\.value': 'is-json' value: is not a valid JSON schema/);
  });

  it('word-count with min above max, at the value', () => {
    assert.deepStrictEqual(problemsOf('{ type: word-count, value: { min: 5, max: 2 } }'), [[6, 36, "'cases[0].assert[0].value': 'word-count' value: min (5) is greater than max (2)."]]);
  });

  it('an unknown type names the nearest one or two, not every type', () => {
    assert.deepStrictEqual(problemsOf('{ type: regx, value: a }'), [[6, 17, "'cases[0].assert[0].type': Unknown assertion type 'regx'; did you mean 'regex'?"]]);
    assert.match(String(problemsOf('{ type: not-contain, value: a }')[0][2]), /did you mean 'not-contains'\?$/);
    assert.match(String(problemsOf('{ type: ICONTAINS, value: a }')[0][2]), /did you mean 'icontains'\?$/);
    assert.match(String(problemsOf('{ type: sounds-nice }')[0][2]), /Unknown assertion type 'sounds-nice'; see the assertion types in the README\.$/);
  });

  it("promptfoo's value forms are not Problems", () => {
    for (const line of [
      '{ type: contains, value: 0 }',
      "{ type: contains-any, value: 'refund, credit' }",
      `{ type: contains-all, value: '"hello, world",universe' }`,
      '{ type: contains-all, value: single }',
      '{ type: equals, value: { a: 1 } }',
      '{ type: equals, value: [1, 2] }',
      "{ type: is-json, value: 'type: object' }",
      '{ type: is-json, value: true }',
      "{ type: word-count, value: '3' }",
    ]) {
      assert.deepStrictEqual(problemsOf(line), [], line);
    }
  });

  it('an unterminated quote in a comma-separated value is a Problem at the value', () => {
    assert.deepStrictEqual(problemsOf(`{ type: contains-any, value: '"a, b' }`), [[6, 38, `'cases[0].assert[0].value': 'contains-any' value: cannot be read as a comma-separated list: the quoted field "a, b… has no closing quote.`]]);
  });
});

describe('parseEvalSet: assert-set and the types promptfoo users bring', () => {
  const parse = (assertLines: string) => parseEvalSet('f.yaml', 'f.yaml', `name: S\ncases:\n  - id: a\n    input: x\n    assert:\n${assertLines}\n`);

  it('checks nested assertions at their own positions, and records where each is', () => {
    const { set, problems, sites } = parse(['      - type: assert-set', '        threshold: 0.5', '        assert:', '          - { type: contains, value: hello }', '          - { type: latency }'].join('\n'));
    assert.deepStrictEqual(problems.map((p) => [p.range.line, p.range.column, p.message]), [[10, 21, "'cases[0].assert[0].assert[1].type': 'latency' needs a threshold (milliseconds)."]]);
    assert.deepStrictEqual(set?.cases, []);
    const ok = parse(['      - type: assert-set', '        assert:', '          - { type: llm-rubric, value: polite }'].join('\n'));
    assert.deepStrictEqual(ok.problems, []);
    assert.deepStrictEqual(ok.sites.map((s) => [s.assertion.type, s.range.line]), [['assert-set', 6], ['llm-rubric', 8]]);
    assert.strictEqual(sites.length, 0);
  });

  it('assert-set needs assert, only assert-set takes it, and it cannot be negated', () => {
    assert.match(parse('      - { type: assert-set }').problems[0].message, /'assert-set' needs assert/);
    assert.match(parse('      - { type: contains, value: x, assert: [{ type: contains, value: y }] }').problems[0].message, /Only assert-set takes assert/);
    assert.match(parse('      - { type: not-assert-set, assert: [{ type: contains, value: y }] }').problems[0].message, /'assert-set' cannot be negated with not-\./);
  });

  it('cost needs a threshold unless it only reports (weight 0); score thresholds stay within 0 to 1', () => {
    assert.match(parse('      - { type: cost }').problems[0].message, /'cost' needs a threshold/);
    assert.deepStrictEqual(parse('      - { type: cost, weight: 0, metric: spend }').problems, []);
    assert.match(parse('      - { type: bleu, value: x, threshold: 2 }').problems[0].message, /'bleu' threshold 2 cannot work/);
    assert.match(parse('      - { type: assert-set, threshold: -0.5, assert: [{ type: contains, value: y }] }').problems[0].message, /'assert-set' threshold -0.5 cannot work/);
  });

  it('every new type with its promptfoo value form loads without a Problem', () => {
    for (const line of [
      '{ type: icontains-any, value: "a, b" }',
      '{ type: icontains-all, value: [a, b] }',
      '{ type: contains-json, value: { type: object } }',
      '{ type: is-xml, value: { requiredElements: [root.child] } }',
      '{ type: contains-xml }',
      '{ type: is-html }',
      '{ type: contains-html }',
      "{ type: is-sql, value: { databaseType: MySQL, allowedTables: ['select::null::users'] } }",
      '{ type: contains-sql }',
      '{ type: is-refusal }',
      '{ type: not-is-refusal }',
      '{ type: finish-reason, value: stop }',
      '{ type: bleu, value: [a b, c d], threshold: 0.6 }',
      '{ type: gleu, value: a b }',
      '{ type: rouge-n, value: a b, threshold: 0.6 }',
      '{ type: character-count, value: { min: 1, max: 280 } }',
      '{ type: cost, threshold: 0.002 }',
    ]) {
      assert.deepStrictEqual(parse(`      - ${line}`).problems, [], line);
    }
  });

  it('an unknown SQL dialect or a bad value is a Problem at the value', () => {
    const { problems } = parse('      - { type: is-sql, value: { databaseType: Oracle } }');
    assert.match(problems[0].message, /'is-sql' value 'databaseType': must be one of Athena, BigQuery/);
    assert.match(parse('      - { type: finish-reason }').problems[0].message, /'finish-reason' needs a value/);
    assert.match(parse('      - { type: is-html, value: x }').problems[0].message, /'is-html' takes no value/);
  });
});

describe('parseEvalSet: the fast pass, and positions only where a message needs them', () => {
  const file = '/c/evals/front.yaml';
  /** 1-based line and column of the first `needle` on `line` (1-based) of `text`: positions counted from the text, not by a parser. */
  const at = (text: string, line: number, needle: string) => ({ line, column: text.split('\n')[line - 1].indexOf(needle) + 1 });

  it('a 1,000-case flow-style set is read on the fast pass; its positions, located when first read, are the full parse\'s', () => {
    const text = flowStyleSet();
    const parsed = parseEvalSet(file, 'evals/front.yaml', text);
    assert.strictEqual(parsed.parsedWith, 'fast');
    assert.deepStrictEqual(parsed.problems, []);
    assert.strictEqual(parsed.set?.cases.length, 1000);
    const full = new YamlSource(file, text);
    for (const i of [0, 499, 999]) assert.deepStrictEqual(parsed.set!.cases[i].range, full.locate(['cases', i]));
    const site = parsed.sites.find((s) => s.assertion.type === 'regex')!;
    assert.deepStrictEqual([site.range, site.valueRange], [full.locate(['cases', 0, 'assert', 1, 'type']), full.locate(['cases', 0, 'assert', 1, 'value'])]);
    // One pass located every deferred range: the last case's is a plain value now.
    assert.ok('value' in Object.getOwnPropertyDescriptor(parsed.set!.cases[998], 'range')!);
  });

  it('a 5 MB set is read on the fast pass, with no syntax tree until a position is asked for', () => {
    const parsed = parseEvalSet(file, 'evals/front.yaml', largeSet(5_000_000));
    assert.strictEqual(parsed.parsedWith, 'fast');
    assert.deepStrictEqual(parsed.problems, []);
    assert.ok(parsed.set!.cases.length > 5000);
  });

  it('a problem in a file the fast pass read sends it through the full parser, positioned at its value', () => {
    const lines = flowStyleSet().split('\n');
    lines[4 + 500] = lines[4 + 500].replace('type: icontains', 'type: icontainz');
    const text = lines.join('\n');
    const parsed = parseEvalSet(file, 'evals/front.yaml', text);
    assert.strictEqual(parsed.parsedWith, 'positions');
    assert.deepStrictEqual(
      parsed.problems.map((p) => [p.code, p.range.line, p.range.column]),
      [['schema', 505, at(text, 505, 'icontainz').column]],
    );
    assert.strictEqual(parsed.set?.cases.length, 999);
    assert.strictEqual(parsed.set?.cases[600].range.line, 606);
  });

  it('a file the fast pass leaves to the full parser has its syntax error at its line', () => {
    const text = 'name: Front\ncases:\n  - { id: a, input: hi,\n  expected: x }\n';
    const parsed = parseEvalSet(file, 'evals/front.yaml', text);
    assert.strictEqual(parsed.parsedWith, 'positions');
    assert.deepStrictEqual([...new Set(parsed.problems.map((p) => `${p.code} ${p.range.line}`))], ['yaml-syntax 4']);
  });

  it('an assertion that needs a judge, in a file read on the fast pass, is a Problem at its type', () => {
    const text = 'name: Front\ncases:\n  - id: a\n    input: hi\n    assert:\n      - { type: icontains, value: hi }\n      - { type: llm-rubric, value: polite }\n';
    const parsed = parseEvalSet(file, 'evals/front.yaml', text);
    assert.strictEqual(parsed.parsedWith, 'fast');
    const problems = unmetNeeds(file, parsed.sites, parseClientManifest('/c/client.yaml', VALID_MANIFEST).manifest!);
    assert.deepStrictEqual(
      problems.map((p) => [p.code, p.range.line, p.range.column]),
      [['missing-judge', 7, at(text, 7, 'llm-rubric').column]],
    );
  });
});
