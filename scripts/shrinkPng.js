// README pictures as 256-colour PNGs: screenshots of a UI have few colours, so the palette keeps
// them sharp at about a third of the size, and the packaged extension carries them (the package
// stays under its size limit). The e2e harness shrinks every screenshot it takes;
// `node scripts/shrinkPng.js FILE…` shrinks pictures taken before.
const fs = require('fs');
const UPNG = require('upng-js');

/** @param {Buffer} png @returns {Buffer} the same picture with at most 256 colours */
function shrinkPng(png) {
  const image = UPNG.decode(png);
  const rgba = UPNG.toRGBA8(image)[0];
  return Buffer.from(UPNG.encode([rgba], image.width, image.height, 256));
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    const before = fs.statSync(file).size;
    const smaller = shrinkPng(fs.readFileSync(file));
    if (smaller.length < before) fs.writeFileSync(file, smaller);
    console.log(`${file}: ${before} → ${Math.min(before, smaller.length)} bytes`);
  }
}

module.exports = { shrinkPng };
