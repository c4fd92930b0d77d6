// Shared by the browser suites (run.mjs, training_panels.mjs): Chromium's flags for this machine
// and a static server for the built site that is checked to be ours.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Debian's chromium, headless, WebGL2 on SwiftShader; no background connections (closed network).
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// scripts/serve.py on a free port. Ours = our process says it listens on this port, is still
// alive, and serves our index.html (a busy port must not make us test someone else's page).
export async function startServer(dir) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html not found: build the wasm preset first (scripts/build.sh wasm)`);
  const want = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn('/usr/bin/python3', [path.join(root, 'scripts/serve.py'), '--dir', dir, '--port', String(port), '--quiet'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => { out += d; });
    proc.stderr.on('data', (d) => { out += d; });
    const exited = new Promise((r) => proc.on('exit', (code) => r(code)));
    const ok = await Promise.race([
      (async () => {
        for (let i = 0; i < 100; i++) {
          if (out.includes(`:${port}/`)) {
            try {
              const body = await (await fetch(`http://127.0.0.1:${port}/index.html`)).text();
              if (body === want) return true;
            } catch (e) { /* not yet */ }
          }
          await sleep(100);
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
