// Training tokens/s with 1 and 2 threads, side by side, over several runs: the ratio that the
// README's "Threads and generation" table gives. One run is `gpt-anatomy bench --json --only train
// --thread-counts 1,2` (the same trainer timed with 1 thread, then with 2); the runs alternate the
// order (1,2 then 2,1), because this machine's speed drifts from minute to minute and a host that
// takes one of the two vCPUs for a while spoils a single run (measured here: 1.27x and 1.94x from
// the same binary ten minutes apart). Prints every run and the min / median / max of the ratio.
// Figures only: nothing is asserted.
//   node bench/thread_ratio.mjs [--cli wasm|native|PATH] [--runs N] [--models small,medium] [--samples N]
// --cli wasm (default): node build/wasm/gpt-anatomy-mt.js (the threaded wasm CLI, what the page runs);
// native: build/native/gpt-anatomy; anything else: a command line, split at spaces.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : def; };
const cliOpt = opt('--cli', 'wasm');
const runs = Number(opt('--runs', 6));
const models = opt('--models', 'small');
const samples = opt('--samples', '5');
if (!(runs >= 1)) { console.error('thread_ratio: --runs must be a number >= 1'); process.exit(2); }

const cli = cliOpt === 'wasm' ? [process.execPath, '--no-experimental-fetch', path.join(root, 'build/wasm/gpt-anatomy-mt.js')]
  : cliOpt === 'native' ? [path.join(root, 'build/native/gpt-anatomy')]
  : cliOpt.split(' ').filter(Boolean);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x) => Math.round(x).toLocaleString('en-US');

const per = {};  // model -> [{one, two}]
console.log(`${cli.join(' ')}: ${runs} runs, --samples ${samples}`);
for (let r = 0; r < runs; r++) {
  const counts = r % 2 ? '2,1' : '1,2';
  const out = execFileSync(cli[0], [...cli.slice(1), 'bench', '--json', '--only', 'train', '--models', models,
    '--thread-counts', counts, '--samples', samples], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const rows = JSON.parse(out).train;
  for (const name of models.split(',')) {
    const at = (n) => rows.find((x) => x.model === name && x.threads === n);
    if (!at(1) || !at(2)) { console.error(`thread_ratio: no 1- and 2-thread rows for ${name} (a build without threads?)`); process.exit(1); }
    const one = at(1).tokens_per_s, two = at(2).tokens_per_s;
    (per[name] ||= []).push({ one, two });
    console.log(`  run ${r + 1} (${counts})  ${name.padEnd(7)} 1 thread ${fmt(one).padStart(7)} tok/s   2 threads ${fmt(two).padStart(7)} tok/s   ${(two / one).toFixed(2)}x`);
  }
}
for (const [name, xs] of Object.entries(per)) {
  const ratios = xs.map((x) => x.two / x.one);
  console.log(`${name}: 1 thread median ${fmt(median(xs.map((x) => x.one)))} tok/s, 2 threads median ${fmt(median(xs.map((x) => x.two)))} tok/s; ` +
    `ratio min ${Math.min(...ratios).toFixed(2)}x, median ${median(ratios).toFixed(2)}x, max ${Math.max(...ratios).toFixed(2)}x`);
}
