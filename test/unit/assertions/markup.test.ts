import * as assert from 'assert';
import { run } from './helpers';

const pass = async (a: Parameters<typeof run>[0], output: string) => (await run(a, output)).pass;

describe('assertions: is-xml and contains-xml', () => {
  it('is-xml passes one well-formed document and fails a broken or empty one', async () => {
    assert.strictEqual(await pass({ type: 'is-xml' }, '<root><child>Content</child></root>'), true);
    assert.strictEqual(await pass({ type: 'is-xml' }, '<?xml version="1.0"?>\n<root a="1"/>\n'), true);
    const broken = await run({ type: 'is-xml' }, '<root><child>Content</child></root');
    assert.deepStrictEqual([broken.pass, broken.error], [false, undefined]);
    assert.match(broken.reason, /line 1, column 35/);
    assert.strictEqual(await pass({ type: 'is-xml' }, ''), false);
    assert.strictEqual(await pass({ type: 'is-xml' }, '<a/><b/>'), false, 'two roots are not one document');
    assert.strictEqual(await pass({ type: 'is-xml' }, 'Here: <a/>'), false);
  });

  it('refuses a DTD internal subset, so no entity is ever expanded', async () => {
    const r = await run({ type: 'is-xml' }, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>');
    assert.deepStrictEqual([r.pass, r.reason], [false, 'Output is not one well-formed XML document: it declares a DTD internal subset, which is not read']);
  });

  it('requiredElements are dot paths from the root, given as a list or a comma-separated string', async () => {
    const value = { requiredElements: ['analysis.classification', 'analysis.color'] };
    assert.strictEqual(await pass({ type: 'is-xml', value }, '<analysis><classification>T-shirt</classification><color>Red</color></analysis>'), true);
    const r = await run({ type: 'is-xml', value }, '<analysis><classification>T-shirt</classification></analysis>');
    assert.deepStrictEqual([r.pass, r.reason], [false, "Output is XML but lacks 'analysis.color'"]);
    assert.strictEqual(await pass({ type: 'is-xml', value: 'root.parent.child.grandchild' }, '<root><parent><child><grandchild>x</grandchild></child></parent></root>'), true);
    assert.strictEqual(await pass({ type: 'is-xml', value: { requiredElements: ['root.item.name'] } }, '<root><item/><item><name>b</name></item></root>'), true, 'any of repeated elements');
  });

  it('contains-xml finds a fragment inside prose, and not-is-xml inverts', async () => {
    const prose = 'Sure, here is your xml:\n<root><child>Content</child></root>\nlet me know if you have any other questions!';
    assert.strictEqual(await pass({ type: 'contains-xml', value: { requiredElements: ['root.child'] } }, prose), true);
    assert.strictEqual(await pass({ type: 'is-xml' }, prose), false);
    assert.strictEqual(await pass({ type: 'not-is-xml' }, prose), true);
    assert.strictEqual(await pass({ type: 'contains-xml' }, 'a < b and c > d'), false);
    assert.strictEqual(await pass({ type: 'contains-xml' }, ''), false);
    assert.strictEqual(await pass({ type: 'contains-xml', value: { requiredElements: ['wrapper.root.child'] } }, 'x <wrapper><root><child>C</child></root></wrapper> y'), true);
  });
});

describe('assertions: is-html and contains-html', () => {
  it('is-html passes documents, fragments, several elements and void tags', async () => {
    for (const html of ['<!DOCTYPE html><html><body><p>Hi</p></body></html>', '<div>Content</div>', '<h1>Title</h1><p>Paragraph</p>', '<img src="test.jpg" />', '  <ul><li>één</li><li>🦷</li></ul>\n']) {
      assert.strictEqual(await pass({ type: 'is-html' }, html), true, html);
    }
  });

  it('is-html fails text, mixed content, XML, unclosed HTML and unknown elements', async () => {
    for (const text of ['Just text', 'Text before <div>HTML</div> text after', '<?xml version="1.0"?><root>x</root>', '<div>Unclosed div', 'Here is some HTML: <div>test</div>', '<div>a</div> text <p>b</p>', '<example>x</example>', '']) {
      const r = await run({ type: 'is-html' }, text);
      assert.deepStrictEqual([r.pass, r.error], [false, undefined], text);
    }
    assert.strictEqual(await pass({ type: 'is-html' }, '<my-widget>x</my-widget>'), true, 'custom elements count');
  });

  it('contains-html needs two signs of HTML, so "a < b" or an address in brackets is not HTML', async () => {
    assert.strictEqual(await pass({ type: 'contains-html' }, 'See <div class="note">this</div> please'), true);
    assert.strictEqual(await pass({ type: 'contains-html' }, 'Fish &amp; chips<br/>'), true);
    assert.strictEqual(await pass({ type: 'contains-html' }, 'a < b'), false);
    assert.strictEqual(await pass({ type: 'contains-html' }, 'email me <bob@example.com>'), false);
    assert.strictEqual(await pass({ type: 'not-contains-html' }, 'Plain answer.'), true);
  });
});
