"""Prediction latency: to_mnist + predict_proba + the doodle check (mnist_demo.answer.read) in
process, stage by stage for a 400x400 Sketchpad PNG, in a worker process as the app runs it, what
the open Look inside panel adds, and end to end through the app.

    python benchmarks/latency.py [--n 200] [--n-http 50]
"""
import argparse
import asyncio
import io
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.preprocess import as_sent, drawing, times  # noqa: E402
from benchmarks.server import start_app, stop  # noqa: E402
from mnist_demo import load_model, to_mnist  # noqa: E402
from mnist_demo.answer import read  # noqa: E402
from mnist_demo.novelty import classify, load_novelty  # noqa: E402
from mnist_demo.serve import READER, inside  # noqa: E402  (the app's worker; its panel)


def summary(times: list[float]) -> str:
    ms = np.array(times) * 1000
    return f"median {statistics.median(ms):7.2f} ms   p99 {np.percentile(ms, 99):7.2f} ms"


def in_process(n: int) -> None:
    for name in ("mlp", "cnn"):
        for size in (280, 800):
            a = drawing(size, size)
            print(f"in process  {name.upper()}  {size}x{size}   "
                  f"{summary(times(lambda: read(a, name), n))}")
        x = to_mnist(drawing(400, 400))  # the Look inside panel, open: what it adds to a stroke
        print(f"Look inside panel open, {name.upper()}: + "
              f"{summary(times(lambda: inside(x, name.upper()), n))} per stroke "
              f"(closed: + 0, not computed)")


def in_a_worker(n: int) -> None:
    """A stroke's drawing as the app reads it: the pad's 400x400 colour PNG (as API callers send
    it) and the page's 200x200 grey one, in this process and in a worker process (what handing
    it over and back costs)."""
    loop = asyncio.new_event_loop()  # the worker's answer awaited, as the app's events await it

    def worker(*args):
        return loop.run_until_complete(READER.run(read, *args))

    for what, png in zip(("400x400 colour PNG", "the page's 200x200"), as_sent(drawing(400, 400))):
        for name in ("mlp", "cnn"):
            for where, fn in (("in process", read), ("in a worker", worker)):
                print(f"{what:18s} {name.upper()}  {where:11s}  "
                      f"{summary(times(lambda: fn(png, name), n))}")


def stages(n: int) -> None:
    """Where one stroke's time goes in process: the drawing as the page sends it, stage by stage
    (CNN), and what decoding the pad's colour composite would cost instead."""
    from mnist_demo import display, preprocess as pp

    composite, png = as_sent(drawing(400, 400))
    net, stats = load_model("cnn"), load_novelty("cnn")
    im = pp._open(io.BytesIO(png))
    grey = pp._grey_from_pil(im)
    ink = pp._ink(grey)
    digit = pp._keep_digit(ink)
    wide, thickness = pp._normalise_stroke(digit)
    x = pp.centre(wide)
    p, doodle = classify(net, stats, x)
    colour = pp._open(io.BytesIO(composite))
    steps = [("(colour 400x400: decode)", lambda: pp._open(io.BytesIO(composite))),
             ("(colour 400x400: grey, 2x)", lambda: pp._grey_from_pil(colour)),
             ("decode the PNG", lambda: pp._open(io.BytesIO(png))),
             ("grey array", lambda: pp._grey_from_pil(im)),
             ("ink", lambda: pp._ink(grey)),
             ("keep the digit's pieces", lambda: pp._keep_digit(ink)),
             ("stroke width", lambda: pp._normalise_stroke(digit)),
             ("box and centre", lambda: pp.centre(wide)),
             ("sides of a loop", lambda: pp.sides(digit)),
             ("network + doodle check", lambda: classify(net, stats, x)),
             ("verdict, bars, 28x28 HTML", lambda: (display.verdict(p, "CNN", not doodle,
                                                                    thickness > pp.THICK),
                                                    display.bars_html(p, not doodle),
                                                    display.seen_html(x)))]
    for what, fn in steps:
        print(f"stage  {what:27s} {summary(times(fn, n))}")


def end_to_end(n: int) -> None:
    from gradio_client import Client, handle_file

    path = Path(tempfile.mkdtemp()) / "four.png"
    Image.fromarray(drawing(400, 400)).save(path)
    proc, url = start_app()
    try:
        client = Client(url, verbose=False)
        payload = {"background": None, "layers": [], "composite": handle_file(str(path))}
        for model in ("MLP", "CNN"):
            spent = times(lambda: client.predict(payload, model, api_name="/predict"), n)
            print(f"gradio_client  {model}  400x400 PNG   {summary(spent)}")
    finally:
        stop(proc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--n-http", type=int, default=50)
    args = ap.parse_args()
    in_process(args.n)
    in_a_worker(args.n)
    stages(args.n)
    end_to_end(args.n_http)


if __name__ == "__main__":
    main()
