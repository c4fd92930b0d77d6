#!/usr/bin/env python3
"""Static server for build/wasm/web: correct wasm MIME type, no caching while developing, and by
default the cross-origin isolation headers (the page then loads its threaded build):
  Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp,
  Cross-Origin-Resource-Policy: same-origin (cross-origin on HTML pages, so that a course page of
  another origin that is itself isolated may still frame embed.html).
--no-isolation leaves them out, as a plain static host does (where the page's own service worker,
coi-sw.js, adds them after one reload; ?sw=0 keeps the single-thread build); --isolated is the
default, still accepted. Fails loudly if the port is taken, so nobody tests someone else's page."""
import argparse, functools, http.server, os, socketserver, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
                      ".safetensors": "application/octet-stream", ".json": "application/json",
                      ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8"}
    isolated = True
    quiet = False
    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        if self.isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            page = self.path.split("?", 1)[0]
            page = page.endswith("/") or page.endswith(".html")
            self.send_header("Cross-Origin-Resource-Policy", "cross-origin" if page else "same-origin")
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
    ap.add_argument("--no-isolation", dest="isolated", action="store_false",
                    help="no COOP/COEP/CORP headers, as a plain static host")
    ap.add_argument("--isolated", dest="isolated", action="store_true", default=True,
                    help="the default (kept for older scripts)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.dir, "index.html")):
        sys.exit(f"serve: {a.dir}/index.html not found (build first)")
    Handler.isolated, Handler.quiet = a.isolated, a.quiet
    try:
        httpd = Server((a.bind, a.port), functools.partial(Handler, directory=a.dir))
    except OSError as e:
        sys.exit(f"serve: cannot listen on {a.bind}:{a.port}: {e.strerror} (is another server running? use PORT=...)")
    how = ("cross-origin isolated: threaded build" if a.isolated else
           "no isolation headers, as a plain static host: the page's service worker adds them after one reload; ?sw=0 stays single-thread")
    print(f"GPT Anatomy: serving {a.dir} at http://{a.bind}:{a.port}/ ({how})", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass

if __name__ == "__main__":
    main()
