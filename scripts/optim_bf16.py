#!/usr/bin/python3
"""Stores a checkpoint's AdamW moments (optim.adamw.m.*, optim.adamw.v.*) as BF16 instead of F32.

    optim_bf16.py FILE.safetensors [OUT.safetensors]     (default: FILE is rewritten in place)

The weights stay F32, bit for bit; only the optimizer state, which the loader converts back to
float32 (src/core/checkpoint.cpp accepts F32, F16, BF16 and F64 for every float tensor), loses
the low 16 bits of its mantissa: rounded to nearest even, a relative error below 2^-8 (0.4 %)
on each m and v, far below what one step of AdamW changes them by. BF16 rather than F16: the
second moments of a trained model are ~1e-9..1e-5, below F16's normal range (6e-5), while BF16
has float32's exponent. The shipped default checkpoint is two thirds moments, so this takes
a third off the page's download (docs/checkpoint.md, "The shipped checkpoints").

The layout is the project's writer's (SafetensorsWriter::serialize): __metadata__ first, the
tensors in file order with consecutive offsets, the header padded with spaces to a multiple of
8 bytes; the output is written to a temporary name and renamed. A file without F32 moments is
left as it is. Only the Python standard library is used.
"""
import array
import json
import os
import struct
import sys

MOMENTS = ("optim.adamw.m.", "optim.adamw.v.")


def die(msg):
    sys.stderr.write("optim_bf16: " + msg + "\n")
    sys.exit(1)


def to_bf16(raw, name):
    f = array.array("I")
    f.frombytes(raw)
    if sys.byteorder != "little":
        f.byteswap()
    out = array.array("H", bytes(2 * len(f)))
    for i, u in enumerate(f):
        if (u >> 23) & 0xFF == 0xFF:
            die("%s: value %d is not finite" % (name, i))
        r = (u + 0x7FFF + ((u >> 16) & 1)) >> 16   # round to nearest, ties to even
        if (r >> 7) & 0xFF == 0xFF:
            die("%s: value %d overflows BF16" % (name, i))
        out[i] = r
    if sys.byteorder != "little":
        out.byteswap()
    return out.tobytes()


def main(argv):
    if len(argv) not in (2, 3):
        die("usage: optim_bf16.py FILE.safetensors [OUT.safetensors]")
    src = argv[1]
    dst = argv[2] if len(argv) == 3 else src
    with open(src, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        die(src + ": not a safetensors file")
    n = struct.unpack("<Q", blob[:8])[0]
    if n > len(blob) - 8:
        die(src + ": header longer than the file")
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    tensors = sorted(((k, v) for k, v in header.items() if k != "__metadata__"), key=lambda kv: kv[1]["data_offsets"][0])
    out_header = {}
    if "__metadata__" in header:
        out_header["__metadata__"] = header["__metadata__"]
    chunks, offset, changed = [], 0, 0
    for name, info in tensors:
        begin, end = info["data_offsets"]
        raw = data[begin:end]
        dtype = info["dtype"]
        if name.startswith(MOMENTS) and dtype == "F32":
            raw, dtype = to_bf16(raw, name), "BF16"
            changed += 1
        out_header[name] = {"dtype": dtype, "shape": info["shape"], "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if not changed:
        print("optim_bf16: %s has no F32 moments: unchanged" % src)
        if dst != src:
            with open(dst, "wb") as f:
                f.write(blob)
        return 0
    text = json.dumps(out_header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    tmp = dst + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)
    os.replace(tmp, dst)
    print("optim_bf16: %s: %d moment tensors as BF16, %d -> %d bytes" % (dst, changed, len(blob), os.path.getsize(dst)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
