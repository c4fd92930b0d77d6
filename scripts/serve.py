#!/usr/bin/env python3
"""Static server for build/wasm/web: correct wasm MIME type, no caching while developing,
optional COOP/COEP headers (--isolated) for a cross-origin-isolated page (threads).
Fails loudly if the port is taken, so nobody tests someone else's page."""
import argparse, functools, http.server, os, socketserver, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
                      ".safetensors": "application/octet-stream", ".json": "application/json",
                      ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8"}
    isolated = False
    quiet = False
    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        if self.isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()
    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = False

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--isolated", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.dir, "index.html")):
        sys.exit(f"serve: {a.dir}/index.html not found (build first)")
    Handler.isolated, Handler.quiet = a.isolated, a.quiet
    try:
        httpd = Server((a.bind, a.port), functools.partial(Handler, directory=a.dir))
    except OSError as e:
        sys.exit(f"serve: cannot listen on {a.bind}:{a.port}: {e.strerror} (is another server running? use PORT=...)")
    print(f"GPT Anatomy: serving {a.dir} at http://{a.bind}:{a.port}/", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass

if __name__ == "__main__":
    main()
