#!/usr/bin/env python3
"""The page's start-up copy of each shipped checkpoint: its weights without the AdamW moments.

A shipped checkpoint carries its AdamW state (docs/checkpoint.md) so that training resumes where it
stopped; the moments are as big as the weights and only training needs them. For every model of
SITE/assets/models.json whose checkpoint carries moments, this writes next to it

  <name>.start.safetensors    every tensor but the moments (weights, optim.adamw.step), the same
                              metadata plus optim.moments = "deferred": the page loads this one
  <name>.moments.safetensors  the optim.* tensors (moments and step) and the optim.* metadata:
                              fetched by the page when training first needs them
                              (optimizer_moments_load, src/core/checkpoint.h)

and adds "start_file", "start_bytes", "moments_file" and "moments_bytes" to the model's entry of
models.json. The checkpoint itself stays as it is (the CLI, downloads, the offline single file).
The bytes of every tensor are copied unchanged, so loading the two files gives the very same
model and optimizer state as loading the checkpoint (tests/unit/test_checkpoint.cpp checks it).

Usage: scripts/split_moments.py --site build/wasm/web     (run by the build: cmake/app.cmake)
Files are written only when their content changes.
"""
import argparse
import json
import os
import struct
import sys

MOMENT_PREFIXES = ("optim.adamw.m.", "optim.adamw.v.")


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: not a safetensors file")
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    return header, raw[8 + n:]


def write_safetensors(tensors, metadata):
    """tensors: [(name, dtype, shape, bytes)] in order → the file's bytes (header padded to 8)."""
    header = {"__metadata__": metadata} if metadata else {}
    offset = 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    hj = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    hj += b" " * ((8 - len(hj) % 8) % 8)
    return struct.pack("<Q", len(hj)) + hj + b"".join(t[3] for t in tensors)


def write_if_changed(path, data):
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def split(path):
    """(start bytes, moments bytes), or None when the checkpoint carries no moments."""
    header, data = read_safetensors(path)
    metadata = dict(header.pop("__metadata__", {}) or {})
    if "optim.moments" in metadata:
        raise ValueError(f"{path}: already a start-up copy (metadata optim.moments)")
    entries = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0])
    start, moments = [], []
    for name, t in entries:
        a, b = t["data_offsets"]
        item = (name, t["dtype"], t["shape"], data[a:b])
        if name.startswith(MOMENT_PREFIXES):
            moments.append(item)
        else:
            start.append(item)
            if name == "optim.adamw.step":
                moments.append(item)
    if not any(n.startswith(MOMENT_PREFIXES) for n, *_ in moments):
        return None
    if not any(n == "optim.adamw.step" for n, *_ in start):
        raise ValueError(f"{path}: moments without optim.adamw.step")
    start_meta = dict(metadata)
    start_meta["optim.moments"] = "deferred"
    moments_meta = {k: v for k, v in metadata.items() if k.startswith("optim.")}
    return write_safetensors(start, start_meta), write_safetensors(moments, moments_meta)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", required=True, help="the built site (build/wasm/web)")
    args = ap.parse_args()
    models_dir = os.path.join(args.site, "assets", "models")
    index_path = os.path.join(args.site, "assets", "models.json")
    with open(index_path, "rb") as f:
        index = json.loads(f.read().decode("utf-8"))
    for entry in index.get("models", []):
        file = entry.get("file")
        if not file or not file.endswith(".safetensors"):
            continue
        for k in ("start_file", "start_bytes", "moments_file", "moments_bytes"):
            entry.pop(k, None)
        path = os.path.join(models_dir, file)
        if not os.path.exists(path):
            continue
        parts = split(path)
        if parts is None:
            continue
        stem = file[: -len(".safetensors")]
        for key, suffix, data in (("start", ".start.safetensors", parts[0]), ("moments", ".moments.safetensors", parts[1])):
            write_if_changed(os.path.join(models_dir, stem + suffix), data)
            entry[key + "_file"] = stem + suffix
            entry[key + "_bytes"] = len(data)
    out = (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    write_if_changed(index_path, out)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError) as e:
        print(f"split_moments: {e}", file=sys.stderr)
        sys.exit(1)
