// Matmul GFLOP/s of our wasm SIMD kernels vs our scalar wasm build vs TensorFlow.js's wasm backend
// (XNNPACK, SIMD, one thread), on the same GPT-shaped products and passes, in one run, interleaved
// sample by sample: this machine's speed drifts by tens of percent from minute to minute (and
// other processes share its 2 cores), so only numbers taken side by side are compared.
//
//   node --no-experimental-fetch bench/compare.mjs build/wasm [--quick] [--samples N]
//        [--shapes MxKxN,...] [--no-scalar] [--no-train]
//
// Ours: `gpt-anatomy.js bench --serve` and `gpt-anatomy-scalar.js bench --serve`, two child
// processes that each time one sample per request line (they idle while the others run).
// TensorFlow.js runs in this process:
//   forward         = tf.matMul(x (m,k), w (k,n))
//   backward_input  = tf.matMul(dy (m,n), w (k,n), false, true)    → (m,k)
//   backward_weight = tf.matMul(x (m,k), dy (m,n), true, false)    → (k,n)
// Per shape and pass: one untimed warm-up call each, then N rounds of [ours sample, tfjs sample]
// (each sample repeats the call for >= 10 ms); the median sample of each is reported, and the
// ratio ours/tfjs is the median over the rounds of the two back-to-back samples' ratio. Tensors are
// reused between calls, which lets tfjs keep its packed weights: its best case. The scalar build
// joins the rounds (no warm-up call: its functions are hot from the server's warm-up) while one of
// its calls lasts < 0.2 s; slower shapes (single calls of up to seconds) get one sample.
// Training throughput (tokens/s) comes from `bench --json --only train` of both builds.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

function usage(msg) {
  if (msg) console.error(`compare.mjs: ${msg}`);
  console.error('usage: node --no-experimental-fetch bench/compare.mjs <build/wasm dir> [--quick] [--samples N] [--shapes MxKxN,...] [--no-scalar] [--no-train]');
  process.exit(2);
}

// ---- arguments ------------------------------------------------------------------------------
const args = process.argv.slice(2);
let dir = null, quick = false, samples = 0, shapesArg = null, withScalar = true, withTrain = true;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--quick') quick = true;
  else if (a === '--samples') samples = parseInt(args[++i], 10);
  else if (a === '--shapes') shapesArg = args[++i];
  else if (a === '--no-scalar') withScalar = false;
  else if (a === '--no-train') withTrain = false;
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (dir === null) dir = a;
  else usage(`unexpected argument ${a}`);
}
if (!dir) usage('missing the build directory (e.g. build/wasm)');
if (samples === 0) samples = quick ? 3 : 21;
if (!(samples >= 1 && samples <= 100)) usage('--samples must be 1..100');
const minSample = quick ? 0.005 : 0.01;
const simdJs = path.resolve(dir, 'gpt-anatomy.js');
const scalarJs = path.resolve(dir, 'gpt-anatomy-scalar.js');
if (!fs.existsSync(simdJs)) usage(`${simdJs} not found (build the wasm CLI first)`);
if (withScalar && !fs.existsSync(scalarJs)) usage(`${scalarJs} not found (build gpt-anatomy-scalar, or pass --no-scalar)`);

function defaultShapes() {
  const m = quick ? 64 : 512, Cs = quick ? [64] : [64, 128, 384, 768];
  const out = [];
  for (const C of Cs) out.push([m, C, C], [m, C, 3 * C], [m, C, 4 * C], [m, 4 * C, C]);
  return out;
}
const shapes = shapesArg
  ? shapesArg.split(',').map((s) => {
      const v = s.split('x').map((x) => parseInt(x, 10));
      if (v.length !== 3 || v.some((x) => !(x > 0))) usage(`bad shape '${s}'`);
      return v;
    })
  : defaultShapes();
const PASSES = ['forward', 'backward_input', 'backward_weight'];

// ---- our builds: sample servers -------------------------------------------------------------
async function startServer(js) {
  const child = spawn(process.execPath, ['--no-experimental-fetch', js, 'bench', '--serve'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error(`${path.basename(js)} bench --serve ended unexpectedly`);
    const v = JSON.parse(r.value);
    if (v.error) throw new Error(`${path.basename(js)}: ${v.error}`);
    return v;
  };
  const hello = await next();
  return {
    isa: hello.isa,
    // seconds per call of one sample
    async sample([m, k, n], pass, minS, warmup = 1) {
      child.stdin.write(`matmul ${m} ${k} ${n} ${pass} ${minS} ${warmup}\n`);
      return (await next()).seconds;
    },
    close() { child.stdin.write('quit\n'); child.stdin.end(); },
  };
}

// ---- TensorFlow.js wasm backend, SIMD, one thread ------------------------------------------
const tf = require('@tensorflow/tfjs-core');
const tfwasm = require('@tensorflow/tfjs-backend-wasm');
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
tfwasm.setThreadsCount(1);
tfwasm.setWasmPaths(path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep);
if (!(await tf.setBackend('wasm'))) { console.error('compare.mjs: could not start the tfjs wasm backend'); process.exit(1); }
await tf.ready();
const tfSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
const tfThreads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');

const nowS = () => Number(process.hrtime.bigint()) / 1e9;
function randTensor(shape) {
  const n = shape[0] * shape[1], a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return tf.tensor2d(a, shape);
}
function tfjsCase([m, k, n]) {
  const x = randTensor([m, k]), w = randTensor([k, n]), dy = randTensor([m, n]);
  const ops = {
    forward: () => tf.matMul(x, w),
    backward_input: () => tf.matMul(dy, w, false, true),
    backward_weight: () => tf.matMul(x, dy, true, false),
  };
  return {
    // the wasm backend runs the kernel when the op is called; dispose keeps memory flat
    call(pass) { ops[pass]().dispose(); },
    sample(pass, minS) {
      let it = 0;
      const t0 = nowS();
      let t = t0;
      do { ops[pass]().dispose(); it++; t = nowS(); } while (t - t0 < minS);
      return (t - t0) / it;
    },
    dispose() { x.dispose(); w.dispose(); dy.dispose(); },
  };
}
// let tfjs's code tier up too before anything is timed
{
  const c = tfjsCase([128, 128, 128]);
  for (const t0 = nowS(); nowS() - t0 < 0.4;) for (const p of PASSES) c.call(p);
  c.dispose();
}

// ---- the interleaved run ----------------------------------------------------------------------
const median = (v) => { const s = [...v].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]); };
const ours = await startServer(simdJs);
const scalar = withScalar ? await startServer(scalarJs) : null;
const rows = [];
for (const shape of shapes) {
  const [m, k, n] = shape;
  const flop = 2 * m * k * n;
  const tc = tfjsCase(shape);
  for (const pass of PASSES) {
    process.stderr.write(`${m}x${k}x${n} ${pass}\n`);
    tc.call(pass);  // warm-up (ours warms up inside its server on the first request)
    const o = [], t = [], sc = [];
    for (let s = 0; s < samples; s++) {
      // alternate who goes first, so that neither always follows the other's cache footprint
      if (s % 2 === 0) { o.push(await ours.sample(shape, pass, minSample)); t.push(tc.sample(pass, minSample)); }
      else { t.push(tc.sample(pass, minSample)); o.push(await ours.sample(shape, pass, minSample)); }
      // the scalar build joins the rounds while its calls are short; a slow one gets one sample
      if (scalar && (s === 0 || sc[0] < 0.2)) sc.push(await scalar.sample(shape, pass, minSample, 0));
    }
    // paired ratio: each round's two samples were taken back to back, under the same conditions
    const paired = median(o.map((x, i) => t[i] / x));
    const pairedScalar = sc.length ? median(sc.map((x, i) => x / o[i])) : NaN;
    rows.push({ m, k, n, pass, ours: flop / median(o) / 1e9, tfjs: flop / median(t) / 1e9, paired, pairedScalar,
                oursBest: flop / Math.min(...o) / 1e9, tfjsBest: flop / Math.min(...t) / 1e9,
                scalar: scalar ? flop / median(sc) / 1e9 : NaN, scalarSamples: sc.length });
  }
  tc.dispose();
}
ours.close();
if (scalar) scalar.close();

let train = null;
if (withTrain) {
  process.stderr.write('training throughput\n');
  const run = (js) => JSON.parse(execFileSync(process.execPath,
    ['--no-experimental-fetch', js, 'bench', '--json', '--only', 'train', ...(quick ? ['--quick'] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 24 })).train;
  train = { simd: run(simdJs), scalar: withScalar ? run(scalarJs) : null };
}

// ---- report -----------------------------------------------------------------------------------
const f = (x, d = 2) => (x === undefined || x === null || !isFinite(x) ? '–' : x.toFixed(d));
const lines = [];
lines.push(`Matmul GFLOP/s, one thread — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus()[0].model.trim()} (${os.cpus().length} CPUs), node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
lines.push('');
lines.push(`ours = gpt-anatomy.js (${ours.isa}); scalar = gpt-anatomy-scalar.js (${scalar ? scalar.isa : 'not run'}); tfjs = @tensorflow/tfjs-backend-wasm ${tfwasm.version_wasm ?? ''} (SIMD ${tfSimd}, multithread ${tfThreads}, 1 thread). Ours and tfjs: medians of ${samples} interleaved samples.`);
lines.push('');
lines.push('| m | k | n | pass | ours | scalar | tfjs-wasm | ours/tfjs | ours/scalar | ours best | tfjs best | best/best |');
lines.push('|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
let minVsTf = Infinity, minVsTfBest = Infinity, minVsScalar = Infinity, worstTf = '', worstTfBest = '', worstSc = '';
for (const r of rows) {
  const rt = r.paired, rb = r.oursBest / r.tfjsBest, rs = r.pairedScalar;
  const name = `${r.m}x${r.k}x${r.n} ${r.pass}`;
  if (rt < minVsTf) { minVsTf = rt; worstTf = name; }
  if (rb < minVsTfBest) { minVsTfBest = rb; worstTfBest = name; }
  if (withScalar && rs < minVsScalar) { minVsScalar = rs; worstSc = name; }
  lines.push(`| ${r.m} | ${r.k} | ${r.n} | ${r.pass} | ${f(r.ours)} | ${f(r.scalar)} | ${f(r.tfjs)} | ${f(rt)}× | ${withScalar ? f(rs, 1) + '×' : '–'} | ${f(r.oursBest)} | ${f(r.tfjsBest)} | ${f(rb)}× |`);
}
lines.push('');
lines.push('ours, scalar, tfjs-wasm: medians of the samples (GFLOP/s). ours/tfjs and ours/scalar: medians over the rounds of the ratio of samples taken back to back (robust to drift). best: the fastest sample of each (the least disturbed by other processes).');
lines.push(`Lowest ours/tfjs: ${f(minVsTf)}× (${worstTf}), best/best ${f(minVsTfBest)}× (${worstTfBest}); target ≥ 1: ${minVsTf >= 1 ? 'met' : 'NOT met'} (paired), ${minVsTfBest >= 1 ? 'met' : 'NOT met'} (best).`);
if (withScalar) lines.push(`Lowest ours/scalar: ${f(minVsScalar, 1)}× (${worstSc}); target ≥ 4: ${minVsScalar >= 4 ? 'met' : 'NOT met'}.`);
if (train) {
  lines.push('');
  lines.push('| training (AdamW, 1 thread) | config | params | ours tokens/s | ours steps/s | scalar tokens/s | scalar steps/s | ours/scalar |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const t of train.simd) {
    const sc = train.scalar ? train.scalar.find((x) => x.model === t.model) : null;
    lines.push(`| ${t.model} | ${t.config} | ${t.params} | ${f(t.tokens_per_s, 0)} | ${f(t.steps_per_s)} | ${sc ? f(sc.tokens_per_s, 0) : '–'} | ${sc ? f(sc.steps_per_s) : '–'} | ${sc ? f(t.tokens_per_s / sc.tokens_per_s, 1) + '×' : '–'} |`);
  }
}
console.log(lines.join('\n'));
