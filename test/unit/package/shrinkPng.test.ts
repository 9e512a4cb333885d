import * as assert from 'assert';
import * as path from 'path';
import * as zlib from 'zlib';

// Plain JavaScript beside its types, so required from the repository rather than out/.
const repoRoot = path.join(__dirname, '..', '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { shrinkPng } = require(path.join(repoRoot, 'scripts', 'shrinkPng.js')) as typeof import('../../../scripts/shrinkPng');

/** A truecolour PNG (colour type 2) of horizontal bands, as a UI screenshot has flat areas. */
function bandsPng(width: number, height: number, colours: readonly [number, number, number][]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const [r, g, b] = colours[y % colours.length];
    for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

describe('README pictures (scripts/shrinkPng.js)', () => {
  it('re-encodes a screenshot as a palette PNG of the same size whose few colours come through exactly', () => {
    const colours: [number, number, number][] = [[30, 30, 30], [0, 120, 212], [240, 240, 240], [200, 60, 60]];
    const original = bandsPng(320, 200, colours);
    const smaller = shrinkPng(original);
    assert.deepStrictEqual([...smaller.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    assert.strictEqual(smaller.readUInt32BE(16), 320, 'width');
    assert.strictEqual(smaller.readUInt32BE(20), 200, 'height');
    assert.strictEqual(smaller[25], 3, 'colour type 3: a palette of at most 256 colours');
    assert.ok(smaller.length < original.length, `${smaller.length} < ${original.length} bytes`);
    // Decoded again, every pixel is the colour it was.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const UPNG = require('upng-js') as { decode(b: Buffer): { width: number }; toRGBA8(i: unknown): ArrayBuffer[] };
    const pixels = new Uint8Array(UPNG.toRGBA8(UPNG.decode(smaller))[0]);
    for (const y of [0, 1, 2, 3, 199]) {
      const [r, g, b] = colours[y % colours.length];
      assert.deepStrictEqual([...pixels.subarray((y * 320 + 17) * 4, (y * 320 + 17) * 4 + 3)], [r, g, b], `row ${y}`);
    }
  });
});
