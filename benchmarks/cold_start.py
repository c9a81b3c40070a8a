"""Seconds from `python app.py` to the first successful prediction through the API.

    python benchmarks/cold_start.py [--runs 3]
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.preprocess import drawing  # noqa: E402
from benchmarks.server import start_app, stop  # noqa: E402


def main():
    from gradio_client import Client, handle_file

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    path = Path(tempfile.mkdtemp()) / "four.png"
    Image.fromarray(drawing(400, 400)).save(path)
    payload = {"background": None, "layers": [], "composite": handle_file(str(path))}
    results = []
    for run in range(args.runs):
        t = time.perf_counter()
        proc, url = start_app()
        try:
            page = time.perf_counter() - t
            label = Client(url, verbose=False).predict(payload, "CNN", api_name="/predict")[0]
            total = time.perf_counter() - t
        finally:
            stop(proc)
        assert label["label"] == "4", label
        results.append(total)
        print(f"run {run + 1}: page up after {page:.2f} s, first prediction after {total:.2f} s")
    print(f"cold start (median of {args.runs}): {statistics.median(results):.2f} s")


if __name__ == "__main__":
    main()
