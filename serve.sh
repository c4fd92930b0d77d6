#!/usr/bin/env bash
# GPT Anatomy: install what is missing, build the web app, serve it.
#   ./serve.sh                    → http://127.0.0.1:8000/
#   PORT=9000 ./serve.sh          → another port
#   ./serve.sh --no-isolation     → without the COOP/COEP/CORP headers, which are sent by default
#                                   (cross-origin isolation: the page then runs its threaded build);
#                                   like a plain static host, where the page's service worker adds
#                                   them after one reload (open it with ?sw=0 to stay single-thread)
#   ./serve.sh --build-only       → build build/wasm/web/ and stop (deploy that folder anywhere static)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
port=${PORT:-8000}
extra=() build_only=0
for a in "$@"; do
  case $a in
    --isolated) ;;                       # the default now; kept so older commands still work
    --no-isolation) extra+=(--no-isolation) ;;
    --build-only) build_only=1 ;;
    --port=*) port=${a#--port=} ;;
    *) echo "serve.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
scripts/setup.sh
scripts/build.sh wasm --target gpt-anatomy-app gpt-anatomy-app-mt
[ $build_only = 1 ] && { echo "built: $here/build/wasm/web/"; exit 0; }
exec /usr/bin/python3 scripts/serve.py --dir build/wasm/web --port "$port" "${extra[@]+"${extra[@]}"}"
