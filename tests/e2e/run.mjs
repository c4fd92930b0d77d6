// End-to-end tests of the real page in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core). Serves the built site with scripts/serve.py on a free port, runs each test in
// a fresh browser context, and fails a test on ANY console error or page error (iframes too).
// Screenshots: build/e2e/*.png.
//
//   node tests/e2e/run.mjs [--site build/wasm/web] [--single build/wasm/gpt-anatomy.html] [--only name,name]
//
// Prints one line per test and "e2e: N passed, M failed"; exit code 1 on any failure.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'package.json'));
const { chromium } = require('playwright-core');

const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(name); return i >= 0 && argv[i + 1] ? argv[i + 1] : def; };
const site = path.resolve(root, opt('--site', process.env.GA_E2E_SITE || 'build/wasm/web'));
const single = path.resolve(root, opt('--single', process.env.GA_E2E_SINGLE || path.join(path.dirname(site), 'gpt-anatomy.html')));
const only = (opt('--only', '') || '').split(',').filter(Boolean);
const shots = path.resolve(root, opt('--shots', 'build/e2e'));
fs.mkdirSync(shots, { recursive: true });

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const READY_TIMEOUT = 90000;

// ------------------------------------------------------------------ server
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}
async function startServer(dir) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html not found: build the wasm preset first (scripts/build.sh wasm)`);
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn('/usr/bin/python3', [path.join(root, 'scripts/serve.py'), '--dir', dir, '--port', String(port), '--quiet'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => { out += d; });
    proc.stderr.on('data', (d) => { out += d; });
    const exited = new Promise((r) => proc.on('exit', (code) => r(code)));
    // Ours = our process says it listens on this port, is still alive, and serves our index.html.
    const ok = await Promise.race([
      (async () => {
        for (let i = 0; i < 100; i++) {
          if (out.includes(`:${port}/`)) {
            try {
              const r = await fetch(`http://127.0.0.1:${port}/index.html`);
              const body = await r.text();
              if (body === fs.readFileSync(path.join(dir, 'index.html'), 'utf8')) return true;
            } catch (e) { /* not yet */ }
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      })(),
      exited.then(() => false),
    ]);
    if (ok && proc.exitCode === null) return { port, proc, url: `http://127.0.0.1:${port}/` };
    proc.kill();
    console.log(`e2e: server on port ${port} did not start (${out.trim()}), retrying`);
  }
  throw new Error('could not start scripts/serve.py');
}

// ------------------------------------------------------------------ helpers
let browser;
async function newPage(t, opts = {}) {
  const ctx = await browser.newContext({ viewport: opts.viewport || { width: 1280, height: 800 }, acceptDownloads: true, locale: opts.locale || 'en-US', deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  t.contexts.push(ctx);
  page.on('console', (m) => {
    if (m.type() === 'error') t.errors.push(`console error: ${m.text()} (${m.location().url || ''})`);
  });
  page.on('pageerror', (e) => t.errors.push(`page error: ${e.message}`));
  page.on('crash', () => t.errors.push('page crashed'));
  return page;
}
async function openApp(t, url, opts) {
  const page = await newPage(t, opts);
  await page.goto(url);
  await page.waitForFunction(() => window.anatomy && window.anatomy.ready, null, { timeout: 30000 });
  await page.evaluate((ms) => Promise.race([window.anatomy.ready.then(() => true),
    new Promise((_, rej) => setTimeout(() => rej(new Error('anatomy.ready did not resolve in time')), ms))]), READY_TIMEOUT);
  if (!opts || !opts.keepData) await ensureData(t, page);
  return page;
}
// The shipped default model comes with its data set. Without one (a build before the models are
// trained), the built-in random model gets a text made of its own alphabet so training can run.
async function ensureData(t, page) {
  const r = await page.evaluate(async () => {
    const a = window.anatomy;
    const s = a.state();
    if (s.data_tokens && s.data_tokens.train > 0) return null;
    // the model's own characters (what it can generate), in a learnable repeating order
    const sample = await a.generate('', 3000, { seed: 3, temperature: 2 });
    const chars = Array.from(new Set(Array.from(sample))).sort();
    let text = '';
    for (let i = 0; i < 200; i++) text += chars.slice(0, 12 + (i % 5)).join('') + chars.join('');
    return a.loadData({ text, name: 'e2e-words' }).then(() => 'loaded e2e text', (e) => 'no data: ' + e.message);
  });
  if (r) t.dataNote = r;
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
const state = (page) => page.evaluate(() => window.anatomy.state());
async function shot(page, name, clip) {
  const file = path.join(shots, name + '.png');
  await page.screenshot({ path: file, clip });
  return file;
}
// Pixel statistics of a screenshot region, decoded by the browser itself (no PNG library needed).
async function regionStats(page, clip) {
  const png = await page.screenshot({ clip });
  const p2 = await page.context().newPage();
  try {
    return await p2.evaluate(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const colors = new Set();
      let sum = 0, sum2 = 0;
      const n = d.length / 4;
      for (let i = 0; i < d.length; i += 4) {
        colors.add((d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3));
        const l = 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
        sum += l; sum2 += l * l;
      }
      const mean = sum / n;
      return { colors: colors.size, mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), w: c.width, h: c.height };
    }, png.toString('base64'));
  } finally { await p2.close(); }
}
async function waitFor(page, fn, arg, timeout = 30000) {
  await page.waitForFunction(fn, arg, { timeout, polling: 100 });
}

// ------------------------------------------------------------------ tests
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let base;

test('ready', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  const s = await state(page);
  assert(s.model && s.model.params > 0, 'no model after ready: ' + JSON.stringify(s));
  const title = await page.title();
  assert(/GPT Anatomy/.test(title), 'page title: ' + title);
  const loadingVisible = await page.evaluate(() => getComputedStyle(document.getElementById('loading')).display !== 'none');
  assert(!loadingVisible, 'loading indicator still visible after ready');
  const stats = await regionStats(page, { x: 0, y: 0, width: 1280, height: 800 });
  assert(stats.colors > 30, `the canvas looks empty (${stats.colors} colours)`);
  await shot(page, '01-ready');
  t.note = `model ${s.model.name} ${s.model.params} params, data ${s.data}`;
});

test('state-shape', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  const s = await state(page);
  const num = (x) => typeof x === 'number' && Number.isFinite(x);
  assert(num(s.step), 'step');
  assert(s.loss === null || num(s.loss), 'loss');
  assert(typeof s.running === 'boolean', 'running');
  for (const k of ['n_layer', 'n_head', 'n_embd', 'n_ctx', 'vocab_size', 'params']) assert(Number.isInteger(s.model[k]) && s.model[k] > 0, 'model.' + k);
  assert(s.optimizer === 'adamw' || s.optimizer === 'sgd', 'optimizer ' + s.optimizer);
  assert(num(s.lr) && s.lr > 0, 'lr');
  assert(num(s.fps), 'fps');
  const ap = await page.evaluate(() => ['ready', 'step', 'state', 'load', 'generate', 'run', 'pause', 'select', 'setView', 'setLang', 'setLr', 'setOptimizer', 'loadData', 'reset', 'downloadWeights'].filter((k) => !(k in window.anatomy)));
  assert(!ap.length, 'missing API: ' + ap.join(', '));
  // the text alternative describes the canvas and its state
  const desc = await page.evaluate(() => document.getElementById('a11y-desc').textContent);
  assert(desc.includes(String(s.model.n_layer)) && /parameters/.test(desc), 'text alternative: ' + desc);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  assert(focused === 'canvas', 'keyboard focus is on ' + focused);
  t.note = JSON.stringify(s.model);
});

test('step', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  const s0 = await state(page);
  const r = await page.evaluate(() => window.anatomy.step(5));
  assert(r.step === s0.step + 5, `step(5) from ${s0.step} gave ${r.step}`);
  assert(Number.isFinite(r.loss) && r.loss > 0, 'loss ' + r.loss);
  const s1 = await state(page);
  assert(s1.step === r.step && !s1.running, 'state after step: ' + JSON.stringify({ step: s1.step, running: s1.running }));
  const bad = await page.evaluate(() => window.anatomy.step(-1).then(() => 'resolved', (e) => e.message));
  assert(bad !== 'resolved', 'step(-1) should reject');
  t.note = `step ${s0.step} → ${r.step}, loss ${r.loss.toFixed(4)}`;
});

test('training-lowers-loss', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  const r = await page.evaluate(async () => {
    const a = window.anatomy;
    await a.reset('random', 7);
    await a.setOptimizer('adamw');
    await a.setLr(0.01);
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await a.step(1)).loss);
    await a.step(120);
    const last = [];
    for (let i = 0; i < 5; i++) last.push((await a.step(1)).loss);
    const mean = (x) => x.reduce((p, c) => p + c, 0) / x.length;
    return { first: mean(first), last: mean(last), step: a.state().step };
  });
  assert(r.step === 130, 'steps done: ' + r.step);
  assert(r.last < 0.85 * r.first, `loss did not go down enough: ${r.first.toFixed(3)} → ${r.last.toFixed(3)}`);
  await shot(page, '02-trained');
  t.note = `loss ${r.first.toFixed(3)} → ${r.last.toFixed(3)} in 130 steps`;
});

test('responsive-while-training', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  const r = await page.evaluate(async () => {
    const a = window.anatomy;
    const s0 = a.state().step;
    await a.run();
    let frames = 0;
    const t0 = performance.now();
    await new Promise((res) => { const f = () => { frames++; if (performance.now() - t0 < 3000) requestAnimationFrame(f); else res(); }; requestAnimationFrame(f); });
    const secs = (performance.now() - t0) / 1000;
    const running = a.state().running;
    await a.pause();
    return { fps: frames / secs, steps: a.state().step - s0, running, appFps: a.state().fps };
  });
  assert(r.running, 'run() did not start training');
  assert(r.steps > 0, 'no steps while running');
  assert(r.fps >= 5, `only ${r.fps.toFixed(1)} frames/s while training`);
  t.note = `${r.fps.toFixed(1)} rAF/s, ${r.steps} steps in 3 s`;
});

test('heatmap-draws', async (t) => {
  const page = await openApp(t, base + '?lang=en&tensor=h.0.attn.c_attn.weight&panel=heatmap');
  await page.evaluate(() => window.anatomy.step(3));
  await page.waitForTimeout(300);
  const wins = await page.evaluate(() => window.anatomy.windows());
  const hm = wins.find((w) => w.id === 'heatmap');
  assert(hm, 'no heatmap window; windows: ' + wins.map((w) => w.id).join(', '));
  // the inside of the window, below its title bar
  const clip = { x: Math.max(0, hm.x + 8), y: Math.max(0, hm.y + 40), width: Math.max(16, Math.min(hm.w - 16, 1280 - hm.x - 8)), height: Math.max(16, Math.min(hm.h - 48, 800 - hm.y - 40)) };
  const stats = await regionStats(page, clip);
  await shot(page, '03-heatmap', clip);
  await shot(page, '03-heatmap-full');
  assert(stats.colors >= 20 && stats.std > 3, `heatmap region looks uniform: ${JSON.stringify(stats)}`);
  t.note = `window at ${Math.round(hm.x)},${Math.round(hm.y)} ${Math.round(hm.w)}x${Math.round(hm.h)}: ${stats.colors} colours, std ${stats.std.toFixed(1)}`;
});

test('bad-checkpoint-keeps-model', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  const r = await page.evaluate(async () => {
    const a = window.anatomy;
    await a.step(2);
    const before = { s: a.state(), h: await a.hash() };
    const good = await a.weights();
    const cases = {
      truncated: good.slice(0, Math.floor(good.length / 2)),
      header_only: good.slice(0, 100),
      garbage: new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24),
      empty: new Uint8Array(0),
    };
    const out = {};
    for (const [k, bytes] of Object.entries(cases)) {
      out[k] = await a.load(bytes, { name: k + '.safetensors' }).then(() => 'LOADED', (e) => e.message);
    }
    const after = { s: a.state(), h: await a.hash() };
    return { before, after, out };
  });
  for (const [k, msg] of Object.entries(r.out)) {
    assert(msg !== 'LOADED', `${k}: a bad file was accepted`);
    assert(msg.length > 10 && !msg.includes('\n'), `${k}: message should be one clear line: ${JSON.stringify(msg)}`);
  }
  assert(r.after.h === r.before.h, 'weights changed after a refused load');
  assert(JSON.stringify(r.after.s.model) === JSON.stringify(r.before.s.model), 'model changed after a refused load');
  assert(r.after.s.step === r.before.s.step, 'step changed after a refused load');
  await shot(page, '04-bad-checkpoint');
  t.note = 'truncated → ' + r.out.truncated;
});

test('download-upload-roundtrip', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  await page.evaluate(() => window.anatomy.step(4));
  const h1 = await page.evaluate(() => window.anatomy.hash());
  const s1 = await state(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => Module.anatomyUi.downloadWeights())]);
  const file = path.join(shots, 'roundtrip.safetensors');
  await download.saveAs(file);
  assert(fs.statSync(file).size > 1000, 'downloaded file is tiny');
  assert(/\.safetensors$/.test(download.suggestedFilename()), 'file name ' + download.suggestedFilename());
  const h2 = await page.evaluate(async () => { await window.anatomy.reset('random', 99); return window.anatomy.hash(); });
  assert(h2 !== h1, 'reset did not change the weights');
  // upload through the page's own file picker, as a user would (a click gives the user activation)
  await page.mouse.click(1270, 790);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.evaluate(() => Module.anatomyUi.openFile())]);
  await chooser.setFiles(file);
  let h3 = null;
  for (let i = 0; i < 300 && h3 !== h1; i++) { await page.waitForTimeout(100); h3 = await page.evaluate(() => window.anatomy.hash()); }
  assert(h3 === h1, `weights after upload ${h3} differ from the downloaded ones ${h1}`);
  const s3 = await state(page);
  assert(JSON.stringify({ ...s3.model, name: 0 }) === JSON.stringify({ ...s1.model, name: 0 }), 'model config differs after upload');
  t.note = `hash ${h1} (${fs.statSync(file).size} bytes) survives download → upload`;
});

test('generate', async (t) => {
  const page = await openApp(t, base + '?lang=en');
  const r = await page.evaluate(async () => {
    const a = window.anatomy;
    const text = await a.generate('', 30, { seed: 1 });
    const again = await a.generate('', 30, { seed: 1 });
    const bad = await a.generate('\u{1F600}\u{1F600}', 5).then(() => 'ok', (e) => e.message);
    return { text, again, bad, tokenizer: a.state().model.tokenizer };
  });
  assert(typeof r.text === 'string' && r.text.length > 0, 'no text generated');
  assert(r.text === r.again, 'same seed, different text');
  if (r.tokenizer === 'char') assert(r.bad !== 'ok', 'a prompt with unknown characters should be refused');
  t.note = JSON.stringify(r.text.slice(0, 60));
});

test('lang-fr', async (t) => {
  const page = await openApp(t, base + '?lang=fr', { locale: 'en-US' });
  const s = await state(page);
  assert(s.lang === 'fr', 'state().lang = ' + s.lang);
  const r = await page.evaluate(() => ({ html: document.documentElement.lang, title: document.title, desc: document.getElementById('a11y-desc').textContent }));
  assert(r.html === 'fr', 'html lang ' + r.html);
  assert(/paramètres/.test(r.title) && /paramètres/.test(r.desc), 'French page texts: ' + JSON.stringify(r));
  await shot(page, '05-lang-fr');
  // live switch, and the browser's language as the default
  await page.evaluate(() => window.anatomy.setLang('en'));
  assert((await state(page)).lang === 'en', 'setLang(en)');
  const page2 = await openApp(t, base, { locale: 'fr-FR' });
  assert((await state(page2)).lang === 'fr', 'navigator.language fr-FR should give French');
  t.note = r.title;
});

test('course-page-postmessage', async (t) => {
  const page = await newPage(t, { viewport: { width: 1280, height: 1000 } });
  // the embedded views come from another origin (localhost vs 127.0.0.1): the origin check is real
  const other = base.replace('127.0.0.1', 'localhost');
  await page.goto(base + 'course-example.html?app=' + encodeURIComponent(other));
  await waitFor(page, () => window.course && window.course.readyCount() === 2, null, READY_TIMEOUT);
  const s0 = await page.evaluate(() => window.course.send('heatmap', 'state'));
  assert(s0.embed === true && s0.panel === 'heatmap' && s0.tensor === 'h.0.attn.c_attn.weight', 'embedded heatmap state: ' + JSON.stringify({ embed: s0.embed, panel: s0.panel, tensor: s0.tensor }));
  // a real click on the course page's button drives both iframes through postMessage
  await page.click('#btn-step');
  await waitFor(page, () => window.course.lastStep('training') >= 10 && window.course.lastStep('heatmap') >= 10, null, 60000);
  const r = await page.evaluate(async () => ({
    a: await window.course.send('heatmap', 'step', [3]),
    bad: await window.course.send('heatmap', 'select', ['no.such.tensor']).then(() => 'ok', (e) => e.message),
    unknown: await window.course.send('training', 'fly').then(() => 'ok', (e) => e.message),
  }));
  assert(r.a.step >= 13, 'step via postMessage: ' + JSON.stringify(r.a));
  assert(r.bad !== 'ok' && /no tensor/.test(r.bad), 'bad select should fail: ' + r.bad);
  assert(r.unknown !== 'ok', 'unknown command should fail');
  await page.click('#btn-run');
  await page.waitForTimeout(1500);
  await page.click('#btn-pause');
  const s2 = await page.evaluate(() => window.course.send('training', 'state'));
  assert(s2.step > 10 && !s2.running, 'run/pause via buttons: ' + JSON.stringify({ step: s2.step, running: s2.running }));
  await page.waitForTimeout(300);
  await shot(page, '06-course-page');
  // an iframe that does not list this origin ignores its commands
  const refused = await page.evaluate(async (other) => {
    const f = document.createElement('iframe');
    f.src = other + 'embed.html?panel=training';
    f.style.cssText = 'width:300px;height:200px';
    document.body.appendChild(f);
    await new Promise((r) => f.addEventListener('load', r));
    await new Promise((r) => setTimeout(r, 4000));   // time to start
    return new Promise((resolve) => {
      const onMsg = (e) => { if (e.data && e.data.type === 'anatomy-reply' && e.data.id === 'x1') resolve('replied'); };
      window.addEventListener('message', onMsg);
      f.contentWindow.postMessage({ type: 'anatomy', id: 'x1', cmd: 'state' }, '*');
      setTimeout(() => resolve('ignored'), 2500);
    });
  }, other);
  assert(refused === 'ignored', 'an iframe without ?origins= answered a cross-origin command');
  t.note = `heatmap view step ${r.a.step}, training view step ${s2.step}`;
});

test('embed-layout', async (t) => {
  const page = await openApp(t, base + 'embed.html?lang=en&panel=heatmap&tensor=h.0.attn.c_attn.weight', { viewport: { width: 640, height: 420 } });
  const s = await state(page);
  assert(s.embed && s.panel === 'heatmap', 'embed state');
  const wins = await page.evaluate(() => window.anatomy.windows());
  const ids = wins.map((w) => w.id);
  assert(ids.includes('heatmap'), 'heatmap window missing: ' + ids.join(', '));
  assert(!ids.some((id) => /menu/i.test(id)), 'menus shown in embed mode: ' + ids.join(', '));
  await shot(page, '07-embed-heatmap');
  const hm = wins.find((w) => w.id === 'heatmap');
  t.note = `windows: ${ids.join(', ')}; heatmap ${Math.round(hm.w)}x${Math.round(hm.h)} of 640x420`;
});

test('single-file', async (t) => {
  assert(fs.existsSync(single), `${single} not found (build target gpt-anatomy-single)`);
  const page = await openApp(t, pathToFileURL(single).href + '?lang=en');
  const s = await state(page);
  assert(s.model && s.model.params > 0, 'no model');
  const r = await page.evaluate(() => window.anatomy.step(3));
  assert(r.step >= 3 && Number.isFinite(r.loss), 'step in the single file: ' + JSON.stringify(r));
  await shot(page, '08-single-file');
  t.note = `${(fs.statSync(single).size / 1048576).toFixed(1)} MB, model ${s.model.name}, data ${s.data}`;
});

// ------------------------------------------------------------------ main
async function main() {
  const server = await startServer(site);
  base = server.url;
  let passed = 0, failed = 0;
  const t0 = Date.now();
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    for (const tc of tests) {
      if (only.length && !only.includes(tc.name)) continue;
      const t = { errors: [], contexts: [], note: '' };
      const start = Date.now();
      let err = null;
      try {
        await Promise.race([tc.fn(t), new Promise((_, rej) => setTimeout(() => rej(new Error('test timed out (180 s)')), 180000))]);
      } catch (e) { err = e; }
      for (const c of t.contexts) await c.close().catch(() => {});
      if (!err && t.errors.length) err = new Error(t.errors.slice(0, 3).join(' | '));
      const secs = ((Date.now() - start) / 1000).toFixed(1);
      if (err) { failed++; console.log(`FAIL  ${tc.name}  (${secs} s)  ${String(err.message || err).split('\n')[0]}`); }
      else { passed++; console.log(`PASS  ${tc.name}  (${secs} s)  ${t.note}`); }
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.proc.kill();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(0)} s, screenshots in ${path.relative(root, shots)}/)`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.log('e2e: error: ' + (e.stack || e)); console.log('e2e: 0 passed, 1 failed'); process.exit(1); });
