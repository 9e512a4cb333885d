// @ts-check
'use strict';
/**
 * `node scripts/icon.js`: renders media/icon.svg to media/icon.png, the 128×128 PNG the
 * Marketplace and Open VSX want as `icon` (they take no SVG). Uses the Chromium the test harness
 * already drives (Debian's, through playwright-core), so no image tool is needed. The PNG is
 * committed; run this again after changing the SVG.
 */
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const media = path.join(__dirname, '..', 'media');
const SIZE = 128;

async function main() {
  const svg = fs.readFileSync(path.join(media, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.UPKEEP_CHROMIUM || '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
    const out = path.join(media, 'icon.png');
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
    console.log(out);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
