"""A real browser drawing on the app like a person with a mouse: Debian's Chromium via Playwright
(tests/test_browser.py, scripts/pictures.py)."""
import os

from conftest import STROKES

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# The WCAG contrast of each element's text against the colour behind it (the first opaque
# background of it or its ancestors): [selector, text, ratio] for each element that matches.
CONTRASTS = r"""selectors => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const s of selectors)
    for (const el of document.querySelectorAll(s)) {
      if (!el.innerText.trim()) continue;
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(behind(el))];
      out.push([s, el.innerText.trim().slice(0, 20), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
    }
  return out;
}"""
READABLE = 4.5  # WCAG AA for body text


def tab(view):
    """The browser page that shows `view` (a page, or a frame in it): its mouse, its events."""
    return getattr(view, "page", view)


def canvas_box(page, pad: str = "#pad"):
    boxes = [c.bounding_box() for c in page.locator(f"{pad} canvas").all()]
    return max((b for b in boxes if b), key=lambda b: b["width"] * b["height"])


def draw(page, digit: int, pad: str = "#pad", left: float = 0.3, size: float = 0.65):
    """Mouse strokes of `digit`, one press per stroke, as a person draws: `left` of the way
    across the pad's canvas, `size` of its height tall. -> each stroke's corners on the page."""
    b = canvas_box(page, pad)
    left, top, size = b["x"] + b["width"] * left, b["y"] + b["height"] * 0.15, b["height"] * size
    strokes = [[(left + x * size * 0.6, top + y * size) for x, y in stroke] for stroke in STROKES[digit]]
    for pts in strokes:
        tab(page).mouse.move(*pts[0])
        tab(page).mouse.down()
        for pt in pts[1:]:
            tab(page).mouse.move(*pt, steps=12)
        tab(page).mouse.up()
    return strokes


def ink_under(shot, points: list) -> bool:
    """Whether the screenshot at path `shot` shows ink (dark) at each of `points` (x, y in its
    pixels): the pad shows a stroke where the pen went."""
    from PIL import Image

    with Image.open(shot) as im:
        grey = im.convert("L")
        return all(grey.getpixel((round(x), round(y))) < 100 for x, y in points)


def wait_for_top(page, digit: int):
    page.wait_for_function(
        """d => { const el = document.querySelector('#bars .bars');
                  return el && el.dataset.top === String(d); }""", arg=digit, timeout=30_000)
