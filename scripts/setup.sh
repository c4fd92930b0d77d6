#!/usr/bin/env bash
# Shared set-up for ./serve.sh and tests/run.sh: installs what is missing, and only that.
#   - Debian packages (emscripten, glm, catch2, chromium, fonts, text corpora, ...)
#   - Dear ImGui 1.86 and SDL 2.26.5 as Debian *source* packages (apt-get source)
#   - SDL2 built once per SDL/Emscripten version pair, cached outside the checkout so a fresh
#     clone reuses it
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
# Each one is used; what for:
#   emscripten         the wasm compiler (app, CLI for node, tests under node)
#   cmake python3      the build; python3 also converts the data sets (scripts/make_data.py),
#                      assembles the single-file page (scripts/make_single_file.py), serves the site
#   libglm-dev         GLM, header-only (linked into the build tree's hostinc/glm for the app)
#   catch2             the unit tests (Catch2 2.x header and its CMake package)
#   fonts-dejavu-core  the fonts embedded in the app (accents, Greek, math symbols)
#   fonttools          pyftsubset: the fonts subset to the interface's glyphs (cmake/fonts.cmake)
#   esbuild            minifies the page's JavaScript at build time (web/anatomy.js and the emitted
#                      Emscripten JS: cmake/app.cmake; −17 KB gzip per page)
#   dpkg-dev           dpkg-source, to unpack the ImGui and SDL source packages below
#   nodejs             node and npm (skipped when the machine already has them)
#   wfrench wamerican bible-kjv   the texts of the shipped data sets (cmake/data.cmake)
#   clang libclang-rt-14-dev      only for the `fuzz` preset: libFuzzer and the sanitizers
#                                 (tests/fuzz/README.md); the other presets use g++ and emcc
#   chromium firefox-esr xvfb xauth xfonts-base webkit2gtk-driver   the three browser engines of the
#                      e2e suite (tests/e2e/), not with --no-browser: Chromium headless; Firefox ESR and
#                      WebKit (MiniBrowser + WebKitWebDriver) headed inside Xvfb, Firefox having no
#                      WebGL in its own headless mode
#   python3-torch python3-numpy   the independent gradient reference (tests/reference/check_grad.py),
#                                 only with --tests
pkgs=(emscripten cmake python3 libglm-dev catch2 fonts-dejavu-core dpkg-dev nodejs
      wfrench wamerican bible-kjv clang libclang-rt-14-dev fonttools esbuild)
[ $want_browser = 1 ] && pkgs+=(chromium firefox-esr xvfb xauth xfonts-base webkit2gtk-driver)
[ $want_tests = 1 ] && pkgs+=(python3-torch python3-numpy)
missing=()
# (dpkg-query exits 1 when a package is unknown to it, i.e. on a fresh machine: not an error here)
installed=" $({ dpkg-query -W -f='${db:Status-Status} ${Package}\n' "${pkgs[@]}" 2>/dev/null || true; } | awk '$1 == "installed" { printf "%s ", $2 }')"
for p in "${pkgs[@]}"; do
  case $installed in *" $p "*) ;; *) missing+=("$p") ;; esac
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
# Keyed by both versions and by the configuration below (sdl2-wasm-<SDL>-em<Emscripten>-<config>):
# a new Emscripten, SDL source or configuration gets its own build instead of silently linking
# objects compiled by another compiler or with other options.
#
# The configuration: the page uses SDL for its window, GL context, events, cursors, clipboard and
# timer only (src/platform/main_emscripten.cpp, ImGui's SDL backend), so the rest is left out:
#   - SDL_LEAN_AND_MEAN=1 (src/SDL_internal.h): no software blitters, RLE, YUV or software
#     renderer, ~200 KB of wasm that SDL_video.c's surface code pulls in and the page never runs
#   - no audio, joystick (the game-controller API stays, as stubs ImGui's backend may call),
#     haptic, sensor, power, SDL_Renderer, HIDAPI, locale or misc (SDL_OpenURL) subsystems
#   - MinSizeRel (-Os): none of SDL's code is on a hot path
# Measured on the single-thread page: wasm 529,687 → 481,169 B and JS 36,869 → 34,755 B under gzip -9.
sdl_config=lean1
sdl_cmake_options=(-DCMAKE_BUILD_TYPE=MinSizeRel -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF
  -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_RENDER=OFF -DSDL_HIDAPI=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF)
sdl_cflags="-DSDL_LEAN_AND_MEAN=1"
export NODE_PATH=/usr/share/nodejs
sdl_version() { # <dir with SDL_version.h> → 2.26.5
  awk '/#define SDL_(MAJOR_VERSION|MINOR_VERSION|PATCHLEVEL)[ \t]/ { v[$2] = $3 }
       END { if (v["SDL_MAJOR_VERSION"] != "") printf "%s.%s.%s", v["SDL_MAJOR_VERSION"], v["SDL_MINOR_VERSION"], v["SDL_PATCHLEVEL"] }' "$1/SDL_version.h" 2>/dev/null
}
em_version=$(tr -d '"[:space:]' </usr/share/emscripten/emscripten-version.txt 2>/dev/null || true)
[ -n "$em_version" ] || em_version=$(emcc --version 2>/dev/null | sed -n '1s/.* \([0-9][0-9.]*\).*/\1/p')
sdl_src_version=$(sdl_version "$src/sdl2/include")
[ -n "$em_version" ] && [ -n "$sdl_src_version" ] || { echo "setup: cannot tell the Emscripten ($em_version) or SDL ($sdl_src_version) version" >&2; exit 1; }
sdl_prefix="$cache/sdl2-wasm-$sdl_src_version-em$em_version-$sdl_config"
# The same SDL compiled and linked with -pthread, for the threaded page (gpt-anatomy-app-mt):
# every object in a pthreads wasm must be built with atomics and bulk memory, SDL's included.
# SDL's own Emscripten defaults are kept (its thread API stays off: the app's threads are C++'s).
sdl_mt_prefix="$cache/sdl2-wasm-mt-$sdl_src_version-em$em_version-$sdl_config"
exec 9>"$cache/.sdl2.lock"; flock 9         # checkouts set up at the same time build it once
# build_sdl PREFIX LABEL [extra C flags]: SDL built into PREFIX unless its ga-build-info.txt (written
# last: a folder without it is an interrupted build) is there.
build_sdl() {
  local prefix=$1 label=$2 cflags="$sdl_cflags${3:+ $3}"
  [ -f "$prefix/ga-build-info.txt" ] && return 0
  log "building SDL2 $sdl_src_version$label ($sdl_config) for Emscripten $em_version once (a few minutes; cached in $prefix)"
  local build_dir="$cache/$(basename "$prefix" | sed 's/^sdl2-wasm/sdl2-build/')"
  rm -rf "$build_dir" "$prefix"
  mkdir -p "$build_dir"
  (cd "$build_dir" &&
    emcmake cmake "$src/sdl2" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF "${sdl_cmake_options[@]}" \
      -DCMAKE_INSTALL_PREFIX="$prefix" "-DCMAKE_C_FLAGS=$cflags" ${3:+"-DCMAKE_EXE_LINKER_FLAGS=$3"} >build.log 2>&1 &&
    make -j"$(nproc)" install >>build.log 2>&1) || { tail -30 "$build_dir/build.log" >&2; rm -rf "$prefix"; exit 1; }
  rm -rf "$build_dir"
  printf 'SDL %s%s (%s: %s %s), Emscripten %s: built %s\n' "$sdl_src_version" "$label" "$sdl_config" "${sdl_cmake_options[*]}" "$cflags" "$em_version" "$(date -u +%FT%TZ)" >"$prefix/ga-build-info.txt"
}
build_sdl "$sdl_prefix" ""
build_sdl "$sdl_mt_prefix" " with -pthread" "-pthread"
exec 9>&-

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

# Everything the CMake build needs to know about the cache. Written only when it changes: CMake
# re-runs its configure step whenever this file is newer than the build tree.
# GA_SETUP_* tell CMakeLists.txt what set-up chose, so a build tree follows a new SDL folder.
paths_cmake="set(GA_IMGUI_DIR \"$src/imgui\" CACHE PATH \"Dear ImGui source (Debian source package)\")
set(GA_SDL2_PREFIX \"$sdl_prefix\" CACHE PATH \"SDL2 built for Emscripten\")
set(GA_SDL2_MT_PREFIX \"$sdl_mt_prefix\" CACHE PATH \"SDL2 built for Emscripten with -pthread (the threaded page)\")
set(GA_SETUP_GA_IMGUI_DIR \"$src/imgui\")
set(GA_SETUP_GA_SDL2_PREFIX \"$sdl_prefix\")
set(GA_SETUP_GA_SDL2_MT_PREFIX \"$sdl_mt_prefix\")"
if [ "$(cat "$cache/paths.cmake" 2>/dev/null)" != "$paths_cmake" ]; then
  printf '%s\n' "$paths_cmake" >"$cache/paths.cmake.tmp.$$" && mv "$cache/paths.cmake.tmp.$$" "$cache/paths.cmake"
  log "wrote $cache/paths.cmake"
fi
echo "$cache"
