// Shared by the browser suites (run.mjs, training_panels.mjs, soak.mjs): one static server for the
// built site and one driver interface over three browser engines, so every test is written once.
//
//   chromium  Debian's /usr/bin/chromium, headless, driven by playwright-core (CDP)
//   firefox   Debian's firefox-esr, headed inside our own Xvfb (its --headless mode has no WebGL on
//             Linux), driven by puppeteer-core over WebDriver BiDi (no geckodriver needed)
//   webkit    Debian's MiniBrowser (webkit2gtk-driver) --automation inside Xvfb, WebKitWebDriver
//             attached to its inspector port, driven by selenium-webdriver (classic WebDriver)
//
// Engine differences live here only. A page has: goto, evaluate(fn, arg), waitForFunction,
// screenshot (PNG of the viewport), click(selector), mouse.click(x, y), keyboard.press(key),
// setFiles(selector, file), close; `caps` says what an engine can emulate (locale, DPR, touch).
// Errors: every HTML page the server sends gets a first script that reports console.error calls,
// uncaught errors, unhandled rejections and failed resource loads to the server (iframes and
// other origins too): that is the only console capture classic WebDriver (WebKit) allows, and it
// runs in every engine on top of the engine's own console/page-error events.
// Ports are fixed (env GA_E2E_PORT_BASE, default 18700) and checked free before use; everything we
// start is stopped by its PID.
// Isolation: like ./serve.sh, the server sends the cross-origin isolation headers (COOP/COEP/CORP)
// by default, so the page loads its threaded build; --no-isolation (or startServer's
// {isolated: false}) serves the site as a plain static host does (the single-thread build).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as png from './png.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const ENGINES = ['chromium', 'firefox', 'webkit'];

// Debian's chromium, headless, WebGL2 on SwiftShader; no background connections (closed network).
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const FIREFOX = '/usr/bin/firefox-esr';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WEBKITDRIVER = '/usr/bin/WebKitWebDriver';

// Every e2e test runs under a deadline, so a hung page fails its test instead of the whole run.
export const TEST_TIMEOUT_MS = 180000;
export function withTimeout(promise, ms = TEST_TIMEOUT_MS, what = 'test') {
  let timer;
  const deadline = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`${what} timed out (${ms / 1000} s)`)), ms); });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// --only a,b (and --smoke's list): every name must be a test of the suite, else the run would
// pass with fewer tests than asked for.
export function checkNames(tests, names) {
  const known = new Set(tests.map((t) => t.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`unknown test name(s): ${unknown.join(', ')} (tests: ${[...known].join(', ')})`);
}

// ------------------------------------------------------------------ ports and processes
const PORT_BASE = Number(process.env.GA_E2E_PORT_BASE || 18700);
function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}
// The first free port of a fixed block: offset 0-9 server, 10-19 Firefox, 20-39 WebKit.
async function fixedPort(offset, span = 10) {
  for (let p = PORT_BASE + offset; p < PORT_BASE + offset + span; p++) if (await portFree(p)) return p;
  throw new Error(`no free port in ${PORT_BASE + offset}-${PORT_BASE + offset + span - 1} (set GA_E2E_PORT_BASE)`);
}
async function waitPort(port, ms) {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(100)) {
    const ok = await new Promise((r) => { const c = net.connect(port, '127.0.0.1', () => { c.destroy(); r(true); }); c.on('error', () => r(false)); });
    if (ok) return true;
  }
  return false;
}
const started = [];   // child processes we own, stopped by PID on close
function startProcess(cmd, args, env, name) {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  proc.output = '';
  const keep = (d) => { proc.output = (proc.output + d).slice(-4000); };
  proc.stdout.on('data', keep); proc.stderr.on('data', keep);
  proc.label = name;
  started.push(proc);
  return proc;
}
function stopProcess(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode) return;
  try { process.kill(proc.pid, 'SIGTERM'); } catch (e) { /* gone */ }
}
// An X server of our own for the headed engines: a fixed display number that nobody uses
// (:87-:99, or the 5 from env GA_E2E_DISPLAY_BASE, for runs side by side with other ones).
const DISPLAY_BASE = Number(process.env.GA_E2E_DISPLAY_BASE || 87);
const DISPLAY_SPAN = process.env.GA_E2E_DISPLAY_BASE ? 5 : 13;
async function startXvfb() {
  for (let n = DISPLAY_BASE; n < DISPLAY_BASE + DISPLAY_SPAN; n++) {
    if (fs.existsSync(`/tmp/.X11-unix/X${n}`) || fs.existsSync(`/tmp/.X${n}-lock`)) continue;
    const proc = startProcess('/usr/bin/Xvfb', [`:${n}`, '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'], {}, 'Xvfb');
    for (let i = 0; i < 50 && proc.exitCode === null; i++) {
      if (fs.existsSync(`/tmp/.X11-unix/X${n}`)) return { display: `:${n}`, proc };
      await sleep(100);
    }
    stopProcess(proc);
  }
  throw new Error('could not start Xvfb (apt-get install xvfb xauth xfonts-base)');
}

// ------------------------------------------------------------------ the static server
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css', '.txt': 'text/plain; charset=utf-8', '.safetensors': 'application/octet-stream',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.md': 'text/markdown; charset=utf-8', '.bin': 'application/octet-stream', '.gz': 'application/gzip' };

// The first script of every page: reports errors to the server's sink (absolute URL, so iframes of
// another origin and file:// pages report too; no-cors POST needs no answer; a refused report is
// dropped, never reported again).
export function errorHookScript(sink) {
  return `<script>/* e2e error hook */(function(){var E=window.__e2eErrors=[];function rep(m){E.push(m);try{fetch(${JSON.stringify(sink)},{method:"POST",mode:"no-cors",keepalive:true,body:m+" ("+location.href+")"}).catch(function(){})}catch(x){}}
var ce=console.error;console.error=function(){try{rep("console error: "+Array.prototype.map.call(arguments,function(a){return a&&a.stack?a.message:String(a)}).join(" "))}catch(x){}return ce.apply(console,arguments)};
addEventListener("error",function(e){var t=e.target;if(t&&t!==window&&t.nodeType===1){rep("resource error: "+(t.src||t.href||t.tagName))}else{rep("page error: "+e.message+(e.filename?" ("+e.filename+":"+e.lineno+")":""))}},true);
addEventListener("unhandledrejection",function(e){var r=e.reason;rep("page error: unhandled rejection: "+(r&&r.message||r))});})();</script>`;
}
export function injectIntoHtml(html, scripts) {
  const i = html.search(/<head[^>]*>/i);
  if (i < 0) return scripts + html;
  const j = html.indexOf('>', i) + 1;
  return html.slice(0, j) + scripts + html.slice(j);
}

// The headers ./serve.sh (scripts/serve.py) sends by default: pages may be framed by an isolated
// page of another origin, everything else only by the site itself.
export function isolationHeaders(urlPath) {
  const page = urlPath.endsWith('/') || urlPath.endsWith('.html');
  return { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': page ? 'cross-origin' : 'same-origin' };
}
export const isolationArg = (argv) => !argv.includes('--no-isolation') && process.env.GA_E2E_ISOLATION !== '0';

// Serves `dir` on 127.0.0.1 and ::1 (so http://localhost:PORT is a second origin of the same site),
// with the isolation headers unless {isolated: false} (default: --no-isolation on the command line).
// Without them the page would register its isolation service worker (web/coi-sw.js) and reload
// itself isolated, as on a real static host; so that a suite sees the single-thread page, every
// HTML page is marked data-no-sw (the hosts' documented opt-out) unless {serviceWorker: true}.
// Test hooks, the same in every engine: hold(name) delays matching requests until released,
// fixture(urlPath, {status, headers, file|body}) answers a path, initScript(js) runs js before
// the page's own scripts in every HTML page, takeErrors() returns the errors pages reported.
export async function startServer(dir, { isolated = isolationArg(process.argv), serviceWorker = false } = {}) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html not found: build the wasm preset first (scripts/build.sh wasm)`);
  const port = await fixedPort(0);
  const sink = `http://127.0.0.1:${port}/__e2e/error`;
  const errors = [], holds = [], fixtures = new Map();
  let init = '';
  const handler = async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache', ...(isolated ? isolationHeaders(url.pathname) : {}) };
    if (url.pathname === '/__e2e/error') {
      // reports come from pages of both origins, isolated ones too
      cors['Cross-Origin-Resource-Policy'] = 'cross-origin';
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { if (body) errors.push(body.slice(0, 600)); res.writeHead(204, cors); res.end(); });
      return;
    }
    for (const h of holds) if (url.pathname.endsWith(h.name)) await h.promise;
    const fx = fixtures.get(url.pathname);
    if (fx) {
      const body = fx.file ? fs.readFileSync(fx.file) : Buffer.from(fx.body || '');
      res.writeHead(fx.status || 200, { ...cors, 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length), ...(fx.headers || {}) });
      // A fixture may announce more bytes than it sends (a huge file refused from its size): the
      // body then stays open until the page cancels it, as a slow real download would.
      if (fx.headers && fx.headers['Content-Length'] && Number(fx.headers['Content-Length']) !== body.length) { res.flushHeaders(); if (body.length) res.write(body); return; }
      res.end(body);
      return;
    }
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404, cors); res.end('not found'); return; }
    const ext = path.extname(file).toLowerCase();
    let body = fs.readFileSync(file);
    const noSw = serviceWorker ? '' : '<script>document.documentElement.setAttribute("data-no-sw", "")</script>';
    if (ext === '.html') body = Buffer.from(injectIntoHtml(body.toString('utf8'), errorHookScript(sink) + noSw + (init ? `<script>${init}</script>` : '')));
    res.writeHead(200, { ...cors, 'Content-Type': MIME[ext] || 'application/octet-stream', 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const servers = [];
  const listen = (host) => new Promise((resolve, reject) => {
    const s = http.createServer((q, r) => { handler(q, r).catch((e) => { try { r.writeHead(500); r.end(String(e)); } catch (x) { /* closed */ } }); });
    s.once('error', reject);
    s.listen(port, host, () => { servers.push(s); resolve(); });
  });
  await listen('127.0.0.1');
  await listen('::1').catch(() => { /* no IPv6: localhost resolves to 127.0.0.1 */ });
  // checked: the page served is ours
  const got = await (await fetch(`http://127.0.0.1:${port}/index.html`)).text();
  if (!got.includes('e2e error hook')) throw new Error(`the server on port ${port} is not ours`);
  return {
    port, url: `http://127.0.0.1:${port}/`, sink, isolated,
    hold(name) { let release; const promise = new Promise((r) => { release = r; }); const h = { name, promise }; holds.push(h); return () => { holds.splice(holds.indexOf(h), 1); release(); }; },
    fixture(urlPath, spec) { fixtures.set(urlPath, spec); },
    initScript(js) { init = js || ''; },
    takeErrors() { return errors.splice(0); },
    close() { for (const s of servers) { s.closeAllConnections && s.closeAllConnections(); s.close(); } },
  };
}

// ------------------------------------------------------------------ page helpers shared by engines
// A function and its argument as a self-contained expression (drivers that take source text).
const callSource = (fn, arg) => `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
async function pollUntil(check, timeout, what) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try { last = await check(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() - t0 > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last instanceof Error ? ': ' + last.message : ''}`);
    await sleep(100);
  }
}
function cropTo(buf, clip, scale = 1) {
  if (!clip) return buf;
  const img = png.decode(buf);
  return png.encode(png.crop(img, { x: clip.x * scale, y: clip.y * scale, width: clip.width * scale, height: clip.height * scale }));
}

// ------------------------------------------------------------------ chromium (playwright-core)
async function chromiumEngine() {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  return {
    name: 'chromium', caps: { locale: true, dpr: true, touch: true, route: true, download: true, fileChooser: true, heap: true },
    version: browser.version(),
    async newContext(opts = {}) {
      const ctx = await browser.newContext({ viewport: opts.viewport || { width: 1280, height: 800 }, acceptDownloads: true, locale: opts.locale || 'en-US',
        deviceScaleFactor: opts.deviceScaleFactor || 1, hasTouch: !!opts.hasTouch, isMobile: !!opts.isMobile });
      return {
        raw: ctx,
        async newPage(onError) {
          const p = await ctx.newPage();
          p.on('console', (m) => { if (m.type() === 'error') onError(`console error: ${m.text()} (${m.location().url || ''})`); });
          p.on('pageerror', (e) => onError(`page error: ${e.message}`));
          p.on('crash', () => onError('page crashed'));
          return wrapPlaywright(p, opts);
        },
        close: () => ctx.close(),
      };
    },
    close: () => browser.close(),
  };
}
function wrapPlaywright(p, opts) {
  let cdp = null;
  const touch = async (type, points) => {
    cdp = cdp || await p.context().newCDPSession(p);
    await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id, radiusX: 4, radiusY: 4, force: 1 })) });
  };
  return {
    raw: p, engine: 'chromium',
    goto: (url) => p.goto(url),
    evaluate: (fn, arg) => p.evaluate(fn, arg),
    waitForFunction: (fn, arg, timeout = 30000) => p.waitForFunction(fn, arg, { timeout, polling: 100 }),
    screenshot: async ({ clip } = {}) => p.screenshot({ clip }),
    click: (sel) => p.click(sel),
    mouse: { click: (x, y) => p.mouse.click(x, y), move: (x, y) => p.mouse.move(x, y), down: () => p.mouse.down(), up: () => p.mouse.up(), wheel: (dx, dy) => p.mouse.wheel(dx, dy) },
    keyboard: { press: (k) => p.keyboard.press(k), type: (s) => p.keyboard.type(s), down: (k) => p.keyboard.down(k), up: (k) => p.keyboard.up(k) },
    // real touch events (CDP Input.dispatchTouchEvent), not mouse events
    touch: {
      tap: async (x, y) => { await touch('touchStart', [[x, y]]); await sleep(60); await touch('touchEnd', []); },
      swipe: async (x0, y0, x1, y1, steps = 12) => {
        await touch('touchStart', [[x0, y0]]);
        for (let i = 1; i <= steps; i++) { await sleep(30); await touch('touchMove', [[x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps]]); }
        await sleep(30); await touch('touchEnd', []);
      },
      down: (x, y) => touch('touchStart', [[x, y]]), move: (x, y) => touch('touchMove', [[x, y]]), up: () => touch('touchEnd', []),
    },
    setFiles: (sel, file) => p.setInputFiles(sel, file),
    close: () => p.close(),
  };
}

// ------------------------------------------------------------------ firefox (puppeteer-core, BiDi)
async function firefoxEngine(x) {
  const puppeteer = require('puppeteer-core');
  const port = await fixedPort(10);
  const profile = fs.mkdtempSync('/tmp/ga-e2e-firefox-');
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: false, debuggingPort: port, userDataDir: profile,
    env: { ...process.env, DISPLAY: x.display, MOZ_CRASHREPORTER_DISABLE: '1' },
    args: ['--width=1920', '--height=1200'],
    extraPrefsFirefox: { 'intl.accept_languages': 'en-US', 'intl.locale.requested': 'en-US', 'browser.download.dir': profile, 'browser.download.folderList': 2,
      'dom.disable_beforeunload': true, 'toolkit.telemetry.reportingpolicy.firstRun': false },
    protocolTimeout: 240000,
  });
  const version = await browser.version();
  return {
    name: 'firefox', caps: { locale: false, dpr: true, touch: false, route: false, download: false, fileChooser: false, heap: false },
    version,
    async newContext(opts = {}) {
      const ctx = await browser.createBrowserContext();
      return {
        async newPage(onError) {
          const p = await ctx.newPage();
          const vp = opts.viewport || { width: 1280, height: 800 };
          await p.setViewport({ width: vp.width, height: vp.height, deviceScaleFactor: opts.deviceScaleFactor || 1 });
          p.on('console', (m) => { if (m.type() === 'error') onError(`console error: ${m.text()}`); });
          p.on('pageerror', (e) => onError(`page error: ${e.message || e}`));
          return wrapPuppeteer(p, opts.deviceScaleFactor || 1);
        },
        close: () => ctx.close(),
      };
    },
    close: async () => { await browser.close().catch(() => {}); fs.rmSync(profile, { recursive: true, force: true }); },
  };
}
function wrapPuppeteer(p, dpr) {
  return {
    raw: p, engine: 'firefox',
    goto: (url) => p.goto(url, { waitUntil: 'load', timeout: 60000 }),
    evaluate: (fn, arg) => p.evaluate(fn, arg),
    waitForFunction: (fn, arg, timeout = 30000) => p.waitForFunction(fn, { timeout, polling: 100 }, arg),
    screenshot: async ({ clip } = {}) => cropTo(Buffer.from(await p.screenshot({ type: 'png' })), clip, dpr),
    click: (sel) => p.click(sel),
    mouse: { click: (x, y) => p.mouse.click(x, y), move: (x, y) => p.mouse.move(x, y), down: () => p.mouse.down(), up: () => p.mouse.up(), wheel: (dx, dy) => p.mouse.wheel({ deltaX: dx, deltaY: dy }) },
    keyboard: { press: (k) => p.keyboard.press(k), type: (s) => p.keyboard.type(s), down: (k) => p.keyboard.down(k), up: (k) => p.keyboard.up(k) },
    setFiles: async (sel, file) => { const h = await p.$(sel); await h.uploadFile(file); },
    close: () => p.close(),
  };
}

// ------------------------------------------------------------------ webkit (selenium-webdriver + WebKitWebDriver)
async function webkitEngine(x) {
  const { Builder, By, Key, Origin } = require('selenium-webdriver');
  const inspector = await fixedPort(20);
  const env = { DISPLAY: x.display, WEBKIT_INSPECTOR_SERVER: `127.0.0.1:${inspector}` };
  const mini = startProcess(MINIBROWSER, ['--automation'], env, 'MiniBrowser');
  if (!await waitPort(inspector, 20000)) throw new Error('MiniBrowser --automation did not open its inspector port: ' + mini.output.slice(-300));
  const dport = await fixedPort(30);
  const drv = startProcess(WEBKITDRIVER, [`--port=${dport}`, `--target=127.0.0.1:${inspector}`], env, 'WebKitWebDriver');
  if (!await waitPort(dport, 20000)) throw new Error('WebKitWebDriver did not start: ' + drv.output.slice(-300));
  const driver = await new Builder().usingServer(`http://127.0.0.1:${dport}`).withCapabilities({ browserName: 'MiniBrowser' }).build();
  const caps = await driver.getCapabilities();
  const first = await driver.getWindowHandle();
  let current = first;
  const use = async (h) => { if (current !== h) { await driver.switchTo().window(h); current = h; } };
  return {
    name: 'webkit', caps: { locale: false, dpr: false, touch: false, route: false, download: false, fileChooser: false, heap: false },
    version: `${caps.get('browserName')} ${caps.get('browserVersion')}`,
    async newContext(opts = {}) {
      const handles = [];
      return {
        async newPage(onError) {
          await use(first);
          await driver.switchTo().newWindow('window');
          const h = await driver.getWindowHandle();
          current = h;
          handles.push(h);
          const vp = opts.viewport || { width: 1280, height: 800 };
          // the window's inner size is what the page sees: adjust for the browser's own chrome
          await driver.manage().window().setRect({ width: vp.width, height: vp.height, x: 0, y: 0 });
          const inner = await driver.executeScript('return [innerWidth, innerHeight]');
          if (inner[0] !== vp.width || inner[1] !== vp.height) {
            await driver.manage().window().setRect({ width: 2 * vp.width - inner[0], height: 2 * vp.height - inner[1] });
          }
          return wrapSelenium(driver, h, use, { By, Key, Origin }, onError);
        },
        async close() {
          for (const h of handles) { try { await use(h); await driver.close(); } catch (e) { /* gone */ } }
          current = null;
          await use(first).catch(() => {});
        },
      };
    },
    close: async () => { await driver.quit().catch(() => {}); stopProcess(drv); stopProcess(mini); },
  };
}
function wrapSelenium(driver, h, use, { By, Key, Origin }) {
  const evaluate = async (fn, arg) => {
    await use(h);
    const r = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => ${callSource(fn, arg)}).then((v) => done({ ok: v === undefined ? null : JSON.parse(JSON.stringify(v)) }),
        (e) => done({ err: String(e && e.message || e) }));`);
    if (r && 'err' in r) throw new Error(r.err);
    return r ? r.ok : r;
  };
  const keys = { Space: Key.SPACE, Enter: Key.ENTER, Escape: Key.ESCAPE, Tab: Key.TAB, Backspace: Key.BACK_SPACE, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN };
  return {
    engine: 'webkit',
    goto: async (url) => { await use(h); await driver.manage().setTimeouts({ script: 240000, pageLoad: 60000 }); await driver.get(url); },
    evaluate,
    waitForFunction: (fn, arg, timeout = 30000) => pollUntil(() => evaluate(fn, arg), timeout, fn.toString().slice(0, 80)),
    screenshot: async ({ clip } = {}) => { await use(h); return cropTo(Buffer.from(await driver.takeScreenshot(), 'base64'), clip); },
    click: async (sel) => { await use(h); await driver.findElement(By.css(sel)).click(); },
    mouse: {
      click: async (x, y) => { await use(h); await driver.actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).click().perform(); },
      move: async (x, y) => { await use(h); await driver.actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).perform(); },
      down: async () => { await use(h); await driver.actions().press().perform(); },
      up: async () => { await use(h); await driver.actions().release().perform(); },
    },
    keyboard: {
      press: async (k) => { await use(h); await driver.actions().sendKeys(keys[k] || k).perform(); },
      type: async (s) => { await use(h); await driver.actions().sendKeys(s).perform(); },
      down: async (k) => { await use(h); await driver.actions().keyDown(keys[k] || k).perform(); },
      up: async (k) => { await use(h); await driver.actions().keyUp(keys[k] || k).perform(); },
    },
    setFiles: async (sel, file) => { await use(h); await driver.executeScript(`arguments[0].hidden = false`, await driver.findElement(By.css(sel))); await driver.findElement(By.css(sel)).sendKeys(file); },
    close: async () => { try { await use(h); await driver.close(); } catch (e) { /* gone */ } },
  };
}

// ------------------------------------------------------------------ launching
let xvfb = null;
export async function launchEngine(name) {
  if (!ENGINES.includes(name)) throw new Error(`unknown engine ${name} (one of ${ENGINES.join(', ')})`);
  if (name === 'chromium') return chromiumEngine();
  for (const [bin, pkg] of [['/usr/bin/Xvfb', 'xvfb'], [name === 'firefox' ? FIREFOX : MINIBROWSER, name === 'firefox' ? 'firefox-esr' : 'webkit2gtk-driver']]) {
    if (!fs.existsSync(bin)) throw new Error(`${bin} not found: apt-get install --no-install-recommends ${pkg} (scripts/setup.sh does it)`);
  }
  xvfb = xvfb || await startXvfb();
  try {
    return name === 'firefox' ? await firefoxEngine(xvfb) : await webkitEngine(xvfb);
  } catch (e) { stopAll(); throw e; }
}
// Stops every process this harness started (by PID), Xvfb last.
export function stopAll() {
  for (const p of started.slice().reverse()) stopProcess(p);
  started.length = 0;
  xvfb = null;
}
process.on('exit', () => { for (const p of started) { try { process.kill(p.pid, 'SIGKILL'); } catch (e) { /* gone */ } } });

// ------------------------------------------------------------------ a test's session
// One test = one isolated context (own cookies/storage), with every error of its pages collected.
export function engineArg(argv, def = 'chromium') {
  const i = argv.indexOf('--engine');
  return i >= 0 && argv[i + 1] ? argv[i + 1] : process.env.GA_E2E_ENGINE || def;
}
// The options every e2e script reads: --engine, --site (or GA_E2E_SITE), --only a,b and --shots
// (default build/e2e for Chromium, build/e2e/<engine> for the others; created). opt(name, def)
// reads any other option with a value.
export function scriptOptions(argv) {
  const opt = (name, def) => { const i = argv.indexOf(name); return i >= 0 && argv[i + 1] ? argv[i + 1] : def; };
  const engineName = engineArg(argv);
  const site = path.resolve(root, opt('--site', process.env.GA_E2E_SITE || 'build/wasm/web'));
  const only = (opt('--only', '') || '').split(',').filter(Boolean);
  const shots = path.resolve(root, opt('--shots', engineName === 'chromium' ? 'build/e2e' : 'build/e2e/' + engineName));
  fs.mkdirSync(shots, { recursive: true });
  return { opt, engineName, site, only, shots, isolated: isolationArg(argv) };
}
export function assert(cond, msg) { if (!cond) throw new Error(msg); }
export async function regionStats(page, clip) { return png.stats(png.decode(await page.screenshot({ clip }))); }
export { png };
