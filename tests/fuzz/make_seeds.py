#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/corpus (small valid and nearly valid files). Crash and
regression inputs found by fuzzing are added to the corpus by hand (named crash-* / regress-*).
usage: python3 tests/fuzz/make_seeds.py tests/fuzz/corpus"""
import json, os, struct, sys

def st(tensors, metadata=None, pad=True):
    """tensors: list of (name, dtype, shape, raw bytes)."""
    header, data = {}, b''
    if metadata is not None:
        header['__metadata__'] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode()
    if pad:
        h += b' ' * ((8 - len(h) % 8) % 8)
    return struct.pack('<Q', len(h)) + h + data

def f32(vals): return struct.pack('<%df' % len(vals), *vals)
def f16(vals): return struct.pack('<%de' % len(vals), *vals)
def f64(vals): return struct.pack('<%dd' % len(vals), *vals)
def bf16(vals): return b''.join(struct.pack('<f', v)[2:] for v in vals)

def gpt(L, C, T, V, enc=f32, dtype='F32', prefix='', extra=()):
    out, k = [], 0
    def add(name, shape):
        nonlocal k
        n = 1
        for d in shape: n *= d
        vals = [((k + i) % 7 - 3) * 0.125 for i in range(n)]
        k += n
        out.append((prefix + name, dtype, shape, enc(vals)))
    add('wte.weight', [V, C]); add('wpe.weight', [T, C])
    for l in range(L):
        h = 'h.%d.' % l
        add(h + 'ln_1.weight', [C]); add(h + 'ln_1.bias', [C])
        add(h + 'attn.c_attn.weight', [C, 3 * C]); add(h + 'attn.c_attn.bias', [3 * C])
        add(h + 'attn.c_proj.weight', [C, C]); add(h + 'attn.c_proj.bias', [C])
        add(h + 'ln_2.weight', [C]); add(h + 'ln_2.bias', [C])
        add(h + 'mlp.c_fc.weight', [C, 4 * C]); add(h + 'mlp.c_fc.bias', [4 * C])
        add(h + 'mlp.c_proj.weight', [4 * C, C]); add(h + 'mlp.c_proj.bias', [C])
    add('ln_f.weight', [C]); add('ln_f.bias', [C])
    return out + list(extra)

def meta(L, H, C, T, V, **kw):
    m = {'n_layer': str(L), 'n_head': str(H), 'n_embd': str(C), 'n_ctx': str(T), 'vocab_size': str(V)}
    m.update(kw)
    return m

def main(out):
    os.makedirs(out, exist_ok=True)
    seeds = {}
    seeds['seed-ckpt-char'] = st(gpt(1, 4, 3, 5), meta(1, 2, 4, 3, 5, tokenizer='char', alphabet='abcde'))
    seeds['seed-ckpt-2layer'] = st(gpt(2, 2, 2, 3), meta(2, 1, 2, 2, 3, tokenizer='char', alphabet='\n é'))
    seeds['seed-ckpt-notok'] = st(gpt(1, 2, 2, 3), meta(1, 2, 2, 2, 3))
    seeds['seed-ckpt-hf-layout'] = st(gpt(1, 4, 2, 3, prefix='transformer.', extra=[
        ('transformer.h.0.attn.bias', 'F32', [1, 1, 2, 2], f32([1, 0, 1, 1])),
        ('h.0.attn.masked_bias', 'F32', [], f32([-1e4]))]), {'n_head': '2'})
    seeds['seed-ckpt-f16'] = st(gpt(1, 2, 2, 3, enc=f16, dtype='F16'), meta(1, 1, 2, 2, 3))
    seeds['seed-ckpt-bf16'] = st(gpt(1, 2, 2, 3, enc=bf16, dtype='BF16'), meta(1, 1, 2, 2, 3))
    seeds['seed-ckpt-f64'] = st(gpt(1, 2, 2, 3, enc=f64, dtype='F64'), meta(1, 1, 2, 2, 3))
    seeds['seed-ckpt-lmhead'] = st(gpt(1, 2, 2, 3, extra=[('lm_head.weight', 'F32', [3, 2], f32([((i % 7) - 3) * 0.125 for i in range(6)]))]), meta(1, 1, 2, 2, 3))
    seeds['seed-ckpt-badmeta'] = st(gpt(1, 4, 3, 5), meta(1, 3, 4, 3, 5))
    seeds['seed-ckpt-nan'] = st(gpt(1, 2, 2, 3, extra=[]), meta(1, 1, 2, 2, 3))[:-4] + f32([float('nan')])
    seeds['seed-batch-i32'] = st([('inputs', 'I32', [2, 3], struct.pack('<6i', 1, 2, 3, 4, 5, 6)),
                                  ('targets', 'I32', [2, 3], struct.pack('<6i', 2, 3, 4, 5, 6, 7))])
    seeds['seed-batch-i64'] = st([('inputs', 'I64', [1, 2], struct.pack('<2q', 1, 2)),
                                  ('targets', 'I64', [1, 2], struct.pack('<2q', 2, 99))])
    seeds['seed-st-empty'] = st([], None)
    seeds['seed-st-meta-only'] = st([], {'a': 'b', 'tokenizer': 'gpt2-bpe'})
    seeds['seed-st-dtypes'] = st([('a', 'U8', [3], b'abc'), ('b', 'BOOL', [1], b'\x01'), ('c', 'I16', [2], b'\0\0\0\0'),
                                  ('d', 'F32', [], f32([1.0])), ('e', 'F32', [0, 5], b'')])
    seeds['seed-st-overlap'] = st([('a', 'F32', [2], f32([1, 2]))])[:8] + b''  # truncated header
    seeds['seed-text-utf8'] = 'Hello, wörld! 🙂 日本語\n'.encode()
    seeds['seed-text-json'] = b'{"a":[1,-2.5e3,"\\u00e9\\ud83d\\ude42",true,null,{}]}'
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
    print('%d seeds written to %s' % (len(seeds), out))


def regressions(out):
    """Hand-made inputs for the failure modes the loader must refuse cleanly."""
    def raw(header, data=b''):
        return struct.pack('<Q', len(header)) + header + data
    r = {}
    r['regress-huge-shape'] = raw(b'{"wte.weight":{"dtype":"F32","shape":[1000000000,1000000000],"data_offsets":[0,4]}}', b'\0' * 4)
    r['regress-overflow-shape'] = raw(b'{"t":{"dtype":"F64","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}', b'\0' * 8)
    r['regress-header-len-max'] = b'\xff' * 8 + b'{}'
    r['regress-deep-json'] = raw(b'{"a":' + b'[' * 5000 + b']' * 5000 + b'}')
    r['regress-block-index-huge'] = st([('h.999999999.ln_1.weight', 'F32', [2], f32([1, 2]))], {'n_head': '1'})
    r['regress-dup-prefix'] = st(gpt(1, 2, 2, 3, extra=[('transformer.wte.weight', 'F32', [3, 2], f32([0] * 6))]), meta(1, 1, 2, 2, 3))
    r['regress-meta-absurd'] = st(gpt(1, 2, 2, 3), meta(1, 1, 2, 2, 3, n_layer='99999999999999999999999'))
    r['regress-batch-i64-overflow'] = st([('inputs', 'I64', [1, 1], struct.pack('<q', 1 << 40)),
                                          ('targets', 'I64', [1, 1], struct.pack('<q', 1))])
    r['regress-utf16-surrogate-escape'] = raw(b'{"__metadata__":{"a":"\\ud800"}}')
    for name, data in r.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
    print('%d regression inputs written to %s' % (len(r), out))

if __name__ == '__main__':
    dest = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus')
    main(dest)
    regressions(dest)
