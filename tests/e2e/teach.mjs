// End-to-end tests of "teach one example, edit one weight, knock out a head" and of continued
// training from the shipped models, in headless Chromium, through the JavaScript API and through
// the Teach panel's buttons. Same conventions as training_panels.mjs: serves the built site with
// scripts/serve.py on a free port, a fresh context per test, a test fails on any console or page
// error. Screenshots: build/e2e/teach-*.png.
//
//   node tests/e2e/teach.mjs [--site build/wasm/web] [--only name,name]
//
// Prints one line per test and "teach e2e: N passed, M failed"; exit code 1 on failure.
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

let browser, base;
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const state = (page) => page.evaluate(() => window.anatomy.state());
const hash = (page) => page.evaluate(() => window.anatomy.hash());
// the rejection message of an API call, or null when it resolved
const rejection = (page, expr) => page.evaluate(`(async () => { try { await (${expr}); return null; } catch (e) { return String(e.message || e); } })()`);

async function openApp(t, query = '', viewport = { width: 1280, height: 800 }) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-US' });
  t.contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') t.errors.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => t.errors.push('page error: ' + e.message));
  await page.goto(base + 'index.html' + query);
  await page.waitForFunction(() => window.anatomy && window.anatomy.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.anatomy.ready);
  return page;
}
async function click(page, x, y) {
  await page.mouse.move(x, y); await sleep(200); await page.mouse.down(); await sleep(200); await page.mouse.up(); await sleep(500);
}
// a button of the Teach panel, by id ("apply", "undo", "restore", "head.L.H"), from the last frame
async function clickTeach(page, id) {
  let r = null;
  for (let i = 0; i < 30 && !r; i++) {
    r = (await page.evaluate(() => window.anatomy.teachUi())).find((e) => e.id === id);
    if (!r) await sleep(200);
  }
  assert(r, `Teach panel button ${id} not drawn`);
  const w = (await page.evaluate(() => window.anatomy.windows())).find((x) => x.id === 'teach');
  assert(w && r.y >= w.y && r.y + r.h <= w.y + w.h && r.x + r.w <= w.x + w.w, `button ${id} is inside the Teach window: ${JSON.stringify({ r, w })}`);
  await click(page, r.x + r.w / 2, r.y + r.h / 2);
}

// ------------------------------------------------------------------ tests
test('teach-api-undo', async (t) => {
  const page = await openApp(t);
  const s0 = await state(page);
  assert(s0.model.name === 'words-fr-tiny', 'default model: ' + s0.model.name);
  const h0 = await hash(page);
  const pred0 = await page.evaluate(() => window.anatomy.predict('chocola', 5));
  assert(pred0.length === 5 && pred0.every((x) => typeof x.token === 'string' && x.p >= 0 && x.p <= 1), 'predict: ' + JSON.stringify(pred0));
  assert(pred0[0].p >= pred0[4].p, 'predict is sorted');
  const r = await page.evaluate(() => window.anatomy.teach({ context: 'chocola', target: 'x', lr: 0.5 }));
  assert(r.p_after > r.p_before, `teach raises P(target): ${r.p_before} -> ${r.p_after}`);
  assert(r.loss_after < r.loss_before && Math.abs(r.loss_before + Math.log(r.p_before)) < 1e-4, 'loss = -ln P and goes down');
  assert(r.top.length === 10, 'top list of 10');
  for (const e of r.top) {
    assert(typeof e.tensor === 'string' && Number.isInteger(e.row) && Number.isInteger(e.col), 'top entry: ' + JSON.stringify(e));
    assert(Math.abs(e.after - (e.before - 0.5 * e.grad)) <= 1e-6 * Math.max(1, Math.abs(e.before)), 'after = before - lr*grad: ' + JSON.stringify(e));
  }
  assert(Array.isArray(r.side_effects) && r.side_effects.length === 3, 'side effects on 3 contexts');
  const h1 = await hash(page);
  assert(h1 !== h0, 'the weights changed');
  const pred1 = await page.evaluate(() => window.anatomy.predict('chocola', 40));
  const px = pred1.find((x) => x.token === 'x');
  assert(px && Math.abs(px.p - r.p_after) < 1e-6, 'predict agrees with p_after');
  const st = await state(page);
  assert(typeof st.val_loss === 'number' && st.undo_depth === 1, 'state: ' + JSON.stringify({ v: st.val_loss, u: st.undo_depth }));
  await page.evaluate(() => window.anatomy.undo());
  assert((await hash(page)) === h0, 'undo restores the weights bit for bit');
  assert((await rejection(page, 'window.anatomy.undo()')) === 'nothing to undo', 'a second undo has nothing to undo');

  // bad arguments reject with a reason and change nothing
  const bad = [
    ['window.anatomy.teach({context: "chocola", target: "Q", lr: 0.1})', /target 'Q'/],
    ['window.anatomy.teach({context: "chocola", target: "ta", lr: 0.1})', /2 tokens/],
    ['window.anatomy.teach({context: "", target: "t", lr: 0.1})', /empty/],
    ['window.anatomy.teach({context: "chocola", target: "t", lr: NaN})', /lr/],
    ['window.anatomy.setWeight("h.9.attn.c_attn.weight", [0, 0], 1)', /unknown tensor/],
    ['window.anatomy.setWeight("wte.weight", [0, 999], 1)', /out of range/],
    ['window.anatomy.setWeight("wte.weight", [0, 0], NaN)', /finite/],
    ['window.anatomy.setWeight("wte.weight", [0.5], 1)', /index/],
    ['window.anatomy.ablate({layer: 5, head: 0})', /layer 5/],
    ['window.anatomy.ablate({layer: 0, head: 7})', /head 7/],
    ['window.anatomy.ablate({layer: 0})', /head or neuron/],
    ['window.anatomy.predict("le ch@", 3)', /context/],
  ];
  for (const [expr, re] of bad) {
    const m = await rejection(page, expr);
    assert(m && re.test(m) && !m.includes('\n'), `${expr} should reject with ${re}: ${m}`);
  }
  assert((await hash(page)) === h0, 'refused commands changed nothing');
  const s1 = await state(page);
  assert(s1.ablated === 0, 'no knock-out left');
});

test('set-weight-and-knockout-restore', async (t) => {
  const page = await openApp(t);
  await page.evaluate(() => window.anatomy.setPanels(['teach', 'inspector', 'heatmap']));
  const h0 = await hash(page);
  const v0 = (await state(page)).val_loss;
  assert(typeof v0 === 'number', 'val_loss in state: ' + v0);
  const w = await page.evaluate(() => window.anatomy.setWeight('h.0.attn.c_proj.weight', [3, 4], 2.5));
  assert(w.after === 2.5 && w.before !== 2.5 && typeof w.val_loss === 'number', 'setWeight: ' + JSON.stringify(w));
  assert(w.val_loss !== v0, 'the validation loss reacts to the edit');
  const a = await page.evaluate(() => window.anatomy.ablate({ layer: 1, head: 0 }));
  assert(a.val_loss_before === w.val_loss, 'val_loss_before is the loss after the edit');
  assert(a.val_loss_after !== a.val_loss_before, `a knocked-out head changes the val loss: ${JSON.stringify(a)}`);
  const n = await page.evaluate(() => window.anatomy.ablate({ layer: 0, neuron: 17 }));
  assert(n.val_loss_after !== n.val_loss_before, 'a knocked-out neuron changes the val loss');
  assert((await state(page)).val_loss === n.val_loss_after, 'state().val_loss follows the edits');
  await sleep(800);
  await page.screenshot({ path: path.join(shots, 'teach-knockout.png') });
  await page.evaluate(() => window.anatomy.restore());
  assert((await hash(page)) === h0, 'restore gives back the weights bit for bit');
  const s = await state(page);
  assert(s.ablated === 0 && s.val_loss === v0, `restore brings the val loss back exactly: ${s.val_loss} vs ${v0}`);
});

test('teach-panel-ui', async (t) => {
  const page = await openApp(t);
  await page.evaluate(() => window.anatomy.setPanels(['teach', 'heatmap']));
  await page.evaluate(() => window.anatomy.setView('example_grad'));
  await sleep(1200);
  const h0 = await hash(page);
  const p0 = (await page.evaluate(() => window.anatomy.predict('chocola', 60))).find((x) => x.token === 't').p;
  await clickTeach(page, 'apply');
  await page.waitForFunction((h) => window.anatomy.state().undo_depth === 1, h0, { timeout: 10000 });
  const p1 = (await page.evaluate(() => window.anatomy.predict('chocola', 60))).find((x) => x.token === 't').p;
  assert(p1 > p0, `Apply one step raised P('t' | 'chocola'): ${p0} -> ${p1}`);
  await sleep(800);
  await page.screenshot({ path: path.join(shots, 'teach-panel.png') });
  await clickTeach(page, 'undo');
  await page.waitForFunction(() => window.anatomy.state().undo_depth === 0, null, { timeout: 10000 });
  assert((await hash(page)) === h0, 'the Undo button restores the weights bit for bit');
  // knock out head 1 of layer 0 with its checkbox, then Restore all
  const v0 = (await state(page)).val_loss;
  await clickTeach(page, 'head.0.1');
  await page.waitForFunction(() => window.anatomy.state().ablated === 1, null, { timeout: 10000 });
  const v1 = (await state(page)).val_loss;
  assert(v1 !== v0, `the checkbox knocked the head out: val ${v0} -> ${v1}`);
  await sleep(600);
  await page.screenshot({ path: path.join(shots, 'teach-panel-knockout.png') });
  await clickTeach(page, 'restore');
  await page.waitForFunction(() => window.anatomy.state().ablated === 0, null, { timeout: 10000 });
  assert((await state(page)).val_loss === v0, 'Restore all brings the val loss back exactly');
});

test('teach-panel-fr', async (t) => {
  const page = await openApp(t, '?lang=fr&panel=teach');
  await sleep(1200);
  const ws = await page.evaluate(() => window.anatomy.windows());
  const w = ws.find((x) => x.id === 'teach');
  assert(w && /Enseigner un exemple/.test(w.title), 'Teach panel in French: ' + JSON.stringify(ws.map((x) => x.title)));
  await page.screenshot({ path: path.join(shots, 'teach-panel-fr.png') });
});

// Run from the shipped model: the page resumes the AdamW state of the checkpoint with the
// continuation settings, and the validation loss goes down.
for (const [model, steps] of [['words-fr-tiny', 300], ['kjv-genesis-small', 150]]) {
  test('run-lowers-val-' + model, async (t) => {
    const page = await openApp(t, '?model=' + model);
    // the data set is fetched when first needed (state().data_deferred): its validation loss
    // before any step is measured once its text is in
    if ((await state(page)).data_deferred) await page.evaluate(() => window.anatomy.loadData(window.anatomy.state().data));
    const s0 = await state(page);
    assert(s0.model.name === model && s0.resumed === true, `the optimizer resumed from the checkpoint: ${JSON.stringify({ n: s0.model.name, r: s0.resumed })}`);
    assert(s0.optimizer === 'adamw', 'continues with AdamW');
    const v0 = s0.val_loss;
    assert(typeof v0 === 'number', 'val loss before any step');
    await page.evaluate((n) => window.anatomy.step(n), steps);
    const s1 = await state(page);
    console.log(`      ${model}: batch ${s1.batch} x ${s1.context}, lr ${s1.lr}: val loss ${v0.toFixed(4)} -> ${s1.val_loss.toFixed(4)} after ${s1.step} steps`);
    assert(s1.val_loss < v0, `Run from the shipped model lowers its validation loss: ${v0} -> ${s1.val_loss}`);
    await page.screenshot({ path: path.join(shots, 'teach-run-' + model + '.png') });
  });
}

// ------------------------------------------------------------------ main
async function main() {
  checkNames(tests, only);
  const server = await startServer(site);
  base = server.url;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let passed = 0, failed = 0;
  for (const tc of tests) {
    if (only.length && !only.includes(tc.name)) continue;
    const t = { errors: [], contexts: [] };
    const t0 = Date.now();
    let err = null;
    try { await withTimeout(tc.fn(t)); } catch (e) { err = e; }
    for (const c of t.contexts) await c.close().catch(() => {});
    const errs = t.errors.filter((e) => !/GL Driver Message/.test(e));
    if (!err && errs.length) err = new Error(errs.join(' | '));
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (err) { failed++; console.log(`FAIL  ${tc.name}  (${secs} s)  ${err.message}`); }
    else { passed++; console.log(`PASS  ${tc.name}  (${secs} s)`); }
  }
  await browser.close();
  server.close();
  stopAll();
  console.log(`teach e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { stopAll(); console.error(e); console.log('teach e2e: 0 passed, 1 failed'); process.exit(1); });
