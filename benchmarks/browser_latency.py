"""Pen-up to updated bars, in a real browser: what a person at the Sketchpad waits.

    python benchmarks/browser_latency.py [--strokes 20]

Starts the app, opens it in headless Chromium, draws strokes with the mouse and times from
each mouse-up until the probability bars on the page have changed; then the same with the
Look inside panel open, until the panel has changed.
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


def strokes(page, box, rng, n: int, watch: str) -> list[float]:
    """Seconds from each of `n` random mouse strokes' pen-up until `watch`'s HTML has changed."""
    times = []
    for i in range(n):
        if i % 5 == 0:  # start a fresh drawing now and then
            page.locator("#pad button[aria-label='Clear canvas']").click()
            page.wait_for_timeout(300)
        before = page.locator(watch).inner_html()
        x0, y0, x1, y1 = rng.uniform(0.2, 0.8, 4)
        page.mouse.move(box["x"] + x0 * box["width"], box["y"] + y0 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + x1 * box["width"], box["y"] + y1 * box["height"], steps=10)
        t = time.perf_counter()
        page.mouse.up()
        page.wait_for_function("([w, b]) => document.querySelector(w).innerHTML !== b",
                               arg=[watch, before], timeout=10_000, polling=5)
        times.append(time.perf_counter() - t)
    return times


def report(what: str, times: list[float]) -> None:
    ms = np.array(times) * 1000
    print(f"pen-up to {what} over {len(ms)} strokes: median {statistics.median(ms):.0f} ms, "
          f"p90 {np.percentile(ms, 90):.0f} ms, max {ms.max():.0f} ms")


def main():
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--strokes", type=int, default=20)
    args = ap.parse_args()
    proc, url = start_app()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(url)
            page.wait_for_selector("#pad canvas")
            box = max((c.bounding_box() for c in page.locator("#pad canvas").all()),
                      key=lambda b: b["width"] * b["height"])
            rng = np.random.default_rng(0)
            closed = strokes(page, box, rng, args.strokes, "#bars")
            page.locator("#inside").get_by_text("Look inside").first.click()  # open the panel
            page.wait_for_timeout(500)
            box = max((c.bounding_box() for c in page.locator("#pad canvas").all()),
                      key=lambda b: b["width"] * b["height"])
            opened = strokes(page, box, rng, args.strokes, "#inside-panel")
            browser.close()
    finally:
        stop(proc)
    report("updated bars, Look inside closed", closed)
    report("updated Look inside panel (CNN), open", opened)


if __name__ == "__main__":
    main()
