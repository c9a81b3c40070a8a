"""Where else people meet the app: a page of another origin that frames it (as a Hugging Face
Space's page does) and a reverse proxy that serves it under a sub-path. Both on loopback."""
import http.client
import threading
from contextlib import contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
       "proxy-authorization", "proxy-authenticate", "content-length"}


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]):
    """A threaded HTTP server on a free loopback port; yields its port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def framing_page(src: str, width: int = 1280, height: int = 1000):
    """A page at http://localhost:PORT/ (another origin than the app's 127.0.0.1) holding the
    app at `src` in an iframe, as a Space's page does; yields the page's address."""
    html = (f'<!doctype html><title>A Space</title><body style="margin:0">'
            f'<iframe src="{escape(src)}" style="border:0;width:{width}px;height:{height}px" '
            f'allow="clipboard-read; clipboard-write"></iframe>').encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    with serve(Page) as port:
        yield f"http://localhost:{port}/"


@contextmanager
def proxy(target: str, prefix: str):
    """A reverse proxy serving the app at `target` under `prefix` (say /mnist): a request for
    PREFIX/x is answered by target/x, streamed (Gradio's event streams too); yields the app's
    address through it."""
    upstream = urlsplit(target)

    class Forward(BaseHTTPRequestHandler):
        def forward(self):
            if not self.path.startswith(prefix + "/"):
                self.send_error(404, f"only {prefix}/ is served here")
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
            headers["X-Forwarded-Prefix"] = prefix
            conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=120)
            conn.request(self.command, self.path[len(prefix):], body or None, headers)
            answer = conn.getresponse()
            self.send_response(answer.status)
            for k, v in answer.getheaders():
                if k.lower() not in HOP:
                    self.send_header(k, v)
            self.end_headers()  # HTTP/1.0: the body ends when the connection closes
            while chunk := answer.read1(65536):
                self.wfile.write(chunk)
                self.wfile.flush()
            conn.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = forward

        def log_message(self, *args):
            pass

    with serve(Forward) as port:
        yield f"http://127.0.0.1:{port}{prefix}/"
