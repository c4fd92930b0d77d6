// End-to-end tests of the presenter tools and the training-side panels (training, inspector,
// anatomy, menu, help, layout) in any of the three engines (tests/e2e/harness.mjs). Standalone, same
// conventions as run.mjs: serves the built site on a fixed free port, a fresh context per test, a
// test fails on any console or page error. Screenshots: build/e2e[/<engine>]/training-*.png.
//
//   node tests/e2e/training_panels.mjs [--engine chromium|firefox|webkit] [--site build/wasm/web] [--only name,name]
//
// Prints one line per test and "training-panels e2e: N passed, M failed"; exit code 1 on failure.
import fs from 'node:fs';
import path from 'node:path';
import { assert, checkNames, launchEngine, scriptOptions, sleep, startServer, stopAll, withTimeout } from './harness.mjs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const argv = process.argv.slice(2);
const { engineName, site, only, shots } = scriptOptions(argv);


let browser, base;
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const state = (page) => page.evaluate(() => window.anatomy.state());
const windows = (page) => page.evaluate(() => window.anatomy.windows());

async function openApp(t, query = '', viewport = { width: 1280, height: 800 }) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-US' });
  t.contexts.push(ctx);
  const page = await ctx.newPage((e) => t.errors.push(e));
  await page.goto(base + 'index.html' + query);
  await page.waitForFunction(() => !!(window.anatomy && window.anatomy.ready), null, 30000);
  await page.evaluate(() => window.anatomy.ready);
  // Training text made of the model's own alphabet (the shipped model brings its own data).
  await page.evaluate(async () => {
    const a = window.anatomy;
    if (a.state().data_tokens.train > 0) return;
    if (a.state().data_deferred) { await a.loadData(a.state().data); return; }   // fetched when first needed
    const sample = await a.generate('', 2000, { seed: 3, temperature: 2 });
    const chars = Array.from(new Set(Array.from(sample))).sort();
    let text = '';
    for (let i = 0; i < 200; i++) text += chars.slice(0, 10 + (i % 5)).join('') + chars.join('');
    await a.loadData({ text, name: 'e2e-text' });
  });
  // Focus the canvas for the keyboard (a click on the status area of the menu bar: no effect).
  await page.mouse.click(viewport.width - 4, 10);
  await sleep(300);
  return page;
}
// Keys are held for 250 ms: at the few frames per second of software WebGL a tap can begin and end
// between two frames, and ImGui 1.86's SDL backend would never see it down.
async function key(page, k) { await page.keyboard.down(k); await sleep(250); await page.keyboard.up(k); await sleep(300); }
async function click(page, x, y) {
  await page.mouse.move(x, y); await sleep(200); await page.mouse.down(); await sleep(200); await page.mouse.up(); await sleep(400);
}
// Menu bar items are found by their window-relative text position (default 16 px font).
async function menu(page, top, item) {
  const x = { File: 22, Training: 77, View: 136 }[top];
  await click(page, x, 10);
  await click(page, x + 20, 37 + 23 * item);
}

// ------------------------------------------------------------------ tests
test('presenter-keys', async (t) => {
  const page = await openApp(t);
  const s0 = await state(page);
  await key(page, ' ');
  await page.waitForFunction((n) => window.anatomy.state().step === n, s0.step + 1, 20000);
  await key(page, 'r');
  assert((await state(page)).running === true, 'R should start training');
  await sleep(1500);
  await key(page, 'r');
  const s1 = await state(page);
  assert(s1.running === false, 'second R should pause');
  assert(s1.step > s0.step + 1, `training ran: step ${s0.step} → ${s1.step}`);
  await key(page, 'l');
  assert((await state(page)).lecture === true, 'L should turn lecture mode on');
  await sleep(600);
  await key(page, 'f');
  for (let i = 0; i < 3; i++) await key(page, ' ');
  await sleep(800);
  fs.writeFileSync(path.join(shots, 'training-lecture-before-after.png'), await page.screenshot({}));
  await key(page, 'l');
  assert((await state(page)).lecture === false, 'second L should turn lecture mode off');
});

test('keys-ignored-while-typing', async (t) => {
  const page = await openApp(t);
  await page.evaluate(() => window.anatomy.setPanels(['inspector']));
  await sleep(800);
  const w = (await windows(page)).find((x) => x.id === 'inspector');
  assert(w, 'inspector window missing');
  // The prompt field is the first input under the explanation line.
  await click(page, w.x + 60, w.y + 61);
  fs.writeFileSync(path.join(shots, 'training-typing.png'), await page.screenshot({}));
  const s0 = await state(page);
  await key(page, 'r');
  await key(page, ' ');
  const s1 = await state(page);
  assert(!s1.running && s1.step === s0.step, 'typing r / space in the prompt must not train: ' + JSON.stringify([s0.step, s1.step, s1.running]));
});

test('demo-deterministic', async (t) => {
  const losses = [];
  let V = 0;
  for (let run = 0; run < 2; run++) {
    const page = await openApp(t);
    if (run === 1) await page.evaluate(() => window.anatomy.step(17));   // a different history before: must not matter
    await menu(page, 'Training', 3);   // Training ▸ Reproducible demo
    await page.waitForFunction(() => { const s = window.anatomy.state(); return s.steps_pending === 0 && s.step >= 300; }, null, 180000);
    const s = await state(page);
    assert(s.step === 300 && s.optimizer === 'adamw' && Math.abs(s.lr - 0.003) < 1e-6 && s.seed === 2024, 'demo settings: ' + JSON.stringify(s));
    losses.push([s.loss, s.val_loss]);
    V = s.model.vocab_size;
    if (run === 1) fs.writeFileSync(path.join(shots, 'training-demo.png'), await page.screenshot({}));
  }
  assert(JSON.stringify(losses[0]) === JSON.stringify(losses[1]), 'demo not reproducible: ' + JSON.stringify(losses));
  assert(losses[0][0] < 0.7 * Math.log(V), `the demo should learn: loss ${losses[0][0]} vs ln V = ${Math.log(V)}`);
});

// A diverging step is refused either by the ‖ΔW‖ ≤ ‖W‖ guard or because numbers blew up.
const DIVERGED = /NaN|infinite|not finite|their own size/;

test('nan-refused-keeps-weights', async (t) => {
  const page = await openApp(t);
  await page.evaluate(() => window.anatomy.step(5));
  await page.evaluate(() => { window.anatomy.setOptimizer('sgd'); return window.anatomy.setLr(10); });
  let msg = '';
  // One step per call, so the refused call took no step at all: its weights are always compared.
  for (let i = 0; i < 60 && !msg; i++) {
    const before = await page.evaluate(() => window.anatomy.hash());
    const s0 = await state(page);
    msg = await page.evaluate(() => window.anatomy.step(1).then(() => '', (e) => e.message));
    if (msg) {
      const s1 = await state(page);
      assert(s1.error && DIVERGED.test(s1.error), 'error shown: ' + s1.error);
      assert(/weights were not changed/.test(s1.error), 'the banner says the weights were kept: ' + s1.error);
      assert(s1.step === s0.step, `a refused step was counted: step ${s0.step} → ${s1.step}`);
      const after = await page.evaluate(() => window.anatomy.hash());
      assert(after === before, 'weights changed by a refused step');
    }
  }
  assert(DIVERGED.test(msg), 'SGD at η = 10 should blow up and be refused: ' + msg);
  await sleep(500);
  const w = (await windows(page)).find((x) => x.id === 'training');
  fs.writeFileSync(path.join(shots, 'training-nan-refused.png'), await page.screenshot({ clip: { x: w.x, y: w.y, width: w.w, height: Math.min(w.h, 420) } }));
});

// Values a user can type (Ctrl+click on a slider, the API, the URL) meet the slider's rule: a clear
// message, nothing changed, the page alive (batch 100000 used to abort the wasm, a budget of
// 100000 ms froze the tab, batch 0 or -5 was accepted).
test('typed-values-refused', async (t) => {
  const page = await openApp(t);
  const s0 = await state(page);
  const tryIt = (name, v) => page.evaluate(([n, x]) => window.anatomy.set(n, x).then(() => '', (e) => e.message), [name, v]);
  for (const [name, v, re] of [['batch', 100000, /batch size B = 100000 is too large/], ['batch', 0, /too small/], ['batch', -5, /too small/],
    ['budget', 100000, /ms of training per frame/], ['lr', 1000, /learning rate η = 1000 is too large/], ['lr', 0, /too small/],
    ['context', 100000, /context T/], ['seed', -1, /seed/]]) {
    const msg = await tryIt(name, v);
    assert(re.test(msg) && /nothing was changed/.test(msg), `${name} = ${v}: ${msg}`);
    const s = await state(page);
    assert(s.error === msg, 'the banner shows the same reason: ' + s.error);
    assert(s.batch === s0.batch && s.lr === s0.lr && s.context === s0.context && s.train_budget_ms === s0.train_budget_ms, `${name} = ${v} changed something`);
  }
  // the banner is drawn by the next frame (a slow engine draws a few frames a second): wait for it
  let shown = false;
  for (let i = 0; i < 50 && !shown; i++) { shown = (await windows(page)).some((w) => w.id === 'errors'); if (!shown) await sleep(100); }
  assert(shown, 'the error banner is on screen');
  const r = await page.evaluate(() => window.anatomy.step(2));
  assert(r.step === s0.step + 2, 'the page still trains: ' + JSON.stringify(r));
  assert((await state(page)).error === null, 'a success clears the old error');
});

// Stale state found by using the page: speed after Pause, the title after Demo, the optimizer's
// step count after a switch.
test('no-stale-state', async (t) => {
  const page = await openApp(t);
  await page.evaluate(() => window.anatomy.run());
  await page.waitForFunction(() => window.anatomy.state().steps_per_s > 0, null, 20000);
  await page.evaluate(() => window.anatomy.pause());
  assert((await state(page)).steps_per_s === 0, 'steps/s after Pause');
  await page.evaluate(() => window.anatomy.step(3));
  assert((await state(page)).optimizer_t > 0, 'optimizer steps counted');
  await page.evaluate(() => window.anatomy.setOptimizer('sgd'));
  assert((await state(page)).optimizer_t === 0, 'switching optimizer resets its step count');
  await page.evaluate(() => window.anatomy.demo());
  const s = await state(page);
  assert(s.model.name === 'random', 'after the demo the title names a random model: ' + s.model.name);
  await page.evaluate(() => window.anatomy.pause());
});

// Model switches: the context follows the model, "Back to the pretrained model" returns to the
// model last loaded (not the page's default).
test('model-switch', async (t) => {
  const page = await openApp(t);
  const models = await page.evaluate(() => fetch('assets/models.json').then((r) => r.json()).catch(() => null));
  const list = models && (models.models || models);
  const big = Array.isArray(list) ? list.find((m) => /kjv/.test(m.name)) : null;
  if (!big) { console.log('  (no kjv model shipped: skipped)'); return; }
  await page.evaluate((n) => window.anatomy.load(n), big.name);
  const s1 = await state(page);
  assert(s1.model.name === big.name, 'loaded ' + s1.model.name);
  assert(s1.context === Math.min(s1.model.n_ctx, 256), `the context follows the model: ${s1.context} vs n_ctx ${s1.model.n_ctx}`);
  await page.evaluate(() => window.anatomy.step(2));
  await page.evaluate(() => window.anatomy.reset('pretrained'));
  const s2 = await state(page);
  assert(s2.model.name === big.name && s2.step === 0, 'back to the pretrained model: ' + s2.model.name + ' step ' + s2.step);
});

// Errors show in a banner from any panel (here: only the parameter table open), in the current
// language, and clear on the next success. A failed load does not leave an older error.
test('error-banner', async (t) => {
  const page = await openApp(t);
  await page.evaluate(() => window.anatomy.setPanels(['params']));
  const unknown = await page.evaluate(() => window.anatomy.loadData('kjv').then(() => '', (e) => e.message));
  assert(/unknown data set 'kjv'/.test(unknown), "loadData('kjv'): " + unknown);
  const html = await page.evaluate(() => window.anatomy.load('index.html').then(() => '', (e) => e.message));
  assert(html && !/index\.html\.safetensors/.test(html), "load('index.html') must fetch index.html itself: " + html);
  const s = await state(page);
  assert(s.error && /index\.html/.test(s.error), 'the banner shows the failed load, not an older error: ' + s.error);
  await sleep(600);
  assert((await windows(page)).some((w) => w.id === 'errors'), 'banner visible with the Training panel closed');
  await page.screenshot({ path: path.join(shots, 'training-error-banner.png') });
  await page.evaluate(() => window.anatomy.set('lr', -1).catch(() => {}));
  await page.evaluate(() => window.anatomy.setLang('fr'));
  const fr = (await state(page)).error;
  assert(/trop petit/.test(fr) && /rien n'a été modifié/.test(fr), 'French error text: ' + fr);
  await page.evaluate(() => window.anatomy.set('lr', 0.002));
  assert((await state(page)).error === null, 'cleared by the next success');
});

// ↓ walks the model in table order on a fresh page (the focus in the Training panel used to take
// the arrows, and one press moved two tensors).
test('arrow-keys-walk-the-model', async (t) => {
  const page = await openApp(t);
  await page.evaluate(() => window.anatomy.select('wpe.weight'));
  const names = [];
  for (let i = 0; i < 6; i++) { await key(page, 'ArrowDown'); names.push((await state(page)).tensor); }
  const want = ['h.0.ln_1.weight', 'h.0.ln_1.bias', 'h.0.attn.c_attn.weight', 'h.0.attn.c_attn.bias', 'h.0.attn.c_proj.weight', 'h.0.attn.c_proj.bias'];
  assert(JSON.stringify(names) === JSON.stringify(want), 'order: ' + JSON.stringify(names));
});

// Pasting a text with characters the pretrained model does not know asks before replacing it.
// Types text outside the model's alphabet into the paste dialog (the engine-neutral way: set the
// field's value and send its input event), presses OK and waits for the "replace the model?" question.
async function pasteOutsideAlphabet(page) {
  await page.evaluate((text) => {
    const f = document.getElementById('paste-text');
    f.value = text;
    f.dispatchEvent(new Event('input', { bubbles: true }));
  }, 'Жж Щщ Ыы Ээ Юю Яя '.repeat(40));
  await page.click('#paste-ok');
  await page.waitForFunction(() => { const c = document.getElementById('confirm'); return !!c && getComputedStyle(c).display !== 'none'; }, null, 5000);
}

test('paste-asks-before-replacing', async (t) => {
  const page = await openApp(t);
  const s0 = await state(page);
  if (s0.model.name === 'random') { console.log('  (no pretrained model: skipped)'); return; }
  await page.evaluate(() => window.Module.anatomyUi.pasteText());
  await pasteOutsideAlphabet(page);
  await page.click('#confirm-no');
  await sleep(500);
  const s1 = await state(page);
  assert(s1.model.name === s0.model.name, 'kept the model when the user said no: ' + s1.model.name);
  await page.evaluate(() => window.Module.anatomyUi.pasteText());
  await pasteOutsideAlphabet(page);
  await page.click('#confirm-yes');
  await page.waitForFunction(() => window.anatomy.state().model.name === 'random', null, 10000);
});

test('layout-desktop', async (t) => {
  const page = await openApp(t, '', { width: 1440, height: 900 });
  await sleep(500);
  const ws = (await windows(page)).filter((w) => !/menu/i.test(w.id) && w.h > 0);
  assert(ws.length >= 4, 'panels: ' + JSON.stringify(ws.map((w) => w.id)));
  let area = 0;
  for (const a of ws) {
    assert(a.x >= -1 && a.y >= 0 && a.x + a.w <= 1441 && a.y + a.h <= 901, 'window outside the screen: ' + JSON.stringify(a));
    area += a.w * a.h;
    for (const b of ws) {
      if (a === b) continue;
      const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x), oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      assert(ox <= 2 || oy <= 2, `tiles overlap: ${a.id} / ${b.id}`);
    }
  }
  assert(area > 0.9 * 1440 * (900 - 24), 'tiles should cover the screen: ' + area);
  await page.evaluate(() => window.anatomy.setPanels(['model_map', 'training', 'inspector']));
  await sleep(800);
  const ids = (await windows(page)).map((w) => w.id);
  assert(ids.includes('inspector') && ids.includes('training'), 'inspector and training shown: ' + ids);
  fs.writeFileSync(path.join(shots, 'training-inspector.png'), await page.screenshot({}));
});

test('layout-phone', async (t) => {
  const page = await openApp(t, '', { width: 390, height: 844 });
  await sleep(800);
  const ws = (await windows(page)).filter((w) => !/menu/i.test(w.id) && w.h > 0);
  assert(ws.length === 1, 'one panel at a time on a phone: ' + JSON.stringify(ws.map((w) => w.id)));
  assert(ws[0].w >= 385 && ws[0].h >= 780, 'full screen: ' + JSON.stringify(ws[0]));
  fs.writeFileSync(path.join(shots, 'training-phone.png'), await page.screenshot({}));
  // The help replaces the panel; closing it brings the panel back.
  await key(page, 'h');
  await sleep(500);
  const h = (await windows(page)).filter((w) => !/menu/i.test(w.id) && w.h > 0);
  assert(h.length === 1 && h[0].id === 'help' && h[0].w >= 385, 'help alone, full screen: ' + JSON.stringify(h));
  await key(page, 'Escape');
  await sleep(500);
  const b = (await windows(page)).filter((w) => !/menu/i.test(w.id) && w.h > 0);
  assert(b.length === 1 && b[0].id === ws[0].id, 'back to ' + ws[0].id + ': ' + JSON.stringify(b.map((w) => w.id)));
});

test('anatomy-and-help-fr', async (t) => {
  const page = await openApp(t, '?lang=fr');
  await page.evaluate(() => window.anatomy.setPanels(['training', 'anatomy']));
  await sleep(1000);
  const ws = await windows(page);
  const an = ws.find((w) => w.id === 'anatomy');
  assert(an && /Anatomie des paramètres/.test(an.title), 'anatomy panel in French: ' + JSON.stringify(ws.map((w) => w.title)));
  fs.writeFileSync(path.join(shots, 'training-anatomy-fr.png'), await page.screenshot({}));
  await key(page, 'h');
  await sleep(600);
  const help = (await windows(page)).find((w) => w.id === 'help');
  assert(help && /Aide et raccourcis/.test(help.title), 'H opens the help in French');
  fs.writeFileSync(path.join(shots, 'training-help-fr.png'), await page.screenshot({}));
  await key(page, 'Escape');
  assert(!(await windows(page)).some((w) => w.id === 'help'), 'Esc closes the help');
});

// ------------------------------------------------------------------ main
async function main() {
  checkNames(tests, only);
  const server = await startServer(site);
  base = server.url;
  let passed = 0, failed = 0;
  try {
    browser = await launchEngine(engineName);
    for (const tc of tests) {
      if (only.length && !only.includes(tc.name)) continue;
      const t = { errors: [], contexts: [] };
      server.takeErrors();
      const t0 = Date.now();
      let err = null;
      try { await withTimeout(tc.fn(t)); } catch (e) { err = e; }
      await sleep(150);
      for (const c of t.contexts) await c.close().catch(() => {});
      t.errors.push(...server.takeErrors().map((e) => 'in page: ' + e));
      const errs = t.errors.filter((e) => !/GL Driver Message/.test(e));
      if (!err && errs.length) err = new Error(errs.slice(0, 3).join(' | '));
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (err) { failed++; console.log(`FAIL  ${tc.name}  (${secs} s)  ${String(err.message).split('\n')[0]}`); }
      else { passed++; console.log(`PASS  ${tc.name}  (${secs} s)`); }
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    stopAll();
    server.close();
  }
  console.log(`training-panels e2e[${engineName}]: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { stopAll(); console.error(e); console.log(`training-panels e2e[${engineName}]: 0 passed, 1 failed`); process.exit(1); });
