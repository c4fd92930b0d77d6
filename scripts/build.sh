#!/usr/bin/env bash
# Configures (once) and builds a preset: scripts/build.sh native|wasm [cmake --build args...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
preset=$1; shift
export NODE_PATH=/usr/share/nodejs
cd "$here"
if [ ! -f "build/$preset/CMakeCache.txt" ]; then
  cmake --preset "$preset" >"build-$preset.configure.log" 2>&1 || { cat "build-$preset.configure.log" >&2; rm -f "build-$preset.configure.log"; exit 1; }
  mkdir -p "build/$preset" && mv "build-$preset.configure.log" "build/$preset/configure.log"
fi
cmake --build --preset "$preset" "$@"
