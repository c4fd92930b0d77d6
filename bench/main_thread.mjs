// The main thread's own work per frame while the default model trains flat out, in headless
// Chromium at 1280×800: the threaded page (served with the isolation headers: training on its own
// thread, the main thread only draws) and the single-thread page (no headers: training
// time-sliced into the frames, `budget` ms per frame). For each: the main thread's ms per frame
// (state().main_ms, an average, and main_ms_max, the largest of a second: src/platform/
// main_emscripten.cpp), frames/s, training tokens/s and the thread count. Figures only: nothing
// is asserted (tests assert behaviour, never times).
//   node bench/main_thread.mjs [site dir] [--seconds S] [--only threaded|single]
import { chromium } from 'playwright-core';
import path from 'node:path';
import { CHROMIUM_ARGS, root, sleep, startServer } from '../tests/e2e/harness.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : def; };
const seconds = Number(opt('--seconds', 10));
const only = opt('--only', '');
const site = path.resolve(argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--')) || path.join(root, 'build/wasm/web'));

async function measure(isolated) {
  const server = await startServer(site, { isolated });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.evaluate(async () => { await window.anatomy.ready; });
    await sleep(1000);   // the first frames build the font atlas and upload the heatmaps
    const idle = await page.evaluate(() => window.anatomy.state());
    await page.evaluate(() => window.anatomy.run());
    await sleep(1500);   // past the first step's allocations
    const samples = [];
    const t0 = Date.now();
    const step0 = (await page.evaluate(() => window.anatomy.state())).step;
    while (Date.now() - t0 < seconds * 1000) {
      await sleep(500);
      samples.push(await page.evaluate(() => window.anatomy.state()));
    }
    const dt = (Date.now() - t0) / 1000;
    const last = samples[samples.length - 1];
    await page.evaluate(() => window.anatomy.pause());
    await context.close();
    const avg = (k) => samples.reduce((a, s) => a + s[k], 0) / samples.length;
    const tokens = (last.step - step0) * last.batch * last.context;
    return {
      page: isolated ? 'threaded (COOP/COEP)' : 'single-thread',
      threads: last.threads, train_thread: last.train_thread, model: last.model.name, params: last.model.params,
      batch: `${last.batch}x${last.context}`,
      main_ms_idle: idle.main_ms, main_ms: +avg('main_ms').toFixed(2), main_ms_max: Math.max(...samples.map((s) => s.main_ms_max)),
      fps: +avg('fps').toFixed(1), tokens_per_s: Math.round(tokens / dt), steps: last.step - step0,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

const rows = [];
if (only !== 'single') rows.push(await measure(true));
if (only !== 'threaded') rows.push(await measure(false));
for (const r of rows) console.log(JSON.stringify(r));
