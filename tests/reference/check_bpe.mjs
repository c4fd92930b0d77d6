// Compares the C++ GPT-2 BPE with the reference JavaScript encoder (npm gpt-3-encoder).
// usage: node tests/reference/check_bpe.mjs "<gpt-anatomy command>" [text files...]
//   e.g. node tests/reference/check_bpe.mjs build/native/gpt-anatomy
//        node tests/reference/check_bpe.mjs "node --no-experimental-fetch build/wasm/gpt-anatomy.js"
// Without files: tests/reference/bpe_sample.txt as a whole, each of its lines, and a set of
// generated edge cases (whitespace runs, contractions, digits, symbols, every Unicode block start).
// Prints "check_bpe: N passed, M failed" and exits non-zero on any mismatch.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const { encode } = require(path.join(root, 'node_modules', 'gpt-3-encoder'));

const cmd = process.argv[2];
if (!cmd) {
  console.error('usage: node tests/reference/check_bpe.mjs "<gpt-anatomy command>" [text files...]');
  process.exit(2);
}
const files = process.argv.slice(3);
const cases = [];  // [label, text]
if (files.length) {
  for (const f of files) cases.push([f, fs.readFileSync(f, 'utf-8')]);
} else {
  const sample = fs.readFileSync(path.join(here, 'bpe_sample.txt'), 'utf-8');
  cases.push(['bpe_sample.txt', sample]);
  sample.split('\n').forEach((line, i) => { if (line.length) cases.push([`bpe_sample.txt line ${i + 1}`, line]); });
  const edge = [
    ' ', '  ', '\n', ' \n ', 'a  b', 'a \n b', '\t\ta', "'s", "'S", " 's", "x's't're've'm'll'd", "''s", '1 2  3   4',
    '12345678901234567890', '   leading', 'trailing   ', '!!!???', ' !a', 'a!b', '\u00a0a', 'a\u3000b', '\u2028x', '\ufeffBOM',
    'e\u0301 (combining accent)', '\u0928\u092e\u0938\u094d\u0924\u0947', 'Ⅰ Ⅱ Ⅲ ⅳ', '١٢٣ ۴۵۶ ߀', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚', '🙂🙂 🙂',
  ];
  // One letter/number/symbol from the start of many Unicode blocks, in words, between spaces.
  let s = '';
  for (let cp = 0xa0; cp < 0x2fa00; cp += 0x61) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    s += String.fromCodePoint(cp) + (cp % 3 === 0 ? ' ' : cp % 3 === 1 ? 'x' : '7');
  }
  edge.push(s);
  edge.forEach((t, i) => cases.push([`edge ${i} ${JSON.stringify(t).slice(0, 40)}`, t]));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check_bpe_'));
let passed = 0, failed = 0;
cases.forEach(([label, text], i) => {
  const f = path.join(tmp, `case${i}.txt`);
  fs.writeFileSync(f, text, 'utf-8');
  const want = encode(text);
  let got;
  try {
    got = JSON.parse(execSync(`${cmd} tokenize --tokenizer gpt2-bpe --text-file "${f}"`, { encoding: 'utf-8', maxBuffer: 1 << 28 }));
  } catch (e) {
    got = `error: ${e.message.split('\n')[0]}`;
  }
  if (Array.isArray(got) && got.length === want.length && got.every((x, k) => x === want[k])) {
    passed++;
  } else {
    failed++;
    let k = 0;
    if (Array.isArray(got)) while (k < got.length && got[k] === want[k]) k++;
    console.log(`FAIL ${label}: ` + (Array.isArray(got)
      ? `first difference at token ${k}: got ${JSON.stringify(got.slice(k, k + 8))} want ${JSON.stringify(want.slice(k, k + 8))}`
      : got));
  }
});
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`check_bpe: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
