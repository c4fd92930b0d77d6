#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/corpus/<target>/ (small valid and nearly valid inputs), one
folder per fuzz target (tests/fuzz/fuzz_<target>.cpp). Crash and regression inputs found by
fuzzing are added by hand (named regress-*).
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

def write_all(out, files):
    os.makedirs(out, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
    print('%d inputs written to %s' % (len(files), out))

def main(root):
    out = os.path.join(root, 'checkpoint')
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
    # the issue-13 file: a __metadata__ key holding JSON escapes for \n and \r
    key_newline = b'{"__metadata__":{"n_h\\n\\r\\nead":1}}'
    seeds['seed-st-meta-key-newline'] = struct.pack('<Q', len(key_newline)) + key_newline
    write_all(out, seeds)
    write_all(os.path.join(root, 'batch'), {k: v for k, v in seeds.items() if k.startswith('seed-batch')})

    text = {
        'seed-text-utf8': 'Hello, wörld! 🙂 日本語\n'.encode(),
        'seed-text-controls': b'a\tb\r\nc\x00d\x1b[0m\x7f',
        'seed-text-invalid-utf8': b'ok \xff\xfe \xc3( \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82',
        'seed-text-hidden': 'abc\u202efed \u2028 \u0085 \ufeff \u2066x\u2069'.encode(),
        'seed-text-contractions': b"I'm sure they've said it's what we'll do, isn't it?  \n\n 123 4567  ",
        'seed-text-multilingual': 'Привет мир, 你好世界, مرحبا, नमस्ते, 🎉🎉 e\u0301'.encode(),
    }
    write_all(os.path.join(root, 'char_tokenizer'), text)
    bpe = dict(text)
    bpe['seed-vocab-small'] = b'hello world\x00{"h":0,"e":1,"l":2,"o":3,"he":4,"ll":5,"\xc4\xa0":6}\x00'
    bpe['seed-vocab-files'] = b'ab\x00{"a":0,"b":1,"ab":2}\x00#version: 0.2\na b\n'
    bpe['seed-vocab-badline'] = b'x\x00{"x":0}\x00#version: 0.2\na b c\n\r\n'
    write_all(os.path.join(root, 'bpe'), bpe)

    json_seeds = {
        'seed-json-mixed': b'{"a":[1,-2.5e3,"\\u00e9\\ud83d\\ude42",true,null,{}]}',
        'seed-json-escapes': b'{"k\\n\\r\\u0000\\"\\\\":"v\\t\\b\\f\\/"}',
        'seed-json-dup-key': b'{"n_h\\nead":1,"n_h\\nead":2}',
        'seed-json-numbers': b'[0,-0,1e308,-1e-308,12345678901234567890,0.5E+3]',
        'seed-json-deep': b'[' * 70 + b']' * 70,
    }
    write_all(os.path.join(root, 'json'), json_seeds)

    models = {'default': 'tiny', 'models': [
        {'name': 'tiny', 'file': 'tiny.safetensors', 'data': 'words-fr', 'title_en': 'Tiny', 'title_fr': 'Minuscule',
         'config': {'n_layer': 2, 'n_head': 2, 'n_embd': 32, 'n_ctx': 32, 'vocab_size': 37}, 'bytes': 113328},
        {'name': 'other', 'file': 'other.safetensors', 'bytes': 5}]}
    data = {'generated_by': 'scripts/make_data.py', 'datasets': [
        {'name': 'kjv-genesis', 'file': 'kjv-genesis.txt', 'kind': 'text', 'description_en': 'Genesis', 'bytes': 196818},
        {'name': 'addition', 'kind': 'synthetic', 'file': None, 'example': '123+45=168'}]}
    dumps = lambda o: json.dumps(o, ensure_ascii=False).encode()
    catalog = {
        'seed-models': dumps(models),
        'seed-datasets': dumps(data),
        'seed-models-path-name': dumps({'models': [{'name': '../../etc/passwd', 'file': 'x'}]}),
        'seed-models-newline-name': dumps({'models': [{'name': 'a\nb'}], 'default': 'a\nb'}),
        'seed-models-bad-config': dumps({'models': [{'name': 'm', 'config': {'n_layer': 2, 'n_head': 3, 'n_embd': 32,
                                                                          'n_ctx': 8, 'vocab_size': 5}}]}),
        'seed-datasets-dup': dumps({'datasets': [{'name': 'a', 'file': 'a.txt'}, {'name': 'a', 'file': 'b.txt'}]}),
    }
    shipped = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'assets', 'models', 'index.json')
    if os.path.exists(shipped):
        with open(shipped, 'rb') as f:
            catalog['seed-models-shipped'] = f.read()
    write_all(os.path.join(root, 'catalog'), catalog)

    # first byte: task (0 addition, 1 reversal, 2 sorting, 3 = the task name is the text) and T - 1 (<< 2)
    dataset = {
        'seed-addition': bytes([0 | (3 << 2)]) + b'123+45',
        'seed-reversal': bytes([1 | (2 << 2)]) + b'abcdefg',
        'seed-sorting': bytes([2]) + b'31415926',
        'seed-named': bytes([3 | (1 << 2)]) + b'sorting\n' + b'ab' * 40,
        'seed-text-long': bytes([0 | (4 << 2)]) + ('Dans la forêt, le renard court.\n' * 8).encode(),
        'seed-bad-name': bytes([3]) + b'n\r\n\x00\xff' + b'xy' * 30,
    }
    write_all(os.path.join(root, 'dataset'), dataset)


def page(root):
    """The page's URL queries (URL NUL defaults) and postMessage envelopes (web/anatomy.js)."""
    query = {
        'seed-query-teacher': b'?model=words-fr-tiny&lang=fr&lecture=1&panel=training,inspector&lr=0,01&speed=4',
        'seed-query-embed': b'?panel=heatmap&tensor=h.0.attn.c_attn.weight&view=grad&origins=https://cours.example,https://b.example:8443\0embed=1',
        'seed-query-numbers': b'lr=1e-3&batch=16&context=32&seed=42&budget=8&memory=1024&optimizer=adamw',
        'seed-query-bad': b'?lr=-1&batch=0&lang=de&panel=nope&view=%0A&model=a%0Db&origins=javascript:alert(1)&modle=x&autoplay=maybe',
        'seed-query-escapes': b'?model=%E2%80%AEevil%FF&data=+spaces+&tensor=%00&lr=%&speed=1%2C5',
        'seed-query-repeat': b'lang=fr&lang=en&&&=x&panel=&model=kjv-genesis-small&model=other',
        'seed-query-long': b'model=' + b'a' * 5000,
    }
    write_all(os.path.join(root, 'page_query'), query)
    message = {
        'seed-msg-step': b'{"cmd":"step","args":[10]}',
        'seed-msg-load-bytes': b'{"cmd":"load","args":[{"$bytes":1234},{"data":"words-fr"}]}',
        'seed-msg-load-file': b'{"cmd":"load","args":[{"$file":"w.safetensors","size":99}]}',
        'seed-msg-setweight': b'{"cmd":"setWeight","args":["h.0.mlp.c_fc.weight",[1,2],0.5]}',
        'seed-msg-teach': b'{"cmd":"teach","args":[{"context":"le cha","target":"t","lr":0.1}]}',
        'seed-msg-panels': b'{"cmd":"setPanels","args":[["training","inspector"]]}',
        'seed-msg-nulls': b'{"cmd":"reset","args":["random",null,null]}',
        'seed-msg-bad-type': b'{"cmd":"setLr","args":[{"x":1}]}',
        'seed-msg-unknown': b'{"cmd":"eval\n\u202e","args":[]}',
        'seed-msg-extra': b'{"cmd":"state","args":[],"id":3}',
        'seed-msg-one-arg': b'{"cmd":"generate","args":"Il \u00e9tait une fois"}',
    }
    write_all(os.path.join(root, 'page_message'), message)


def regressions(root):
    """Hand-made inputs for the failure modes the loader must refuse cleanly."""
    out = os.path.join(root, 'checkpoint')
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
    write_all(out, r)
    write_all(os.path.join(root, 'batch'), {k: v for k, v in r.items() if k.startswith('regress-batch')})

if __name__ == '__main__':
    dest = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus')
    main(dest)
    page(dest)
    regressions(dest)
