// The page's quote() (web/anatomy.js) must escape as the core's quote() does (src/core/quote.h,
// tests/unit/test_quote.cpp): same cases, same results. Run: node tests/fuzz/quote_twin.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = readFileSync(join(root, 'web', 'anatomy.js'), 'utf8');
const m = src.match(/\n  function quote\(text, max\) \{[\s\S]*?\n  \}\n/);
if (!m) { console.error('quote_twin: no quote() in web/anatomy.js'); process.exit(1); }
const quote = new Function(m[0] + '\nreturn quote;')();

const cases = [
  ['h.0.ln_1.weight', undefined, "'h.0.ln_1.weight'"],
  ['n_h\nead', undefined, "'n_h\\nead'"],
  ['a\r\tb', undefined, "'a\\r\\tb'"],
  ['a\0b', undefined, "'a\\0b'"],
  ['\x1b[1m\x7f', undefined, "'\\x1B[1m\\x7F'"],
  ["it's a\\b", undefined, "'it\\'s a\\\\b'"],
  ['', undefined, "''"],
  ['wörld é 🙂 ᵀ', undefined, "'wörld é 🙂 ᵀ'"],
  ['a\u202eb', undefined, "'a\\u{202E}b'"],
  ['a\u2028b', undefined, "'a\\u{2028}b'"],
  ['a\u0085b', undefined, "'a\\u{0085}b'"],
  ['\ufeffx', undefined, "'\\u{FEFF}x'"],
  ['\u2066x', undefined, "'\\u{2066}x'"],
  ['abcdef', 3, "'abc…'"],
  ['abc', 3, "'abc'"],
  ['ééééé', 2, "'éé…'"],
  ['x'.repeat(10240), undefined, "'" + 'x'.repeat(80) + "…'"],
  ['lone \ud800 surrogate', undefined, "'lone \\u{D800} surrogate'"],
];
let failed = 0;
for (const [text, max, want] of cases) {
  const got = quote(text, max);
  if (got !== want) { failed++; console.error(`FAIL quote(${JSON.stringify(text.slice(0, 40))}) = ${got} (want ${want})`); }
}
console.log(`quote_twin: ${cases.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
