// End-to-end tests of the page's two builds (issue 11) in headless Chromium: the threaded one
// (gpt-anatomy-app-mt, pthreads) that the page loads when it is cross-origin isolated, and the
// single-thread one it loads otherwise. Two servers of the built site: one with the COOP/COEP/CORP
// headers (./serve.sh's default), one without (a plain static host). Same conventions as teach.mjs:
// a fresh context per test (own storage and service workers), a test fails on any console or page
// error. Screenshots: build/e2e/threads-*.png.
//
//   node tests/e2e/threads.mjs [--site build/wasm/web] [--only name,name]
//
// Prints one line per test and "threads e2e: N passed, M failed"; exit code 1 on failure.
import { createRequire } from 'node:module';
import path from 'node:path';
import { CHROMIUM_ARGS, assert, checkNames, scriptOptions, sleep, startServer, stopAll, withTimeout } from './harness.mjs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'package.json'));
const { chromium } = require('playwright-core');

const argv = process.argv.slice(2);
const { site, only, shots } = scriptOptions(argv);   // Chromium only (playwright's own API)
const STEPS = 12;   // training steps compared between the two builds
const SEED = 5;

let browser, isolatedServer, plainServer;
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const state = (page) => page.evaluate(() => window.anatomy.state());

async function newPage(t) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US' });
  t.contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') t.errors.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => t.errors.push('page error: ' + e.message));
  return page;
}
// Waits until the page (after any reload) has anatomy.ready resolved.
async function waitReady(page, timeout = 90000) {
  const t0 = Date.now();
  let last = null;
  for (;;) {
    try {
      last = await page.evaluate(() => ({ ready: !!(window.anatomy && window.anatomy.state().ready), url: location.href, isolated: self.crossOriginIsolated,
        error: (document.getElementById('error') || {}).textContent }));
      if (last.ready) return;
    } catch (e) { last = e.message; /* the page is navigating (the service worker's reload) */ }
    if (Date.now() - t0 > timeout) throw new Error('anatomy.ready did not resolve in time: ' + JSON.stringify(last));
    await sleep(200);
  }
}
// What the page runs: isolation, the wasm it loaded, its thread count.
const build = (page) => page.evaluate(() => {
  const wasm = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.wasm$/.test(n)).map((n) => n.split('/').pop());
  const s = window.anatomy.state();
  return { isolated: self.crossOriginIsolated === true, wasm, threads: s.threads, note: s.threads_note, hc: navigator.hardwareConcurrency };
});
// STEPS training steps from the seeded re-initialisation: the loss and the weights' hash.
const train = (page) => page.evaluate(async ([steps, seed]) => {
  const a = window.anatomy;
  await a.reset('random', seed);
  const r = await a.step(steps);
  return { loss: r.loss, step: r.step, hash: await a.hash() };
}, [STEPS, SEED]);
async function shotTraining(page, name) {
  // the Training panel, where the thread line is (under the throughput)
  const wins = await page.evaluate(() => window.anatomy.windows());
  const w = wins.find((x) => x.id === 'training');
  const clip = w ? { x: Math.max(0, w.x), y: Math.max(0, w.y), width: Math.min(w.w, 1280 - Math.max(0, w.x)), height: Math.min(w.h, 800 - Math.max(0, w.y)) } : undefined;
  await page.screenshot({ path: path.join(shots, name + '.png') });
  if (clip) await page.screenshot({ path: path.join(shots, name + '-training.png'), clip });
}

test('threaded-when-isolated', async (t) => {
  const page = await newPage(t);
  await page.goto(isolatedServer.url + 'index.html?lang=en');
  await waitReady(page);
  const b = await build(page);
  assert(b.isolated, 'the page served with COOP/COEP is not cross-origin isolated');
  assert(b.wasm.includes('gpt-anatomy-app-mt.wasm') && !b.wasm.includes('gpt-anatomy-app.wasm'), 'wasm loaded: ' + b.wasm.join(', '));
  const want = Math.min(b.hc || 1, 4);
  assert(b.threads === want && b.threads >= Math.min(2, b.hc), `threads ${b.threads}, expected min(hardwareConcurrency ${b.hc}, 4)`);
  assert(b.note === null, 'threads_note: ' + b.note);
  const mt = await train(page);
  assert(mt.step === STEPS && Number.isFinite(mt.loss), 'threaded training: ' + JSON.stringify(mt));
  await shotTraining(page, 'threads-isolated');
  // the same page with ?threads=0: the single-thread build, the same numbers bit for bit
  const one = await newPage(t);
  await one.goto(isolatedServer.url + 'index.html?lang=en&threads=0');
  await waitReady(one);
  const b1 = await build(one);
  assert(b1.isolated && b1.wasm.includes('gpt-anatomy-app.wasm') && b1.threads === 1 && b1.note === 'turned-off', '?threads=0: ' + JSON.stringify(b1));
  const st = await train(one);
  assert(st.loss === mt.loss && st.hash === mt.hash, `threaded vs single-thread after ${STEPS} steps: loss ${mt.loss} vs ${st.loss}, hash ${mt.hash} vs ${st.hash}`);
  t.note = `${b.threads} threads (hardwareConcurrency ${b.hc}), loss after ${STEPS} steps ${mt.loss} in both builds, hash ${mt.hash}`;
});

test('single-thread-without-isolation', async (t) => {
  const page = await newPage(t);
  await page.goto(plainServer.url + 'index.html?lang=en&sw=0');
  await waitReady(page);
  const b = await build(page);
  assert(!b.isolated, 'isolated without the headers?');
  assert(b.wasm.includes('gpt-anatomy-app.wasm') && !b.wasm.includes('gpt-anatomy-app-mt.wasm'), 'wasm loaded: ' + b.wasm.join(', '));
  assert(b.threads === 1 && b.note === 'not-isolated', 'threads: ' + JSON.stringify(b));
  const regs = await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length));
  assert(regs === 0, `?sw=0 registered ${regs} service worker(s)`);
  const r = await train(page);
  assert(r.step === STEPS && Number.isFinite(r.loss), 'training: ' + JSON.stringify(r));
  // the French line of the panel, too
  await page.evaluate(() => window.anatomy.setLang('fr'));
  await sleep(300);
  await shotTraining(page, 'threads-not-isolated-fr');
  await page.evaluate(() => window.anatomy.setLang('en'));
  await sleep(300);
  await shotTraining(page, 'threads-not-isolated');
  t.note = `1 thread (${b.note}), loss after ${STEPS} steps ${r.loss}`;
});

test('service-worker-isolates', async (t) => {
  const page = await newPage(t);
  let loads = 0;   // navigations of the page itself (a reload while loading fires no 'load' for the first)
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) loads++; });
  await page.goto(plainServer.url + 'index.html?lang=en');
  // the worker takes control, the page reloads once and comes back isolated
  const t0 = Date.now();
  for (;;) {
    await waitReady(page);
    const b = await build(page).catch(() => null);
    if (b && b.isolated) break;
    if (Date.now() - t0 > 60000) throw new Error('the page was not isolated after the service worker: ' + JSON.stringify(b));
    await sleep(300);
  }
  const b = await build(page);
  assert(b.wasm.includes('gpt-anatomy-app-mt.wasm') && b.threads >= Math.min(2, b.hc), 'after the reload: ' + JSON.stringify(b));
  await sleep(1500);
  const reloads = loads - 1;
  assert(reloads === 1, `${reloads} reloads (one expected)`);
  const r = await train(page);
  assert(r.step === STEPS && Number.isFinite(r.loss), 'training: ' + JSON.stringify(r));
  const guard = await page.evaluate(() => sessionStorage.getItem('gpt-anatomy-coi-reload'));
  assert(guard === null, 'the reload guard was not cleared once isolated: ' + guard);
  // an embedded view (iframe) never registers the worker itself; ?sw=0 unregisters it
  await page.goto(plainServer.url + 'index.html?lang=en&sw=0');
  await waitReady(page);
  await sleep(500);
  const regs = await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length));
  assert(regs === 0, `?sw=0 left ${regs} service worker(s) registered`);
  await page.reload();
  await waitReady(page);
  const after = await build(page);
  assert(!after.isolated && after.threads === 1, 'after ?sw=0 and a reload: ' + JSON.stringify(after));
  t.note = `isolated after ${reloads} reload, ${b.threads} threads; ?sw=0 unregistered it`;
});

test('embed-iframe-not-isolated-runs', async (t) => {
  // a course page of another origin without the headers: the embed is not isolated and runs one thread
  const page = await newPage(t);
  const other = isolatedServer.url.replace('127.0.0.1', 'localhost');
  isolatedServer.fixture('/e2e-plain-course.html', { status: 200, body: `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>` +
    `<iframe id="f" src="${other}embed.html?lang=en&panel=training" style="width:800px;height:500px;border:0"></iframe></body></html>`,
  headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cross-Origin-Embedder-Policy': 'unsafe-none' } });
  await page.goto(isolatedServer.url + 'e2e-plain-course.html');
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  const t0 = Date.now();
  while (!(await frame.evaluate(() => !!(window.anatomy && window.anatomy.state().ready)).catch(() => false))) {
    if (Date.now() - t0 > 90000) throw new Error('the embed did not get ready');
    await sleep(200);
  }
  const b = await frame.evaluate(() => ({ isolated: self.crossOriginIsolated === true, threads: window.anatomy.state().threads, note: window.anatomy.state().threads_note,
    wasm: performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).filter((n) => /\.wasm$/.test(n)) }));
  assert(!b.isolated && b.threads === 1 && b.note === 'not-isolated' && b.wasm.includes('gpt-anatomy-app.wasm'), 'embed in a plain course page: ' + JSON.stringify(b));
  const r = await frame.evaluate(() => window.anatomy.step(3));
  assert(r.step >= 3, 'step in the embed: ' + JSON.stringify(r));
  await page.screenshot({ path: path.join(shots, 'threads-embed-plain-course.png') });
  t.note = `embed on ${other}: 1 thread (${b.note})`;
});

// ------------------------------------------------------------------ main
async function main() {
  checkNames(tests, only);
  isolatedServer = await startServer(site, { isolated: true });
  plainServer = await startServer(site, { isolated: false, serviceWorker: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  console.log(`threads e2e: Chromium ${browser.version()}, isolated ${isolatedServer.url}, plain ${plainServer.url}`);
  let passed = 0, failed = 0;
  for (const tc of tests) {
    if (only.length && !only.includes(tc.name)) continue;
    const t = { errors: [], contexts: [] };
    isolatedServer.takeErrors(); plainServer.takeErrors();
    const t0 = Date.now();
    let err = null;
    try { await withTimeout(tc.fn(t)); } catch (e) { err = e; }
    await sleep(150);   // the last error reports in flight
    for (const c of t.contexts) await c.close().catch(() => {});
    t.errors.push(...isolatedServer.takeErrors().concat(plainServer.takeErrors()).map((e) => 'in page: ' + e));
    const errs = t.errors.filter((e) => !/GL Driver Message/.test(e));
    if (!err && errs.length) err = new Error(errs.slice(0, 3).join(' | '));
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (err) { failed++; console.log(`FAIL  ${tc.name}  (${secs} s)  ${String(err.message || err).split('\n')[0]}`); }
    else { passed++; console.log(`PASS  ${tc.name}  (${secs} s)  ${t.note || ''}`); }
  }
  await browser.close();
  isolatedServer.close();
  plainServer.close();
  stopAll();
  console.log(`threads e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { stopAll(); console.error(e); console.log('threads e2e: 0 passed, 1 failed'); process.exit(1); });
