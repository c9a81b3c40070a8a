"""Prediction latency: to_mnist + predict_proba + the doodle check in process, as the app runs
them, stage by stage for a 400x400 Sketchpad PNG, what the open Look inside panel adds, and end
to end through the app.

    python benchmarks/latency.py [--n 200] [--n-http 50]
"""
import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.preprocess import drawing  # noqa: E402
from benchmarks.server import start_app, stop  # noqa: E402
from mnist_demo import load_model, to_mnist  # noqa: E402
from mnist_demo.novelty import classify, load_novelty  # noqa: E402
from app import inside  # noqa: E402  (the panel as the app builds it: layers, heat maps, HTML)


def summary(times: list[float]) -> str:
    ms = np.array(times) * 1000
    return f"median {statistics.median(ms):7.2f} ms   p99 {np.percentile(ms, 99):7.2f} ms"


def in_process(n: int) -> None:
    for name in ("mlp", "cnn"):
        net, stats = load_model(name), load_novelty(name)

        def predict(a):
            return classify(net, stats, to_mnist(a))

        for size in (280, 800):
            a = drawing(size, size)
            predict(a)  # warm-up
            times = []
            for _ in range(n):
                t = time.perf_counter()
                predict(a)
                times.append(time.perf_counter() - t)
            print(f"in process  {name.upper()}  {size}x{size}   {summary(times)}")
        panel = [0.0] * n  # the Look inside panel, open: what it adds to each stroke
        x = to_mnist(drawing(400, 400))
        inside(x, name.upper())
        for i in range(n):
            t = time.perf_counter()
            inside(x, name.upper())
            panel[i] = time.perf_counter() - t
        print(f"Look inside panel open, {name.upper()}: + {summary(panel)} per stroke "
              f"(closed: + 0, not computed)")


def stages(n: int) -> None:
    """Where one stroke's time goes in process: the Sketchpad's 400x400 PNG composite, as the
    app reads it, stage by stage (CNN)."""
    from mnist_demo import display, preprocess as pp

    buf = io.BytesIO()
    Image.fromarray(drawing(400, 400)).save(buf, format="PNG")
    png = buf.getvalue()
    net, stats = load_model("cnn"), load_novelty("cnn")
    im = pp._open(io.BytesIO(png))
    grey = pp._grey_from_pil(im)
    ink = pp._ink(grey)
    digit = pp._keep_digit(ink)
    wide = pp._normalise_stroke(digit)
    x = pp.centre(wide)
    p, doodle = classify(net, stats, x)
    steps = [("decode the PNG", lambda: pp._open(io.BytesIO(png))),
             ("grey, downscaled", lambda: pp._grey_from_pil(im)),
             ("ink", lambda: pp._ink(grey)),
             ("keep the digit's pieces", lambda: pp._keep_digit(ink)),
             ("stroke width", lambda: pp._normalise_stroke(digit)),
             ("box and centre", lambda: pp.centre(wide)),
             ("network + doodle check", lambda: classify(net, stats, x)),
             ("verdict, bars, 28x28 HTML", lambda: (display.verdict(p, "CNN", not doodle),
                                                    display.bars_html(p, not doodle),
                                                    display.seen_html(x)))]
    for what, fn in steps:
        fn()
        times = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        print(f"stage  {what:27s} {summary(times)}")


def end_to_end(n: int) -> None:
    from gradio_client import Client, handle_file

    path = Path(tempfile.mkdtemp()) / "four.png"
    Image.fromarray(drawing(400, 400)).save(path)
    proc, url = start_app()
    try:
        client = Client(url, verbose=False)
        payload = {"background": None, "layers": [], "composite": handle_file(str(path))}
        for model in ("MLP", "CNN"):
            client.predict(payload, model, api_name="/predict")
            times = []
            for _ in range(n):
                t = time.perf_counter()
                client.predict(payload, model, api_name="/predict")
                times.append(time.perf_counter() - t)
            print(f"gradio_client  {model}  400x400 PNG   {summary(times)}")
    finally:
        stop(proc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--n-http", type=int, default=50)
    args = ap.parse_args()
    in_process(args.n)
    stages(args.n)
    end_to_end(args.n_http)


if __name__ == "__main__":
    main()
