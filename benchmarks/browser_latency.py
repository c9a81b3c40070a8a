"""Pen-up to updated bars, in a real browser: what a person at the Sketchpad waits.

    python benchmarks/browser_latency.py [--strokes 20]

Starts the app, opens it in headless Chromium, draws strokes with the mouse and times from
each mouse-up until the probability bars on the page have changed.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.server import start_app, stop  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def main():
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--strokes", type=int, default=20)
    args = ap.parse_args()
    proc, url = start_app()
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(url)
            page.wait_for_selector("#pad canvas")
            box = max((c.bounding_box() for c in page.locator("#pad canvas").all()),
                      key=lambda b: b["width"] * b["height"])
            rng = np.random.default_rng(0)
            for i in range(args.strokes):
                if i % 5 == 0:  # start a fresh drawing now and then
                    page.locator("#pad button[aria-label='Clear canvas']").click()
                    page.wait_for_timeout(300)
                before = page.locator("#bars").inner_html()
                x0, y0, x1, y1 = rng.uniform(0.2, 0.8, 4)
                page.mouse.move(box["x"] + x0 * box["width"], box["y"] + y0 * box["height"])
                page.mouse.down()
                page.mouse.move(box["x"] + x1 * box["width"], box["y"] + y1 * box["height"], steps=10)
                t = time.perf_counter()
                page.mouse.up()
                page.wait_for_function("b => document.querySelector('#bars').innerHTML !== b",
                                       arg=before, timeout=10_000, polling=5)
                times.append(time.perf_counter() - t)
            browser.close()
    finally:
        stop(proc)
    ms = np.array(times) * 1000
    print(f"pen-up to updated bars over {len(ms)} strokes: median {statistics.median(ms):.0f} ms, "
          f"p90 {np.percentile(ms, 90):.0f} ms, max {ms.max():.0f} ms")


if __name__ == "__main__":
    main()
