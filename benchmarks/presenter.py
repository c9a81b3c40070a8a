"""The presenter's screen: the app's Room tab open in headless Chromium, its wall refreshing every
3 s (gr.Timer), for as long as a hall draws. `python benchmarks/hall.py --room` runs it beside the
hall, on the same cores as the server, as the presenter's laptop on stage would.

    python benchmarks/presenter.py URL READY OUT.json

Creates the file READY once the Room tab is open and watched, and closes the page when READY is
gone; then writes to OUT.json how many refreshes the page asked for, how many new counts of drawings
its note showed, and for each refresh that brought one, the time from asking to seeing it (ms).
"""
import json
import sys
from pathlib import Path

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

# In the page, stamped: each refresh's join of Gradio's queue, and each new count of drawings
# that the Room tab's note shows.
WATCH = r"""() => {
  window.refreshes = {asked: []};
  const send = window.fetch;
  window.fetch = async function (url, init) {
    const path = String(url?.url ?? url);
    if (path.includes('/queue/join')) window.refreshes.asked.push(performance.now());
    return send.apply(this, arguments);
  };
  window.counts = [];  // each count of drawings the note showed, once, with when it appeared
  new MutationObserver(() => {
    const told = (document.querySelector('#room-note')?.innerText ?? '').match(/([\d,]+) drawings? told/);
    if (told && !window.counts.some(([n]) => n === told[1]))
      window.counts.push([told[1], performance.now()]);
  }).observe(document.querySelector('#room-note'), {subtree: true, childList: true,
                                                    characterData: true});
}"""


def main(url: str, ready: str, out: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.wait_for_selector("#pad canvas")
        page.get_by_role("tab", name="Room").click()
        page.wait_for_selector("#room-wall")
        page.evaluate(WATCH)
        Path(ready).touch()
        while Path(ready).exists():
            page.wait_for_timeout(500)
        r = page.evaluate("() => ({asked: window.refreshes.asked, counts: window.counts})")
        browser.close()
    # each refresh that brought a new count: from its join to the count on the page
    waits = []
    for t, after in zip(r["asked"], r["asked"][1:] + [float("inf")]):
        new = [c for _, c in r["counts"] if t < c < after]
        if new:
            waits.append(new[0] - t)
    json.dump({"asked": len(r["asked"]), "waits_ms": waits, "changes": len(r["counts"])},
              open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:4])
