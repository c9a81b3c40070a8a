"""Concurrent clients against the running app, good and bad payloads mixed.

    python benchmarks/load.py [--clients 16 64] [--requests 8] [--concurrency 1 2 4]

Each client sends `--requests` predictions; one in four is a bad payload (a blank canvas,
a file that is not an image, a truncated PNG). Every answer is checked: a drawn 4 must come
back as 4, a bad payload as no label with a message. Reports throughput and latency per run,
for each queue concurrency limit given (MNIST_DEMO_CONCURRENCY).
"""
import argparse
import io
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.preprocess import drawing  # noqa: E402
from benchmarks.server import start_app, stop  # noqa: E402


def payload_files(folder: Path) -> dict[str, Path]:
    good = folder / "four.png"
    Image.fromarray(drawing(400, 400)).save(good)
    blank = folder / "blank.png"
    Image.new("RGBA", (400, 400), "white").save(blank)
    junk = folder / "junk.png"
    junk.write_bytes(b"not an image at all")
    buf = io.BytesIO()
    Image.fromarray(drawing(400, 400)).save(buf, "PNG")
    truncated = folder / "truncated.png"
    truncated.write_bytes(buf.getvalue()[:500])
    return {"good": good, "blank": blank, "junk": junk, "truncated": truncated}


def run(url: str, files: dict, clients: int, requests: int) -> dict:
    from gradio_client import Client, handle_file

    def one_client(i: int):
        client = Client(url, verbose=False)
        out = []
        for r in range(requests):
            kind = ("blank", "junk", "truncated")[(i + r) % 3] if (i + r) % 4 == 3 else "good"
            payload = {"background": None, "layers": [], "composite": handle_file(str(files[kind]))}
            t = time.perf_counter()
            try:
                label, _, message = client.predict(payload, "CNN", api_name="/predict")
                ok = (label or {}).get("label") == "4" if kind == "good" else not label and message
                out.append((time.perf_counter() - t, "ok" if ok else "wrong"))
            except Exception as e:  # noqa: BLE001 - an error is what we count
                print(f"error on {kind}: {type(e).__name__}: {e}"[:300], file=sys.stderr)
                out.append((time.perf_counter() - t, "error"))
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = [x for chunk in pool.map(one_client, range(clients)) for x in chunk]
    wall = time.perf_counter() - start
    lat = np.array([t for t, _ in results]) * 1000
    return {"n": len(results), "rps": len(results) / wall, "p50": np.percentile(lat, 50),
            "p95": np.percentile(lat, 95), "p99": np.percentile(lat, 99),
            "errors": sum(s == "error" for _, s in results), "wrong": sum(s == "wrong" for _, s in results)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    ap.add_argument("--requests", type=int, default=8)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    args = ap.parse_args()
    files = payload_files(Path(tempfile.mkdtemp()))
    print(f"{'limit':>5} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>6} {'wrong':>6}")
    failed = False
    for limit in args.concurrency:
        proc, url = start_app({"MNIST_DEMO_CONCURRENCY": str(limit)})
        try:
            for clients in args.clients:
                r = run(url, files, clients, args.requests)
                failed |= bool(r["errors"] or r["wrong"])
                print(f"{limit:>5} {clients:>7} {r['n']:>8} {r['rps']:>7.1f} {r['p50']:>8.0f} "
                      f"{r['p95']:>8.0f} {r['p99']:>8.0f} {r['errors']:>6} {r['wrong']:>6}", flush=True)
        finally:
            stop(proc)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
