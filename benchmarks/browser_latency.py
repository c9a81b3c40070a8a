"""What a person at the pad sees, in a real browser: the answer while the pen moves, and after
it lifts.

    python benchmarks/browser_latency.py [--digits 20] [--panel]

Starts the app and opens it in headless Chromium (no GPU; app and browser on the same cores).
Held-out pen digits (writers 21-30 of the real drawings, mnist_demo.handwriting) are drawn on the
Draw pad with the mouse, the digit 40-70% of the pad high, through every point of its trajectory
(at most MOVES a stroke), as fast as the browser takes them: without a GPU the Sketchpad renders
each pointer move in software, about 10-20 moves a second, slower than a person's hand sends them
(a pen's 100 points a second). The page's own clock stamps every pointer event and every change of
the verdict and the bars. For each digit:

  updates/s   changes of the verdict or bars a second while the pen was down
  verdict     pen-up (the digit's last stroke) to the verdict that stays, within 3 s: 0 where
              the answers while the pen moved had already said it
  final       pen-up to the last change of the verdict or the bars: all of the answer that stays

--panel: the same with the Look inside panel open (its layers redrawn after each answer).
--number: four held-out digits of one writer written side by side on the Number tab's wide pad,
each a quarter of its width; the verdict is the number read (its cards update at pen-up only).
"""
import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.server import start_app, stop  # noqa: E402
from mnist_demo.handwriting import by_writer, load, one_writer, split  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MOVES = 24  # pointer moves a stroke at the most
SETTLE = 3.0  # s after pen-up in which a change still counts

# In the page: the time of each pointer down and up (the event's own timeStamp), and of each
# change of what the verdict says or the bars show (not of Gradio's status tracker around them),
# with the verdict.
WATCH = r"""([said, shown]) => {
  window.marks = [];
  if (window.watching) return;
  window.watching = true;
  const verdict = () => document.querySelector(`${said} [data-testid=markdown]`)?.innerText ?? '';
  const bars = () => document.querySelector(shown)?.outerHTML ?? '';
  let was = verdict() + bars();
  const mark = (what, at = performance.now()) => window.marks.push([what, at, verdict()]);
  // a pointer event at the time the browser took it in (before the page's handlers ran)
  for (const e of ['pointerdown', 'pointerup'])
    document.addEventListener(e, (event) => mark(e, event.timeStamp), true);
  // watched from the component's own element (the first selector), which Gradio keeps when it
  // replaces what is inside it
  for (const id of [said, shown])
    new MutationObserver(() => {
      const now = verdict() + bars();
      if (now !== was) mark(id === said ? '#verdict' : '#bars');
      was = now;
    }).observe(document.querySelector(id.split(' ')[0]),
               {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def trajectories(record: dict, box: dict, rng) -> list[np.ndarray]:
    """A pen digit's strokes as page coordinates on the pad's canvas `box`: 40-70% of the pad
    high, at a random place in its middle; y turned to grow downwards."""
    pts = [np.asarray(s, float) for s in record["strokes"] if len(s)]
    allp = np.concatenate(pts)
    lo, hi = allp.min(0), allp.max(0)
    side = min(box["width"], box["height"])
    scale = rng.uniform(0.4, 0.7) * side / max(hi - lo)
    size = (hi - lo) * scale
    left = box["x"] + (box["width"] - size[0]) * rng.uniform(0.35, 0.65)
    top = box["y"] + (box["height"] - size[1]) * rng.uniform(0.35, 0.65)
    return [np.column_stack([left + (q[:, 0] - lo[0]) * scale, top + (hi[1] - q[:, 1]) * scale])
            for q in pts]


def write(page, strokes: list[np.ndarray]) -> None:
    """Mouse strokes through the pen's points (at most MOVES a stroke, evenly chosen)."""
    for s in strokes:
        page.mouse.move(*s[0])
        page.mouse.down()
        for i in np.linspace(1, len(s) - 1, min(MOVES, len(s) - 1)).round().astype(int):
            page.mouse.move(*s[i])
        page.mouse.up()
        page.wait_for_timeout(150)  # between strokes, as a hand moves to the next


def measure(marks: list) -> dict | None:
    """One digit's figures from the page's marks (see WATCH); None if it was never answered."""
    downs = [t for what, t, _ in marks if what == "pointerdown"]
    ups = [(t, v) for what, t, v in marks if what == "pointerup"]
    changes = [(t, v) for what, t, v in marks if what in ("#verdict", "#bars")]
    if not ups or not changes:
        return None
    up, verdict = ups[-1]
    during = sum(1 for t, _ in changes if any(d <= t <= u for d, (u, _) in zip(downs, ups)))
    down_time = sum(u - d for d, (u, _) in zip(downs, ups)) / 1000
    after = [(t, v) for t, v in changes if up < t <= up + SETTLE * 1000]
    last = after[-1][1] if after else verdict
    moved = [t for (t, v), (_, before) in zip(after, [(up, verdict)] + after) if v != before]
    return {"updates/s": during / down_time, "down": down_time,
            "verdict": moved[-1] - up if moved else 0.0,
            "final": after[-1][0] - up if after else 0.0, "said": last}


def run(url: str, records: list[list[dict]], panel: bool, seed: int = 0,
        number: bool = False) -> list[dict]:
    """Each item of `records` drawn (a digit, or with `number` the digits of a number side by
    side on the wide pad) and measured."""
    from playwright.sync_api import sync_playwright

    rng = np.random.default_rng(seed)
    # the cards themselves, not Gradio's status tracker beside them (hidden, yet its timer ticks)
    pad, watched = ("#number-pad", ["#number-verdict", "#number-cards .number"]) if number else \
        ("#pad", ["#verdict", "#bars .bars"])
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url)
        page.wait_for_selector("#pad canvas")
        page.wait_for_timeout(1000)
        if number:
            page.get_by_role("tab", name="Number").click()
            page.wait_for_timeout(1000)
        if panel:
            page.locator("#inside").get_by_text("Look inside").first.click()
            page.wait_for_timeout(500)
        frame = page.locator(pad).bounding_box()  # the paper fills it beside the tools (48 px)
        paper = {"x": frame["x"] + 48, "y": frame["y"] + 32, "width": frame["width"] - 48,
                 "height": frame["height"] - 32}
        for group in records:
            page.locator(f"{pad} button[aria-label='Clear canvas']").click()
            page.wait_for_timeout(1500)  # the clearing's own answers land first
            page.evaluate(WATCH, watched)
            part = paper["width"] / len(group)
            for k, record in enumerate(group):
                write(page, trajectories(record, {**paper, "x": paper["x"] + k * part,
                                                  "width": part}, rng))
            page.wait_for_timeout(SETTLE * 1000 + 200)
            if (m := measure(page.evaluate("() => window.marks"))) is not None:
                out.append({**m, "right": "".join(str(r["label"]) for r in group) in m["said"]})
            else:
                print(f"{[r['label'] for r in group]}: never answered", file=sys.stderr)
        browser.close()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--digits", type=int, default=20)
    ap.add_argument("--panel", action="store_true", help="with the Look inside panel open")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--number", action="store_true",
                    help="four-digit numbers on the Number tab (--digits of them)")
    args = ap.parse_args()
    held = split(load("digits"), held_out=True)
    rng = np.random.default_rng(args.seed)
    if args.number:
        writers = by_writer(held)
        groups = [one_writer(writers, 4, rng) for _ in range(args.digits)]
    else:
        groups = [[held[i]] for i in rng.choice(len(held), args.digits, replace=False)]
    proc, url = start_app()
    try:
        got = run(url, groups, args.panel, args.seed, args.number)
    finally:
        stop(proc)
    what = "four-digit numbers on the wide pad" if args.number else "digits"
    print(f"{len(got)} held-out pen {what} at a person's pace, Look inside "
          f"{'open' if args.panel else 'closed'}; read right: {sum(g['right'] for g in got)}:")
    for key, what in (("verdict", "the verdict that stays"), ("final", "all of the answer")):
        ms = np.array([g[key] for g in got])
        print(f"  pen-up to {what}: median {statistics.median(ms):4.0f} ms, "
              f"p90 {np.percentile(ms, 90):4.0f} ms, max {ms.max():4.0f} ms")
    print("  each, pen-up to the verdict that stays (ms):",
          " ".join(f"{g['verdict']:.0f}" for g in sorted(got, key=lambda g: g["verdict"])))
    rate = [g["updates/s"] for g in got]
    print(f"  updates while the pen moves: median {statistics.median(rate):.1f} a second "
          f"(min {min(rate):.1f}); pen down {statistics.median(g['down'] for g in got):.1f} s "
          f"a digit (median)")
    print(f"  verdict already right at pen-up: {sum(g['verdict'] == 0 for g in got)} of {len(got)}")


if __name__ == "__main__":
    main()
