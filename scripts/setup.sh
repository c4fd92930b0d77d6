#!/usr/bin/env bash
# Shared set-up for ./serve.sh and tests/run.sh: installs what is missing, and only that.
#   - Debian packages (emscripten, glm, catch2, chromium, fonts, text corpora, ...)
#   - Dear ImGui 1.86 and SDL 2.26.5 as Debian *source* packages (apt-get source)
#   - SDL2 built once for Emscripten, cached outside the checkout so a fresh clone reuses it
#   - npm dependencies (pinned by package-lock.json)
# Idempotent: a second run does nothing but a few existence checks.
#
# Usage: scripts/setup.sh [--no-browser] [--tests]   (env GPT_ANATOMY_CACHE overrides the cache folder)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${GPT_ANATOMY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gpt-anatomy}
want_browser=1 want_tests=0
for arg in "$@"; do
  case $arg in
    --no-browser) want_browser=0 ;;
    --tests) want_tests=1 ;;   # the independent numeric reference (PyTorch) for tests/run.sh
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done
mkdir -p "$cache"
log() { printf '[setup] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# ---- 1. Debian binary packages -------------------------------------------------------------
pkgs=(emscripten libglm-dev catch2 cmake python3 fonts-dejavu-core dpkg-dev nodejs
      clang libclang-rt-14-dev wfrench wamerican bible-kjv brotli)
# the three browser engines of the e2e suite: Chromium headless; Firefox ESR and WebKit (MiniBrowser +
# WebKitWebDriver) headed inside Xvfb, Firefox having no WebGL in its own headless mode
[ $want_browser = 1 ] && pkgs+=(chromium firefox-esr xvfb xauth xfonts-base webkit2gtk-driver)
[ $want_tests = 1 ] && pkgs+=(python3-torch python3-numpy)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# the machine's own node/npm may not be Debian's: skip nodejs if node is already on PATH
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=(); for p in "${missing[@]}"; do [ "$p" = nodejs ] || tmp+=("$p"); done; missing=("${tmp[@]+"${tmp[@]}"}")
fi
apt_updated=0
apt_update() { if [ $apt_updated = 0 ]; then log "apt-get update"; $SUDO apt-get update -q >/dev/null; apt_updated=1; fi; }
if [ ${#missing[@]} -gt 0 ]; then
  apt_update
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v npm >/dev/null; then
  apt_update; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q npm >/dev/null
fi

# ---- 2. Third-party sources from Debian's source packages -----------------------------------
src="$cache/src"
mkdir -p "$src"
ensure_deb_src() {
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    log "adding a deb-src entry derived from the machine's Debian sources"
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      sed 's/^Types: deb$/Types: deb-src/' "$f" | $SUDO tee "/etc/apt/sources.list.d/gpt-anatomy-src-$(basename "$f")" >/dev/null
    done
    if [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list; then
      grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/gpt-anatomy-src.list >/dev/null
    fi
    apt_updated=0
  fi
  apt_update
}
fetch_source() { # name dir-glob target
  local name=$1 target=$2
  [ -d "$target" ] && return 0
  ensure_deb_src
  local dl; dl=$(mktemp -d "$src/dl.XXXX")
  log "apt-get source $name"
  (cd "$dl" && apt-get source --download-only -q "$name" >/dev/null 2>&1)
  local dsc; dsc=$(ls "$dl"/*.dsc | head -1)
  dpkg-source --no-check -x "$dsc" "$dl/x" >/dev/null
  mv "$dl/x" "$target"
  rm -rf "$dl"
}
fetch_source imgui "$src/imgui"
fetch_source libsdl2 "$src/sdl2"
[ -f "$src/imgui/imgui.h" ] || { echo "setup: imgui source looks wrong ($src/imgui)" >&2; exit 1; }
grep -Eq 'IMGUI_VERSION +"1.86' "$src/imgui/imgui.h" || log "warning: ImGui is not 1.86: $(grep 'define IMGUI_VERSION ' "$src/imgui/imgui.h")"

# ---- 3. SDL2 built once for Emscripten -------------------------------------------------------
export NODE_PATH=/usr/share/nodejs
sdl_prefix="$cache/sdl2-wasm"
if [ ! -f "$sdl_prefix/lib/libSDL2.a" ]; then
  log "building SDL2 for Emscripten once (a few minutes; cached in $sdl_prefix)"
  rm -rf "$cache/sdl2-build"
  mkdir -p "$cache/sdl2-build"
  (cd "$cache/sdl2-build" &&
    emcmake cmake "$src/sdl2" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$sdl_prefix" >build.log 2>&1 &&
    make -j"$(nproc)" install >>build.log 2>&1) || { tail -30 "$cache/sdl2-build/build.log" >&2; exit 1; }
  rm -rf "$cache/sdl2-build"
fi

# ---- 4. npm packages (pinned by package-lock.json) -------------------------------------------
if [ -f "$here/package.json" ]; then
  stamp="$here/node_modules/.setup-stamp"
  if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
    log "npm ci"
    # puppeteer-core downloads no browser; the variable makes sure nothing in the tree does
    (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$stamp"
  fi
fi

# Everything the CMake build needs to know about the cache.
cat >"$cache/paths.cmake" <<EOF
set(GA_IMGUI_DIR "$src/imgui" CACHE PATH "Dear ImGui source (Debian source package)")
set(GA_SDL2_PREFIX "$sdl_prefix" CACHE PATH "SDL2 built for Emscripten")
EOF
echo "$cache"
