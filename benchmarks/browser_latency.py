"""Pen-up to answer, in a real browser: what a person at the Sketchpad waits, and where it goes.

    python benchmarks/browser_latency.py [--strokes 20]

Starts the app, opens it in headless Chromium, draws strokes with the mouse and times from each
mouse-up until the probability bars show the new answer (the bars' own HTML, not the status
tracker that Gradio shows around them meanwhile); then the same with the Look inside panel open,
until the panel shows the new stroke's layers. Each closed-panel stroke is broken down from the
page's requests:

  images     pen-up until the page asks for the answer (Gradio's editor renders the pad's images
             from the canvas; the page sends the composite in the request: app.py's PAGE_JS)
  server     the request, our handler and the answer (/gradio_api/run/predict)
  render     until the bars on the page show it

and the requests each stroke made, by route.
"""
import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.server import start_app, stop  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PHASES = ("images", "server", "render")


class Requests:
    """The page's finished requests as (start, end, route), times in seconds of the wall clock
    as the browser timed them, while listening."""

    def __init__(self, page, url: str):
        self.log = []

        def finished(r):
            start = r.timing["startTime"] / 1000
            self.log.append((start, start + r.timing["responseEnd"] / 1000,
                             r.url.removeprefix(url.rstrip("/")).split("?")[0]))
        page.on("requestfinished", finished)

    def phases(self, up: float, shown: float) -> dict | None:
        """A stroke's phases in seconds, from pen-up `up` to answer shown `shown` (wall clock)."""
        answers = [(s, e) for s, e, r in self.log if r.startswith("/gradio_api/run/")]
        if not answers:
            return None
        ask, answer = answers[-1]
        marks = [up, ask, answer, shown]
        return dict(zip(PHASES, np.diff(marks)))


def strokes(page, box, rng, n: int, watch: str, requests: Requests | None = None):
    """For `n` random mouse strokes: seconds from pen-up until `watch`'s HTML has changed, each
    stroke's phases, and its requests by route (the last two only with `requests`)."""
    times, phases, counts = [], [], collections.Counter()
    for i in range(n):
        if i % 5 == 0:  # start a fresh drawing now and then
            page.locator("#pad button[aria-label='Clear canvas']").click()
            page.wait_for_timeout(1500)  # the clearing's own requests end before the stroke
        before = page.locator(watch).inner_html()
        x0, y0, x1, y1 = rng.uniform(0.2, 0.8, 4)
        page.mouse.move(box["x"] + x0 * box["width"], box["y"] + y0 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + x1 * box["width"], box["y"] + y1 * box["height"], steps=10)
        if requests:
            requests.log.clear()
        t = time.time()
        page.mouse.up()
        try:
            page.wait_for_function("([w, b]) => document.querySelector(w).innerHTML !== b",
                                   arg=[watch, before], timeout=10_000, polling=5)
        except PlaywrightTimeout:  # reported as a stroke that got no visible answer
            print(f"stroke {i}: {watch} unchanged 10 s after pen-up", file=sys.stderr)
            continue
        shown = time.time()
        times.append(shown - t)
        if requests:
            page.wait_for_timeout(1500)  # what the page still sends after the answer counts too
            phases.append(requests.phases(t, shown))
            counts.update(r for _, _, r in requests.log)
    return times, [p for p in phases if p], counts


def report(what: str, times: list[float]) -> None:
    ms = np.array(times) * 1000
    print(f"pen-up to {what} over {len(ms)} strokes: median {statistics.median(ms):.0f} ms, "
          f"p90 {np.percentile(ms, 90):.0f} ms, max {ms.max():.0f} ms")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strokes", type=int, default=20)
    args = ap.parse_args()
    proc, url = start_app()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            requests = Requests(page, url)
            page.goto(url)
            page.wait_for_selector("#pad canvas")
            box = max((c.bounding_box() for c in page.locator("#pad canvas").all()),
                      key=lambda b: b["width"] * b["height"])
            rng = np.random.default_rng(0)
            closed, phases, counts = strokes(page, box, rng, args.strokes, "#bars .bars", requests)
            page.locator("#inside").get_by_text("Look inside").first.click()  # open the panel
            page.wait_for_timeout(500)
            box = max((c.bounding_box() for c in page.locator("#pad canvas").all()),
                      key=lambda b: b["width"] * b["height"])
            opened, _, _ = strokes(page, box, rng, args.strokes, "#inside-panel .inside")
            browser.close()
    finally:
        stop(proc)
    report("the answer in the bars, Look inside closed", closed)
    report("updated Look inside panel (CNN), open", opened)
    print(f"where a stroke's time goes, median over {len(phases)} strokes (panel closed):")
    for name in PHASES:
        print(f"  {name:7s} {1000 * statistics.median(p[name] for p in phases):6.0f} ms")
    print("requests per stroke, by route:")
    for route, n in counts.most_common():
        print(f"  {n / args.strokes:5.1f}  {route}")


if __name__ == "__main__":
    main()
