// package.json as the Marketplace and Open VSX read it. Open VSX has no offline dry run (ovsx
// only publishes), so its server's own checks on an extension's metadata (ExtensionValidator in
// eclipse/openvsx) are restated here, beside what the Marketplace needs of a listing.
import * as assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

const repo = path.join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown> & {
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
};

/** Open VSX's rule for namespace and extension names. */
const OPEN_VSX_NAME = /^[\w\-+$~]+$/;
/** semver 2.0.0's own pattern. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Control, format, private-use and separator characters: what Open VSX refuses in text fields. */
function badCharacter(text: string): number {
  return [...text].findIndex((ch) => /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) && ch !== '\u200d');
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.strictEqual(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('package.json for the Marketplace and Open VSX', () => {
  it('has names and a version Open VSX accepts', () => {
    for (const field of ['publisher', 'name']) {
      const value = pkg[field] as string;
      assert.match(value, OPEN_VSX_NAME, field);
      assert.ok(value.length <= 255, field);
    }
    assert.match(pkg.version as string, SEMVER);
    assert.ok(!['latest', 'pre-release', 'reviews'].includes(pkg.version as string));
  });

  it('has text fields within Open VSX limits and without characters it refuses', () => {
    const fields: Array<[string, string, number]> = [
      ['displayName', pkg.displayName as string, 255],
      ['description', pkg.description as string, 2048],
      ['license', pkg.license as string, 255],
      ...(pkg.categories as string[]).map((c): [string, string, number] => ['categories', c, 255]),
      ...(pkg.keywords as string[]).map((k): [string, string, number] => ['keywords', k, 255]),
    ];
    for (const [field, value, limit] of fields) {
      assert.ok(typeof value === 'string' && value.length > 0 && value.length <= limit, `${field}: ${value}`);
      assert.strictEqual(badCharacter(value), -1, `${field} has a character Open VSX refuses: ${JSON.stringify(value)}`);
    }
  });

  it('has a gallery banner Open VSX accepts', () => {
    const banner = pkg.galleryBanner as { color: string; theme: string };
    assert.match(banner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(banner.color.length <= 16);
    assert.ok(['dark', 'light'].includes(banner.theme));
  });

  it('names no made-up address: every URL field is absent or a real http(s) URL', () => {
    const text = readFileSync(path.join(repo, 'package.json'), 'utf8');
    assert.ok(!/\.invalid\b/.test(text), 'package.json names an example.invalid address');
    for (const field of ['homepage', 'bugs', 'repository', 'qna']) {
      const value = pkg[field] as string | { url?: string } | undefined;
      if (value === undefined) continue;
      const url = typeof value === 'string' ? value : value.url;
      assert.ok(url && /^(git\+)?https?:\/\/[^/]+/.test(url), `${field}: ${url}`);
    }
  });

  it('has a 128×128 PNG icon, as the Marketplace requires', () => {
    const icon = path.join(repo, pkg.icon as string);
    assert.ok(icon.endsWith('.png'), 'the Marketplace takes no SVG icon');
    assert.deepStrictEqual(pngSize(icon), { width: 128, height: 128 });
  });

  it('runs in the workspace, has a change log, categories and keywords', () => {
    assert.deepStrictEqual(pkg.extensionKind, ['workspace']);
    assert.ok(existsSync(path.join(repo, 'CHANGELOG.md')));
    assert.ok((pkg.categories as string[]).length > 0 && !(pkg.categories as string[]).includes('Other'));
    const keywords = pkg.keywords as string[];
    // The Marketplace shows at most 30 tags; vsce refuses more.
    assert.ok(keywords.length > 0 && keywords.length <= 30);
  });

  it('describes every setting in Markdown', () => {
    const properties = pkg.contributes.configuration.properties;
    assert.ok(Object.keys(properties).length > 0);
    for (const [key, setting] of Object.entries(properties)) {
      assert.ok(typeof setting.markdownDescription === 'string' && setting.markdownDescription.length > 10, `${key} has no markdownDescription`);
    }
  });
});
