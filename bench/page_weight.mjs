// The default page's download and start-up: loads the built site in headless Chromium (cold: a
// new browser context each run), lists every response the page fetches until anatomy.ready, and
// reports each file's size raw and compressed with gzip -9 (what a static host with compression
// sends), their total, the time from navigation to anatomy.ready (median of N runs), and where
// that time goes: the page's start-up marks (performance.mark('ga:…') in web/anatomy.js and
// src/platform/main_emscripten.cpp) and each fetch's start and end, medians over the runs.
//
//   node bench/page_weight.mjs [SITE_DIR] [--runs N] [--page PATH] [--isolated] [--url URL] [--json]
//
//   SITE_DIR     the static site (default build/wasm/web), served by the e2e harness's server
//   --page PATH  what to open on it, e.g. 'embed.html?panel=training' or '?threads=1' (default '')
//   --isolated   serve SITE_DIR with scripts/serve.py --isolated instead (COOP/COEP headers:
//                cross-origin isolation, for the threaded build)
//   --url URL    measure a page some other server serves (sizes are those of the responses)
//   --json       one JSON object only (files, totals, ready, phases)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { CHROMIUM_ARGS, root, startServer } from '../tests/e2e/harness.mjs';

const argv = process.argv.slice(2);
const valued = new Set(['--runs', '--page', '--url']);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
for (let i = 0; i < argv.length; i++) {
  if (valued.has(argv[i])) { if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value`); i++; continue; }
  if (argv[i].startsWith('--') && !['--isolated', '--json'].includes(argv[i])) throw new Error(`unknown option ${argv[i]} (see the head of bench/page_weight.mjs)`);
}
const runs = Number(opt('--runs', 5));
if (!(runs >= 1)) throw new Error('--runs N: N must be at least 1');
const pagePath = String(opt('--page', '')).replace(/^\//, '');
const jsonOnly = argv.includes('--json');
const site = path.resolve(argv.find((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1])) || path.join(root, 'build/wasm/web'));

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer(); s.once('error', rej);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});
async function isolatedServer(dir) {
  const port = await freePort();
  const child = spawn('/usr/bin/python3', [path.join(root, 'scripts/serve.py'), '--dir', dir, '--port', String(port), '--quiet', '--isolated'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((res, rej) => { child.stdout.once('data', res); child.once('exit', (c) => rej(new Error(`scripts/serve.py exited (${c})`))); });
  return { url: `http://127.0.0.1:${port}/`, close() { child.kill(); } };
}
const server = opt('--url') ? { url: new URL('.', opt('--url')).href, close() {} }
  : argv.includes('--isolated') ? await isolatedServer(site) : await startServer(site);
const target = opt('--url') || server.url + pagePath;

const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const readyMs = [];
  const marks = new Map();     // phase → [ms of each run]
  const fetches = new Map();   // path → {start: [], end: []}
  let files = null;
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const bodies = new Map();
    page.on('response', (res) => {
      if (!res.url().startsWith(server.url) || res.status() !== 200) return;
      const p = new URL(res.url()).pathname;
      bodies.set(p, res.body().catch(() => null));
    });
    await page.goto(target);
    const t = await page.evaluate(async () => {
      await window.anatomy.ready;
      const ready = performance.now();
      return {
        ready,
        marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('ga:')).map((m) => [m.name.slice(3), m.startTime]),
        fetches: performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname, e.startTime, e.responseEnd]),
      };
    });
    // the page's own mark when it has one (the evaluate above may start late: after 'load')
    const readyMark = t.marks.find(([name]) => name === 'ready');
    readyMs.push(readyMark ? readyMark[1] : t.ready);
    const firstOf = new Map();
    for (const [name, ms] of t.marks) if (!firstOf.has(name)) firstOf.set(name, ms);
    for (const [name, ms] of firstOf) (marks.get(name) || marks.set(name, []).get(name)).push(ms);
    for (const [p, a, b] of t.fetches) {
      const f = fetches.get(p) || fetches.set(p, { start: [], end: [] }).get(p);
      f.start.push(a); f.end.push(b);
    }
    if (!files) {
      files = [];
      for (const [p, b] of bodies) { const body = await b; if (body) files.push([p, body]); }
    }
    await context.close();
  }
  let raw = 0, gz = 0;
  const rows = files.map(([p, b]) => {
    const z = zlib.gzipSync(b, { level: 9 }).length;
    raw += b.length; gz += z;
    return { file: p, bytes: b.length, gzip9_bytes: z };
  }).sort((a, b) => b.gzip9_bytes - a.gzip9_bytes);
  const phases = [...marks].map(([name, xs]) => ({ phase: name, ms: Math.round(median(xs)) })).sort((a, b) => a.ms - b.ms);
  const fetchRows = [...fetches].map(([p, f]) => ({ file: p, start_ms: Math.round(median(f.start)), end_ms: Math.round(median(f.end)) }))
    .sort((a, b) => a.start_ms - b.start_ms);
  const result = { page: target, runs, files: rows.length, bytes: raw, gzip9_bytes: gz,
    ready_ms_median: Math.round(median(readyMs)), ready_ms: readyMs.map(Math.round), per_file: rows, phases, fetches: fetchRows };
  if (jsonOnly) console.log(JSON.stringify(result));
  else {
    console.log(`${target}: ${runs} cold load(s) in headless Chromium`);
    console.log('  gzip -9       raw  file');
    for (const f of rows) console.log(`${String(f.gzip9_bytes).padStart(9)} ${String(f.bytes).padStart(9)}  ${f.file}`);
    console.log(`${String(gz).padStart(9)} ${String(raw).padStart(9)}  total, ${rows.length} files`);
    console.log('\nstart-up, ms after navigation (medians):');
    const line = (ms, what) => console.log(`${String(ms).padStart(7)}  ${what}`);
    const events = phases.map((p) => [p.ms, 'mark ' + p.phase]).concat(fetchRows.flatMap((f) => [[f.start_ms, 'fetch ' + f.file + ' starts'], [f.end_ms, 'fetch ' + f.file + ' done']]));
    events.sort((a, b) => a[0] - b[0]);
    for (const [ms, what] of events) line(ms, what);
    line(result.ready_ms_median, 'anatomy.ready');
    console.log(JSON.stringify({ files: rows.length, bytes: raw, gzip9_bytes: gz, ready_ms_median: result.ready_ms_median, ready_ms: result.ready_ms }));
  }
} finally {
  await browser.close();
  server.close();
}
