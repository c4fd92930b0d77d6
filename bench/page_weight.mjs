// The default page's download and start-up: loads build/wasm/web/ in headless Chromium, lists
// every response the page fetches until anatomy.ready, and reports the sum of their sizes
// compressed with gzip -9 (what a static host with compression sends) and the time from
// navigation to anatomy.ready (medians over several cold loads).
//   node bench/page_weight.mjs [site dir] [--runs N]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CHROMIUM_ARGS, root, startServer } from '../tests/e2e/harness.mjs';

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
const site = path.resolve(argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs') || path.join(root, 'build/wasm/web'));

const server = await startServer(site);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const readyMs = [];
  let files = null;
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const seen = new Set();
    page.on('response', (res) => { if (res.url().startsWith(server.url)) seen.add(new URL(res.url()).pathname); });
    await page.goto(server.url);
    const ms = await page.evaluate(async () => { await window.anatomy.ready; return performance.now(); });
    readyMs.push(ms);
    if (!files) files = [...seen].sort();
    await context.close();
  }
  let raw = 0, gz = 0;
  const rows = [];
  for (const p of files) {
    const f = path.join(site, decodeURIComponent(p === '/' ? '/index.html' : p));
    if (!fs.existsSync(f) || fs.statSync(f).isDirectory()) continue;
    const b = fs.readFileSync(f);
    const z = zlib.gzipSync(b, { level: 9 }).length;
    raw += b.length;
    gz += z;
    rows.push([p, b.length, z]);
  }
  rows.sort((a, b) => b[2] - a[2]);
  for (const [p, b, z] of rows) console.log(`${String(z).padStart(9)} gz ${String(b).padStart(9)} raw  ${p}`);
  readyMs.sort((a, b) => a - b);
  const med = readyMs[Math.floor(readyMs.length / 2)];
  console.log(JSON.stringify({ files: rows.length, bytes: raw, gzip9_bytes: gz, ready_ms_median: Math.round(med),
    ready_ms: readyMs.map(Math.round) }));
} finally {
  await browser.close();
  server.close();
}
