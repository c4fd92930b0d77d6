// Soak test: hours of use in one page, without a leak. The full run is 10,000 training steps,
// 50 model/data switches, 100 generations and 100 refused bad files, in 10 rounds; --short does
// 1/20 of it (tests/run.sh runs that). After every round the page is brought back to the same
// state (the site's default model and data) and measured:
//   wasm heap   HEAPU8.length (only grows) and malloc's in-use bytes (ga_js_heap_in_use)
//   JS heap     Chromium: used JS heap after a forced garbage collection (CDP); performance.memory
// Passes when, after the warm-up round, malloc's in-use bytes and the JS heap stay flat (within a
// small allowance, see FLAT below), the wasm memory stops growing, the page answers every call
// and no console or page error appears.
//
//   node tests/e2e/soak.mjs [--short] [--engine chromium|firefox|webkit] [--site build/wasm/web] [--json out.json]
import fs from 'node:fs';
import path from 'node:path';
import { launchEngine, root, scriptOptions, sleep, startServer, stopAll } from './harness.mjs';

const argv = process.argv.slice(2);
const { opt, engineName, site } = scriptOptions(argv);
const short = argv.includes('--short');
const jsonOut = opt('--json', '');

const FULL = { steps: 10000, switches: 50, generations: 100, badFiles: 100 };
const div = short ? 20 : 1;
const total = Object.fromEntries(Object.entries(FULL).map(([k, v]) => [k, Math.ceil(v / div)]));
const rounds = short ? 3 : 10;            // round 0 is the warm-up
// "Flat": what a round may add after the warm-up. A real leak grows every round (a leaked
// activation buffer is tens of KB per step, a leaked model hundreds of KB per switch); allocator
// fragmentation and caches settle within a round or two and then stay.
const FLAT = { inUseBytes: 256 * 1024, jsBytes: 2 * 1024 * 1024, wasmBytes: 0 };

const per = (k, r) => Math.floor(total[k] / rounds) + (r < total[k] % rounds ? 1 : 0);

async function main() {
  const server = await startServer(site);
  const t0 = Date.now();
  const errors = [];
  let engine, ctx, failed = 0;
  const samples = [];
  try {
    engine = await launchEngine(engineName);
    ctx = await engine.newContext({ viewport: { width: 800, height: 500 } });
    const page = await ctx.newPage((e) => errors.push(e));
    await page.goto(server.url + '?lang=en');
    await page.waitForFunction(() => !!(window.anatomy && window.anatomy.ready), null, 30000);
    await page.evaluate(() => window.anatomy.ready);
    const cdp = engine.name === 'chromium' ? await page.raw.context().newCDPSession(page.raw) : null;
    const info = await page.evaluate(() => ({ s: window.anatomy.state(), models: (window.anatomy.catalog ? window.anatomy.catalog().models : null) }));
    const home = { model: info.s.model.name, data: info.s.data };
    const call = async (what, fn, arg, ms = 300000) => {
      // every call must come back: a hung page fails the soak instead of hanging it
      let timer;
      try {
        return await Promise.race([page.evaluate(fn, arg), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`${what}: no answer in ${ms / 1000} s`)), ms); })]);
      } finally { clearTimeout(timer); }
    };
    const measure = async (round) => {
      if (cdp) await cdp.send('HeapProfiler.collectGarbage');
      const m = await call('measure', () => ({
        wasmBytes: Module.HEAPU8.length,
        inUseBytes: Module.ccall('ga_js_heap_in_use', 'number', [], []),
        perfMemory: performance.memory ? performance.memory.usedJSHeapSize : null,
        step: window.anatomy.state().step,
      }));
      m.jsBytes = cdp ? (await cdp.send('Runtime.getHeapUsage')).usedSize : m.perfMemory;
      m.round = round; m.secs = Math.round((Date.now() - t0) / 1000);
      samples.push(m);
      const mb = (x) => x === null || x === undefined ? '-' : (x / 1048576).toFixed(2) + ' MB';
      console.log(`soak round ${round}${round === 0 ? ' (warm-up)' : ''}: wasm memory ${mb(m.wasmBytes)}, malloc in use ${mb(m.inUseBytes)}, JS heap ${mb(m.jsBytes)}, step ${m.step}, ${m.secs} s`);
    };
    const done = { steps: 0, switches: 0, generations: 0, badFiles: 0, warmupSwitches: 0 };
    for (let r = 0; r < rounds; r++) {
      const want = Object.fromEntries(Object.keys(total).map((k) => [k, per(k, r)]));
      // training, in chunks so the page draws in between
      for (let left = want.steps; left > 0; left -= 100) {
        const n = Math.min(100, left);
        const res = await call('step', (k) => window.anatomy.step(k), n);
        if (!Number.isFinite(res.loss)) throw new Error(`loss ${res.loss} after ${done.steps} steps`);
        done.steps += n;
      }
      // model and data switches: the other shipped model, a synthetic task, home (the warm-up
      // round does each kind at least once, so one-time allocations are in its figures)
      const switches = r === 0 ? Math.max(4, want.switches) : want.switches;
      for (let i = 0; i < switches; i++) {
        await call('switch', async (k) => {
          const a = window.anatomy;
          const models = ['words-fr-tiny', 'kjv-genesis-small'];
          const kind = k % 4;
          if (kind === 0) await a.load(models[1]);
          else if (kind === 1) await a.load(models[0]);
          else if (kind === 2) {
            // a text outside the model's alphabet: the page asks before replacing the model; say yes
            Module.anatomyUi.loadData('addition');
            for (let j = 0; j < 300 && a.state().data !== 'addition'; j++) {
              const c = document.getElementById('confirm');
              if (c && getComputedStyle(c).display !== 'none') document.getElementById('confirm-yes').click();
              await new Promise((res) => setTimeout(res, 50));
            }
            if (a.state().data !== 'addition') throw new Error('the switch to the addition task did not happen');
          }
          else await a.reset('pretrained');
          await a.step(2);
        }, done.switches + done.warmupSwitches);
        if (i < want.switches) done.switches++; else done.warmupSwitches++;
      }
      // generations (a fresh seed each: different texts, same lengths)
      for (let i = 0; i < want.generations; i++) {
        const text = await call('generate', (k) => window.anatomy.generate('', 60, { seed: k }), done.generations);
        if (typeof text !== 'string' || !text.length) throw new Error('generation gave ' + JSON.stringify(text));
        done.generations++;
      }
      // bad files: refused with one line, model kept
      for (let i = 0; i < want.badFiles; i++) {
        const r2 = await call('bad file', async (k) => {
          const a = window.anatomy;
          const h = await a.hash();
          const good = await a.weights();
          const kinds = [good.slice(0, Math.floor(good.length / 2)), good.slice(0, 64), new Uint8Array(8192).map((_, j) => ((j + k) * 2654435761) >>> 24), new Uint8Array(0)];
          const msg = await a.load(kinds[k % kinds.length], { name: `bad-${k}.safetensors` }).then(() => 'LOADED', (e) => e.message);
          return { msg, kept: (await a.hash()) === h };
        }, done.badFiles);
        if (r2.msg === 'LOADED' || !r2.kept) throw new Error(`bad file ${done.badFiles}: ${JSON.stringify(r2)}`);
        done.badFiles++;
      }
      // back home, the same state every round, then measure
      // (by name: reset('pretrained') goes back to the model loaded last, which may be the other one)
      await call('home', async (m) => { const a = window.anatomy; await a.pause(); await a.load(m); }, home.model);
      const s = await call('state', () => window.anatomy.state());
      if (s.model.name !== home.model) throw new Error(`not back home: ${s.model.name} vs ${home.model}`);
      await sleep(300);
      await measure(r);
      if (errors.length) throw new Error(errors.slice(0, 3).join(' | '));
      const serr = server.takeErrors();
      if (serr.length) throw new Error('in page: ' + serr.slice(0, 3).join(' | '));
    }
    // flat after warm-up
    const base = samples[0], last = samples[samples.length - 1];
    const growth = (k) => (last[k] === null || base[k] === null ? 0 : last[k] - base[k]);
    const maxAfter = (k) => Math.max(...samples.slice(1).map((x) => x[k] - base[k]));
    const verdict = [];
    for (const k of ['inUseBytes', 'jsBytes', 'wasmBytes']) {
      if (base[k] === null || base[k] === undefined) continue;
      const g = maxAfter(k);
      if (g > FLAT[k]) { failed++; verdict.push(`${k} grew by ${g} bytes after the warm-up (allowed ${FLAT[k]})`); }
    }
    const mb = (x) => (x / 1048576).toFixed(3);
    const line = `soak[${engineName}]: ${done.steps} steps, ${done.switches} switches, ${done.generations} generations, ${done.badFiles} bad files in ${Math.round((Date.now() - t0) / 1000)} s; ` +
      `after warm-up: malloc in use ${mb(base.inUseBytes)} → ${mb(last.inUseBytes)} MB (max +${(maxAfter('inUseBytes') / 1024).toFixed(1)} KB), ` +
      `wasm memory ${mb(base.wasmBytes)} → ${mb(last.wasmBytes)} MB, JS heap ${base.jsBytes === null ? '-' : mb(base.jsBytes) + ' → ' + mb(last.jsBytes) + ' MB'}` +
      (failed ? ' — NOT flat: ' + verdict.join('; ') : ' — flat');
    console.log(line);
    if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ engine: engineName, short, done, samples, growth: { inUse: growth('inUseBytes'), js: growth('jsBytes'), wasm: growth('wasmBytes') }, flat: !failed }, null, 1));
  } catch (e) {
    failed++;
    console.log(`soak: FAIL ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    if (engine) await engine.close().catch(() => {});
    stopAll();
    server.close();
  }
  console.log(`soak[${engineName}]${short ? ' --short' : ''}: ${failed ? 0 : 1} passed, ${failed ? 1 : 0} failed`);
  process.exit(failed ? 1 : 0);
}
main();
