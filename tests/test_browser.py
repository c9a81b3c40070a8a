"""A real browser (Debian's Chromium via Playwright) draws on the page like a person with a mouse."""
import base64
import io
import json
import re
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from PIL import Image

from browsing import (CHROMIUM, CONTRASTS, FLAGS, READABLE, canvas_box, draw, ink_under, tab,
                      wait_for_top)
from conftest import STROKES
from hosts import framing_page, proxy

SHOTS = Path(__file__).parent.parent / "artifacts"

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (scripts/test.sh does)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


# How the page is met: at its plain address, and as a Hugging Face Space shows it (inside a
# page of another origin, with ?__theme=system). Gradio's client carries the page's query string
# into its own requests; the tests that draw run under both.
SPACE = "?__theme=system"


@contextmanager
def opened(browser, url: str, form: str = "plain", wait: str = "#pad canvas", init: str = "",
           **options):
    """A new browser page showing the app at `url` under `form` ("plain", "space": framed by
    another origin at ?__theme=system, or a query string to add), with the script `init` run
    before any of the page's own; yields (page, view): `view`, the page or the app's frame, is
    where to look for the app's elements."""
    page = browser.new_page(**{"viewport": {"width": 1280, "height": 1000}, **options})
    if init:
        page.add_init_script(init)
    try:
        if form == "space":
            size = page.viewport_size
            with framing_page(url + SPACE, size["width"], size["height"]) as host:
                page.goto(host)
                view = page.locator("iframe").element_handle().content_frame()
                view.wait_for_selector(wait, timeout=30_000)
                yield page, view
        else:
            page.goto(url + ("" if form == "plain" else form))
            page.wait_for_selector(wait, timeout=30_000)
            yield page, page
    finally:
        page.close()


@pytest.fixture(scope="module", params=["plain", "space"])
def browser_page(browser, app_url, request):
    with opened(browser, app_url, request.param) as (page, view):
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        yield view, requests


def is_route(url: str, route: str) -> bool:
    """Whether a request went to the app's `route` ("/gradio_api/run/predict"), whatever its
    query string."""
    return urlparse(url).path.endswith(route)


def clear(page):
    page.locator("#pad button[aria-label='Clear canvas'], #pad button[title='Clear canvas']").first.click()
    page.wait_for_function("() => (document.querySelector('#verdict')?.innerText ?? '').toLowerCase()"
                           ".includes('draw a digit')", timeout=30_000)


def wait_for_text(page, text: str, where: str = "#verdict"):
    """Wait until the element `where` (the Draw tab's verdict unless named) shows `text`: read
    as the page changes, the element missing meanwhile (a panel not yet mounted)."""
    page.wait_for_function("([w, t]) => (document.querySelector(w)?.innerText ?? '').includes(t)",
                           arg=[where, text], timeout=30_000)


def switch_model(page, name: str):
    """Choose the model `name` and wait until the Draw tab's verdict comes from it."""
    page.locator("#model").get_by_text(name).click()
    wait_for_text(page, name)


def test_draw_without_picking_a_tool_and_switch_models(browser_page):
    page, requests = browser_page
    assert "select the draw tool" not in page.locator("#pad").inner_text().lower()
    draw(page, 7)
    wait_for_text(page, "It's a 7")

    switch_model(page, "MLP")  # re-predicts the same drawing
    wait_for_top(page, 7)

    clear(page)
    draw(page, 4)  # drawing works again at once after clearing; two strokes make one digit
    wait_for_top(page, 4)
    switch_model(page, "CNN")
    wait_for_top(page, 4)
    four = page.locator("#bars").inner_html()
    page.locator("#pad button[aria-label='Undo']").click()  # one stroke of the 4 is left
    page.wait_for_function("v => document.querySelector('#bars').innerHTML !== v", arg=four,
                           timeout=30_000)
    page.locator("#pad button[aria-label='Redo']").click()
    # the one stroke's answer may also be a 4 (as a doodle): the redone 4's is the one before Undo
    page.wait_for_function("v => document.querySelector('#bars').innerHTML === v", arg=four,
                           timeout=30_000)
    wait_for_text(page, "It's a 4, says the CNN")
    if tab(page) is page:  # a framed page's full-page screenshot leaves the frame out
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "browser.png"), full_page=True)


COPY = ("predict_live",)  # the event reading the page's copy of the Draw pad


@contextmanager
def sent(view):
    """Records the app's event requests the page sends meanwhile: a list of (event's api_name,
    its inputs)."""
    names = {d["id"]: d["api_name"] for d in view.evaluate("() => window.gradio_config.dependencies")}
    out = []

    def keep(r):
        if is_route(r.url, "/run/predict"):
            body = json.loads(r.post_data)
            out.append((names.get(body["fn_index"]), body["data"]))

    tab(view).on("request", keep)
    try:
        yield out
    finally:
        tab(view).remove_listener("request", keep)


def png_of(text: str) -> Image.Image:
    """A drawing as the page sends it: a PNG in base64."""
    return Image.open(io.BytesIO(base64.b64decode(text, validate=True)))


def test_a_stroke_sends_its_drawing_in_its_requests(browser_page):
    """A stroke costs the server only requests that carry drawings: live ones from the page's
    own copy of the pad as the pen moves and lifts, and one from the Sketchpad's composite. The
    pad's images never go up as files (about 21 uploads a stroke otherwise), nor to the store
    of the pad's own change event, which nothing reads; every drawing goes grey and halved."""
    page, requests = browser_page
    clear(page)
    settle(page, requests)  # the clearing's own requests end first
    requests.clear()
    with sent(page) as events:
        draw(page, 1)
        wait_for_top(page, 1)  # the live answer: the composite's request follows
        until(page, lambda: "predict_drawing" in {name for name, _ in events})
        settle(page, events)  # and any request after the answer
    assert not [u for u in requests if "/upload" in urlparse(u).path], requests  # no file goes up
    names = {name for name, _ in events}  # live ones as the pen moves, if it moved long enough
    assert names == {"predict_drawing", *COPY}, events
    strokes = [data for name, data in events if name == "predict_drawing"]
    live = [data for name, data in events if name in COPY]
    assert live and all(pad is None for pad, *_ in strokes)
    for drawing in [s[1] for s in strokes] + [x[0] for x in live]:
        with png_of(drawing) as png:  # the 400x400 canvas: grey and halved (next test)
            assert (png.format, png.mode, png.size) == ("PNG", "L", (200, 200))
    for drawing in (strokes[-1][1], live[-1][0]):
        assert np.asarray(png_of(drawing)).min() < 128  # the stroke is on the last of each


def until(view, condition, seconds: float = 30):
    """Wait, in the browser's own time, until condition() holds."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        view.wait_for_timeout(100)
    raise AssertionError(f"not within {seconds} s: {condition}")


def settle(view, events: list, quiet: int = 1500):
    """Wait until the page has sent no event request for `quiet` ms."""
    while True:
        n = len(events)
        view.wait_for_timeout(quiet)
        if len(events) == n:
            return


def shown(view, pad: str = "#pad") -> tuple:
    """What the page shows for a pad: its verdict, and its bars' percentages (or the number)."""
    if pad == "#pad":
        return (view.locator("#verdict [data-testid=markdown]").inner_text().strip(),
                view.locator("#bars .pct").all_inner_texts())
    return (view.locator("#number-verdict [data-testid=markdown]").inner_text().strip(),
            view.locator("#number-cards figcaption").all_inner_texts())


def composites_answer(events: list, model: str, pad: str = "#pad") -> tuple:
    """What the page must show after a pause: mnist_demo.read (read_digits) of the last drawing
    that the Sketchpad itself extracted (its composite, as the stroke event sent it)."""
    from mnist_demo import EmptyImageError, display, read
    from mnist_demo.answer import read_digits

    event = "predict_drawing" if pad == "#pad" else "read_number_drawing"
    drawn = [data[1] for name, data in events if name == event][-1]
    image = base64.b64decode(drawn)
    try:
        if pad == "#pad":
            a = read(image, model.lower())
            return (display.plain(display.verdict(a.p, model, not a.doodle, a.thick, a.polygon)),
                    [display.percent(float(v)) for v in a.p])
        digits = read_digits(image, model.lower())
        return (display.plain(display.number_verdict(digits, model)),
                [f"{int(d.p.argmax())} {'not a digit?' if d.doodle else display.percent(float(d.p.max()))}"
                 for d in digits])
    except EmptyImageError as e:  # a blank pad: its idle words, whatever emptied it
        kind = "draw a digit" if pad == "#pad" else "write a number"
        blank = e.reason in ("Nothing drawn yet", "No ink found")
        return (f"✏️ {kind.capitalize()}" if blank else f"✏️ {e.reason}: {kind}.",
                [display.percent(0.0)] * 10 if pad == "#pad" else [])


def stroke(view, points, pad: str = "#pad", steps: int = 6, pause: int = 0, mid=None):
    """One mouse stroke through `points` (fractions of the pad's canvas); `mid()` is called
    halfway, the button still down."""
    b = canvas_box(view, pad)
    at = [(b["x"] + x * b["width"], b["y"] + y * b["height"]) for x, y in points]
    mouse = tab(view).mouse
    mouse.move(*at[0])
    mouse.down()
    for k, pt in enumerate(at[1:], 1):
        mouse.move(*pt, steps=steps)
        if pause:
            view.wait_for_timeout(pause)
        if mid and k == len(at) // 2:
            mid()
    mouse.up()


def random_strokes(rng, n: int) -> list:
    """`n` strokes of 2-5 points in the middle of a pad, as fractions of its canvas."""
    return [[tuple(rng.uniform([0.3, 0.2], [0.7, 0.8])) for _ in range(rng.integers(2, 6))]
            for _ in range(n)]


def button(view, pad: str, label: str):
    view.locator(f"{pad} button[aria-label='{label}']").first.click()


# Each a person's way with the Draw pad; after it, and a pause, the page shows the answer to the
# Sketchpad's own composite, whatever the page's own copy of the drawing said meanwhile.
ACTIONS = {
    "random strokes": lambda view, rng: [stroke(view, s) for s in random_strokes(rng, 3)],
    "undo and redo": lambda view, rng: ([stroke(view, s) for s in random_strokes(rng, 3)],
                                        button(view, "#pad", "Undo"), button(view, "#pad", "Undo"),
                                        button(view, "#pad", "Redo")),
    "clear and draw": lambda view, rng: (stroke(view, random_strokes(rng, 1)[0]),
                                         button(view, "#pad", "Clear canvas"),
                                         draw(view, 7)),
    "eraser": lambda view, rng: (draw(view, 8), button(view, "#pad", "Erase"),
                                 stroke(view, [(0.35, 0.5), (0.7, 0.5)]),
                                 button(view, "#pad", "Brush"), stroke(view, [(0.5, 0.2), (0.5, 0.3)])),
    "zoom": lambda view, rng: (button(view, "#pad", "Zoom in"), draw(view, 7)),
    "brush size": lambda view, rng: (button(view, "#pad", "Brush Size"),
                                     view.locator("#pad input[type=range]").first.fill("30"),
                                     tab(view).keyboard.press("Escape"), draw(view, 7)),
    "two pads": lambda view, rng: (draw(view, 7), view.get_by_role("tab", name="Number").click(),
                                   view.wait_for_timeout(1000), draw(view, 1, "#number-pad"),
                                   view.get_by_role("tab", name="Draw").click(),
                                   view.wait_for_timeout(1000),
                                   stroke(view, random_strokes(rng, 1)[0])),
    "model switch mid-stroke": lambda view, rng: stroke(
        view, [(0.35, 0.2), (0.65, 0.2), (0.45, 0.8)], pause=300,
        mid=lambda: view.evaluate("() => [...document.querySelectorAll('#model input')]"
                                  ".find((i) => i.value === 'MLP').click()")),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_the_last_answer_is_the_sketchpads(browser, app_url, action):
    """Random strokes and every pad action: after a pause, the verdict and the bars are those
    of mnist_demo.read of the composite the Sketchpad extracted, never an answer the page's
    own copy of the drawing gave before; and live answers came while the pen moved or lifted
    wherever the page's copy could follow the pad."""
    rng = np.random.default_rng(sorted(ACTIONS).index(action))
    with opened(browser, app_url) as (_, view), sent(view) as events:
        ACTIONS[action](view, rng)
        settle(view, events, quiet=3000)  # the composite comes last
        model = "MLP" if "model" in action else "CNN"
        assert shown(view) == composites_answer(events, model), action
        live = [name for name, _ in events if name in COPY]
        # a zoomed view or another brush: the page's copy cannot follow, and does not answer
        assert not live if action in ("zoom", "brush size") else live


# Run before the page's scripts: every live answer reaches the page 2.5 s late, as over a slow
# network (window.fetch is wrapped beneath the page script's own).
SLOW_LIVE = r"""(() => {
  const send = window.fetch;
  window.fetch = async function (url, init) {
    const response = await send.apply(this, arguments);
    const fns = window.gradio_config?.dependencies?.filter((d) => d.api_name === 'predict_live')
      .map((d) => `"fn_index":${d.id},`) ?? [];
    if (typeof init?.body === 'string' && fns.some((fn) => init.body.includes(fn)))
      await new Promise((r) => setTimeout(r, 2500));
    return response;
  };
})();"""


def test_a_late_live_answer_never_lands_over_the_sketchpads(browser, app_url):
    """A live answer that arrives after the Sketchpad's own answer to the same drawing, here
    after a model change, is not shown: the page stays with the later answer."""
    with opened(browser, app_url, init=SLOW_LIVE) as (_, view), sent(view) as events:
        view.evaluate("""() => { window.verdicts = [];
          new MutationObserver(() => window.verdicts.push(document.querySelector(
            '#verdict [data-testid=markdown]').innerText)).observe(document.querySelector('#verdict'),
            {subtree: true, childList: true, characterData: true}); }""")
        draw(view, 7)
        switch_model(view, "MLP")
        view.wait_for_timeout(3000)  # the CNN's live answers land meanwhile
        settle(view, events, quiet=3000)  # the composite comes last
        verdicts = view.evaluate("() => window.verdicts")
        after = verdicts[next(i for i, v in enumerate(verdicts) if "MLP" in v):]
        assert not [v for v in after if "CNN" in v], verdicts  # never back to the old model
        assert shown(view) == composites_answer(events, "MLP")


def test_the_page_copy_draws_what_the_sketchpad_draws(browser, app_url):
    """The page's own copy of a drawing, sent as the pen lifts, is the Sketchpad's composite
    (the copy stamps the brush's discs as the editor does, on the rasterizer's subpixel grid),
    on a laptop and on a phone's zoomed-out pad, and reads as the same digit with the same
    probabilities."""
    from mnist_demo import read

    for viewport in ({"width": 1280, "height": 1000}, {"width": 390, "height": 844}):
        with opened(browser, app_url, viewport=viewport) as (_, view), sent(view) as events:
            view.evaluate("window.scrollTo(0, 0)")
            for digit in (7, 3):
                draw(view, digit)
                settle(view, events, quiet=3000)  # the composite comes last
                copy = [data[0] for name, data in events if name in COPY][-1]
                composite = [data[1] for name, data in events if name == "predict_drawing"][-1]
                a, b = (np.asarray(png_of(x), dtype=int) for x in (copy, composite))
                differ = (np.abs(a - b) > 32).mean()
                assert differ < 0.0005, (viewport, digit, differ)  # none in Chromium
                mine, its = (read(base64.b64decode(x)).p for x in (copy, composite))
                assert mine.argmax() == digit and np.abs(mine - its).max() < 0.002, (mine, its)
                clear(view)


# In the page: images as the editor makes a pad's composite (a canvas's PNG), each uploaded as
# composite.png and then sent in a stroke's request, as the editor and the page script do.
SEND_COMPOSITES = r"""async (images) => {
  const fn = window.gradio_config.dependencies.find((d) => d.api_name === 'predict_drawing').id;
  const sent = [];
  for (const [w, h, alpha] of images) {
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext('2d');
    const noise = context.createImageData(w, h);  // every value of every channel, at random
    for (let i = 0; i < noise.data.length; i++)
      noise.data[i] = i % 4 === 3 ? alpha : Math.floor(Math.random() * 256);
    context.putImageData(noise, 0, 0);
    const blob = await canvas.convertToBlob({type: 'image/png'});
    const form = new FormData();
    form.append('files', new File([blob], 'composite.png', {type: 'image/png'}));
    const [key] = await (await fetch('/gradio_api/upload', {method: 'POST', body: form})).json();
    const pad = {background: null, layers: [], composite: {path: key, meta: {_type: 'gradio.FileData'}}};
    const body = JSON.stringify({data: [pad, '', 'CNN', false, 'runner-up'], fn_index: fn,
                                 trigger_id: null, session_hash: 'page-grey-test', event_data: null});
    await fetch('/gradio_api/run/predict', {method: 'POST', body, headers: {'Content-Type': 'application/json'}});
    const bytes = new Uint8Array(await blob.arrayBuffer());
    sent.push(btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')));
  }
  return sent;
}"""


# In the page: a stroke's request naming a drawing that the page script does not hold (as after
# a lost upload), sent through the page's own fetch; returns the verdict the server gave.
LOST_DRAWING = r"""async () => {
  const fn = window.gradio_config.dependencies.find((d) => d.api_name === 'predict_drawing').id;
  const pad = {background: null, layers: [], composite: {path: 'pad-drawing-0-0', meta: {_type: 'gradio.FileData'}}};
  const body = JSON.stringify({data: [pad, '', 'CNN', false, 'runner-up'], fn_index: fn,
                               trigger_id: null, session_hash: 'page-lost-test', event_data: null});
  const r = await fetch('gradio_api/run/predict' + location.search,
                        {method: 'POST', body, headers: {'Content-Type': 'application/json'}});
  return (await r.json()).data[0];
}"""


def test_a_drawing_the_page_lost_is_said_so(browser_page):
    """Where the page cannot send a pad's drawing, the person is told to reload, never that
    nothing is drawn; the page's own names for a pad's images never reach the server."""
    page, _ = browser_page
    with tab(page).expect_response(lambda r: is_route(r.url, "/run/predict")
                                   and "page-lost-test" in (r.request.post_data or "")) as answer:
        page.evaluate(LOST_DRAWING)  # what the page then shows is its newest drawing's answer
    body = json.loads(answer.value.request.post_data)["data"]
    assert body[:2] == [None, "unread"]  # the page's own name for the drawing never went up
    assert json.loads(answer.value.text())["data"][0] == "⚠️ Could not read the pad: reload the page."


def test_the_page_sends_the_pixels_the_server_would_read(browser_page):
    """The page script makes a pad's drawing grey, and halves it where the server would, before
    sending it (the server decodes a PNG a quarter the size): with Pillow's own arithmetic, so
    the server reads the same pixels, bit for bit, as from the editor's colour composite. Random
    noise puts every channel value through it. A transparent image, which the server flattens
    over its own background, is sent as it is."""
    from mnist_demo.preprocess import _grey

    page, _ = browser_page
    bodies = []
    keep = lambda r: bodies.append(r.post_data) if is_route(r.url, "/run/predict") else None  # noqa: E731
    tab(page).on("request", keep)
    images = [(400, 400, 255), (900, 300, 255), (320, 240, 255), (402, 401, 255), (400, 400, 200)]
    try:
        made = page.evaluate(SEND_COMPOSITES, images)
    finally:
        tab(page).remove_listener("request", keep)
    sent = [json.loads(b)["data"][1] for b in bodies if '"page-grey-test"' in b]
    assert len(sent) == len(made) == len(images)
    shapes = []
    for original, text in zip(made, sent):
        composite, drawn = base64.b64decode(original), base64.b64decode(text, validate=True)
        with Image.open(io.BytesIO(drawn)) as png:
            shapes.append((png.mode, png.size))
        if shapes[-1][0] == "L":
            assert np.array_equal(_grey(drawn)[0], _grey(composite)[0])
        else:
            assert drawn == composite
    assert shapes == [("L", (200, 200)), ("L", (900, 300)), ("L", (320, 240)),
                      ("L", (402, 401)), ("RGBA", (400, 400))]


# Run before the page's scripts: every answer to an event outside the queue reaches the page
# 2.5 s late, as over a slow network (window.fetch is wrapped beneath the page script's own);
# window.answers logs, for the Draw tab's stroke event, each request going out and its answer
# arriving, with the model it asked.
SLOW_ANSWERS = r"""(() => {
  const send = window.fetch;
  window.answers = [];
  window.fetch = async function (url, init) {
    if (!new URL(String(url), location.href).pathname.endsWith('/gradio_api/run/predict'))
      return send.apply(this, arguments);
    const fn = window.gradio_config?.dependencies?.find((d) => d.api_name === 'predict_drawing')?.id;
    const body = JSON.parse(init.body);
    const log = (what) => body.fn_index === fn && window.answers.push(`${what} ${body.data[2]}`);
    log('asked');
    const response = await send.apply(this, arguments);
    await new Promise((r) => setTimeout(r, 2500));
    log('answered');
    return response;
  };
})();"""


def test_the_composite_waits_for_the_pen_to_rest(browser_page):
    """The Sketchpad's composite is read once the pen rests, not between the strokes of one
    digit: its images' extraction holds the page's main thread for hundreds of ms without a GPU,
    and begun between two strokes it held back the answer to the next. A 4 in two strokes with
    a short pause between them, after the first stroke's answer is shown, costs one composite
    request, sent after the second stroke, and its answer is the 4's."""
    page, _ = browser_page
    clear(page)
    with sent(page) as cleared:  # the Clear's own requests, the composite's after a rest, first
        settle(page, cleared)
    b = canvas_box(page)
    left, top, size = b["x"] + b["width"] * 0.3, b["y"] + b["height"] * 0.15, b["height"] * 0.65
    mouse = tab(page).mouse
    with sent(page) as events:
        for k, stroke in enumerate(STROKES[4]):
            pts = [(left + x * size * 0.6, top + y * size) for x, y in stroke]
            mouse.move(*pts[0])
            mouse.down()
            for pt in pts[1:]:
                mouse.move(*pt, steps=12)
            if k == 0:
                bars = page.locator("#bars").inner_html()
                mouse.up()
                page.wait_for_function("v => document.querySelector('#bars').innerHTML !== v",
                                       arg=bars, timeout=30_000)  # the first stroke's answer
                page.wait_for_timeout(250)  # a pause, shorter than the rest the pad waits for
            else:
                mouse.up()
        wait_for_top(page, 4)
        until(page, lambda: "predict_drawing" in {name for name, _ in events})
        settle(page, events)
    strokes = [name for name, _ in events if name == "predict_drawing"]
    assert len(strokes) == 1, [name for name, _ in events]
    assert [name for name, _ in events][-1] == "predict_drawing"  # after the 4's last copy answer
    wait_for_text(page, "It's a 4")


@pytest.mark.parametrize("form", ["plain", "space"])
def test_a_late_answer_never_lands_after_a_model_change(browser, app_url, form):
    """On a slow network or a busy server, the answer to a stroke drawn just before a model
    change can still be on its way when the change is made: the new model's answer is the one
    that stays on the page, not the old model's arriving after it (nor a live answer of the old
    model's). The model change's request goes out only once the stroke's answer is in, even
    when the model changes while the editor still renders the stroke's images: two requests on
    their way at once could be answered in either order."""
    with opened(browser, app_url, form, init=SLOW_ANSWERS) as (_, page):
        draw(page, 1)  # read by the CNN, chosen when the page opened
        until(page, lambda: page.evaluate("() => window.answers.length"))  # its composite's
        page.wait_for_timeout(300)  # answer is on its way
        switch_model(page, "MLP")
        page.wait_for_timeout(4000)  # longer than any answer still on its way takes to land
        assert "It's a 1, says the MLP" in page.locator("#verdict").inner_text()
        answers = page.evaluate("() => window.answers")
    assert answers == ["asked CNN", "answered CNN", "asked MLP", "answered MLP"], answers


# Every address a person may open the app at: Gradio's theme switch, a shared link's tracking
# parameters, a Space's page (another origin framing it at ?__theme=system), and a reverse proxy
# serving it under a sub-path (Gradio's root_path).
FORMS = ["plain", "?__theme=system", "?__theme=dark", "?__theme=light", "?utm_source=talk",
         "space", "proxied"]


@contextmanager
def proxied_app():
    """A second server of the app, told it is served under /mnist, behind a proxy that does so."""
    from benchmarks.server import start_app, stop

    proc, url = start_app({"GRADIO_ROOT_PATH": "/mnist"})
    try:
        with proxy(url, "/mnist") as outside:
            yield proc, outside
    finally:
        stop(proc)


@pytest.mark.parametrize("form", FORMS)
def test_every_address_reads_what_is_drawn(browser, app, form):
    """A 7 and then a 1 drawn on the Draw pad, and a number on the Number pad, are read at every
    address the app is opened at, and the server prints no traceback meanwhile."""
    from benchmarks.server import server_log

    with proxied_app() if form == "proxied" else nullcontext(app) as (proc, url):
        start = len(server_log(proc))
        with opened(browser, url, "plain" if form == "proxied" else form) as (_, view):
            for digit in (7, 1):
                draw(view, digit)
                wait_for_top(view, digit)
                wait_for_text(view, f"It's a {digit}")
                clear(view)
            view.get_by_role("tab", name="Number").click()
            view.wait_for_selector("#number-pad canvas", timeout=30_000)
            view.wait_for_timeout(500)  # the brush is picked for the pad as it appears
            for k, digit in enumerate((1, 7)):
                draw(view, digit, "#number-pad", left=0.3 + k * 0.2, size=0.55)
            view.wait_for_function("() => document.querySelector('#number-cards .read')"
                                   "?.dataset.number === '17'", timeout=30_000)
        printed = server_log(proc)[start:]
    assert "Traceback" not in printed and "Error" not in printed, printed


@pytest.mark.parametrize("form", ["?__theme=dark", "prefers dark"])
def test_the_dark_theme_is_readable(browser, app_url, form):
    """In Gradio's dark theme, asked for in the address or by the browser: the answer, the bars,
    the 28x28, Look inside and the Model tab's confusion matrix keep their text readable (WCAG
    contrast of at least 4.5), and the pad stays white with black ink."""
    dark = form == "prefers dark"
    with opened(browser, app_url, "plain" if dark else form,
                viewport={"width": 1280, "height": 720}, color_scheme="dark" if dark else None) \
            as (page, _):
        assert page.evaluate("() => document.body.classList.contains('dark')")
        draw(page, 7)
        wait_for_top(page, 7)
        page.locator("#inside").get_by_text("Look inside").first.click()
        wait_for_text(page, "Why a 7?", "#inside-panel")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "dark.png"))
        seen = ["#verdict", "#bars .digit", "#bars .pct", "#seen figcaption", "#inside-panel figcaption"]
        contrasts = page.evaluate(CONTRASTS, seen)
        page.get_by_role("tab", name="Model").click()
        page.locator("table.confusion td").first.wait_for(timeout=30_000)
        contrasts += page.evaluate(CONTRASTS, ["table.confusion td", "table.confusion th"])
        assert {c[0] for c in contrasts} == set(seen) | {"table.confusion td", "table.confusion th"}
        low = [c for c in contrasts if c[2] < READABLE]
        assert not low, low
        page.get_by_role("tab", name="Draw").click()
        b = canvas_box(page)
        shot = np.asarray(Image.open(io.BytesIO(page.screenshot(clip=b))).convert("L"))
        h, w = shot.shape
        centre = shot[int(h * 0.3):int(h * 0.7), int(w * 0.3):int(w * 0.7)]
        assert np.median(centre) > 240 and shot.min() < 30  # white paper, black ink


def choose(page, menu: str, option: str):
    """Pick an option of a dropdown and wait for its list to close, so that the next dropdown's
    list is the only one on the page."""
    page.locator(f"{menu} input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.get_by_role("option").first.wait_for(state="detached", timeout=10_000)


def test_mistakes_gallery_filters_and_inspects(browser_page):
    page, _ = browser_page
    page.get_by_role("tab", name="Mistakes").click()
    thumbs = page.locator("#gallery .thumbnail-item")
    thumbs.first.wait_for(timeout=30_000)
    captions = page.locator("#gallery .caption-label").all_inner_texts()
    assert captions and all(re.fullmatch(r"true \d → \d \(\d+%\)", c) for c in captions)
    thumbs.nth(0).click()
    page.wait_for_function("() => /MNIST test digit #\\d+/.test(document.body.innerText)",
                           timeout=30_000)
    box, first = thumbs.nth(0).bounding_box(), page.locator("#gallery").bounding_box()
    assert box["y"] >= first["y"]  # no gallery label over the first row

    page.locator("#model").get_by_text("MLP").click()  # another model: the inspect panel empties
    page.wait_for_function("() => /of the MLP's \\d+ mistakes/.test(document.body.innerText)",
                           timeout=30_000)
    page.wait_for_function("() => !/MNIST test digit #/.test(document.body.innerText)",
                           timeout=30_000)
    assert "nothing yet" in page.locator("#inspect-seen").inner_text()
    thumbs.nth(1).click()
    page.wait_for_function("() => /the MLP says/.test(document.body.innerText)", timeout=30_000)
    choose(page, "#true-digit", "1")  # a filter: empties it too
    choose(page, "#pred-digit", "0")  # no MNIST 1 is read as a 0
    page.wait_for_function("() => /None of the MLP's/.test(document.body.innerText)", timeout=30_000)
    assert "Click one" not in page.locator("body").inner_text()
    assert "MNIST test digit #" not in page.locator("body").inner_text()
    choose(page, "#pred-digit", "7")  # a few pictures: the gallery is only as tall as they are
    page.wait_for_function("() => /^\\d of the MLP's/.test(document.body.innerText.split('\\n')"
                           ".find(l => /of the MLP's/.test(l)) || '')", timeout=30_000)
    assert page.locator("#gallery").bounding_box()["height"] < 300
    for menu in ("#true-digit", "#pred-digit"):
        choose(page, menu, "any")
    page.locator("#model").get_by_text("CNN").click()
    page.wait_for_function("() => /of the CNN's \\d+ mistakes/.test(document.body.innerText)",
                           timeout=30_000)
    assert captions_fit(page)
    page.get_by_role("tab", name="Draw").click()


def captions_fit(page) -> bool:
    """Whether every caption of the Mistakes gallery shows whole (none cut at its tile's edge)."""
    return page.evaluate("""() => [...document.querySelectorAll('#gallery .caption-label')]
        .every(c => c.scrollWidth <= c.clientWidth + 1 && c.scrollHeight <= c.clientHeight + 1)""")


def test_mistakes_fit_a_phone(browser, app_url):
    """On a phone the Mistakes tab's captions show whole, two tiles to a row."""
    with opened(browser, app_url, viewport={"width": 390, "height": 844}, is_mobile=True) \
            as (page, _):
        page.locator(".tab-wrapper button:visible").last.click()  # the tabs that do not fit
        page.get_by_text("Mistakes", exact=True).last.click()
        page.locator("#gallery .thumbnail-item").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        assert captions_fit(page)
        tiles = [t.bounding_box() for t in page.locator("#gallery .thumbnail-item").all()[:3]]
        assert tiles[0]["y"] == tiles[1]["y"] < tiles[2]["y"]
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "phone-mistakes.png"))


def test_the_confusion_tables_fit_a_phone(browser, app_url):
    """On a phone the Model tab's confusion matrix and the Room's (a drawing told first) show
    every column within the page's width: each tab opened from the tabs' menu, at 390 and 360
    px wide."""
    with opened(browser, app_url) as (page, _):
        draw(page, 7)
        wait_for_top(page, 7)
        page.wait_for_timeout(1500)
        page.locator("#correct button").get_by_text("1", exact=True).click()
        page.wait_for_function("() => /^Kept as drawing/.test(document.querySelector("
                               "'#correct-note')?.innerText ?? '')", timeout=30_000)
        for width in (390, 360):
            page.set_viewport_size({"width": width, "height": 844})
            for tab_name, table in (("Model", "#model-confusion"), ("Room", "#room-confusion")):
                page.locator("button[aria-label='More tabs']").click()  # the tabs that do not fit
                page.locator(".overflow-dropdown button").get_by_text(tab_name, exact=True).click()
                page.locator(f"{table} table.confusion td").first.wait_for(timeout=30_000)
                page.wait_for_timeout(300)
                edges = page.locator(f"{table} table.confusion").evaluate(
                    "t => [t.getBoundingClientRect().left, t.getBoundingClientRect().right, "
                    "t.closest('.block').getBoundingClientRect().left, "
                    "t.closest('.block').getBoundingClientRect().right]")
                assert edges[2] - 1 <= edges[0] and edges[1] <= edges[3] + 1, (width, tab_name, edges)
                SHOTS.mkdir(exist_ok=True)
                page.locator(f"{table} table.confusion").screenshot(
                    path=str(SHOTS / f"phone-{tab_name.lower()}-confusion-{width}.png"))


def inside_titles(page) -> list[str]:
    return page.locator("#inside-panel figcaption b").all_inner_texts()


def heat_src(page) -> str:
    return page.locator("#inside-panel .why img").first.get_attribute("src")


def test_look_inside_follows_the_drawing(browser_page):
    """The panel shows every layer and the heat maps, redraws them after each stroke while open,
    follows the model switch and the digit to compare, and is not drawn while closed (opening it
    draws it for the digit on the pad)."""
    page, _ = browser_page
    clear(page)
    draw(page, 7)
    wait_for_top(page, 7)
    page.locator("#inside").get_by_text("Look inside").first.click()
    wait_for_text(page, "Why a 7?", "#inside-panel")
    titles = inside_titles(page)
    for title in ["conv 1 kernels · 24 × 5 × 5", "conv 1 · 24 × 28 × 28", "conv 2 · 48 × 14 × 14",
                  "conv 5 · 96 × 7 × 7", "pooled · 96 × 3 × 3", "logits · 10", "softmax · 10"]:
        assert title in titles
    images = page.locator("#inside-panel img")
    assert images.count() >= 9
    assert all(w > 50 for w in images.evaluate_all("els => els.map(e => e.naturalWidth)"))
    first_heat, first_maps = heat_src(page), images.nth(3).get_attribute("src")

    clear(page)
    draw(page, 4)
    wait_for_text(page, "Why a 4?", "#inside-panel")
    page.wait_for_timeout(1500)  # the events of the 4's two strokes have all answered
    assert heat_src(page) != first_heat and images.nth(3).get_attribute("src") != first_maps

    page.locator("#why").get_by_text("9", exact=True).click()  # "why not a 9?"
    wait_for_text(page, "Why not a 9?", "#inside-panel")
    SHOTS.mkdir(exist_ok=True)
    page.locator("#inside").screenshot(path=str(SHOTS / "look_inside.png"))

    page.locator("#model").get_by_text("MLP").click()
    wait_for_text(page, "the 8 units that fire most", "#inside-panel")
    assert "hidden 1 · 1024" in inside_titles(page) and "hidden 2 · 1024" in inside_titles(page)
    page.locator("#inside").get_by_text("Look inside").first.click()  # closed: not drawn
    clear(page)
    draw(page, 7)
    wait_for_top(page, 7)
    assert page.locator("#inside-panel .inside").text_content().strip() == "Looking inside…"
    page.locator("#inside").get_by_text("Look inside").first.click()  # opened: drawn for the 7
    wait_for_text(page, "Why a 7?", "#inside-panel")
    page.locator("#inside").get_by_text("Look inside").first.click()
    switch_model(page, "CNN")
    clear(page)


def test_model_tab_draws_class_counts_and_per_class_accuracy(browser_page):
    page, _ = browser_page
    page.get_by_role("tab", name="Model").click()
    for plot in ("#counts-plot", "#accuracy-plot"):  # vega draws each as an SVG or a canvas
        page.locator(f"{plot} svg, {plot} canvas").first.wait_for(timeout=30_000)
        assert page.locator(plot).bounding_box()["height"] > 200
    assert re.search(r"from 9\d\)", page.locator("#accuracy-plot").inner_text())  # where the axis starts
    ticks = page.locator("#accuracy-curve").inner_text().split()
    assert "1" in ticks or "2" in ticks
    assert "0" not in ticks  # the curves start at epoch 1: no empty epoch-0 tick
    page.get_by_role("tab", name="Draw").click()


def test_no_request_leaves_the_machine(browser_page):
    page, requests = browser_page
    page.wait_for_timeout(500)
    assert requests, "the recorder saw nothing"
    outside = [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
    assert outside == []


def answer_in_view(page, seen: bool = False) -> bool:
    """Whether the verdict and the ten bars (and with `seen`, the 28x28 the model saw) lie inside
    the viewport, the page unscrolled."""
    return page.evaluate("""seen => {
        const inside = el => { const r = el.getBoundingClientRect();
                               return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; };
        return window.scrollY === 0 && inside(document.querySelector('#verdict'))
               && inside(document.querySelector('#bars .bars'))
               && (!seen || inside(document.querySelector('#seen img'))); }""", seen)


def pad_layout(page) -> dict:
    """Where the pad sits and how big, and the zoom it shows: what a layout shift would change."""
    return page.evaluate("""() => { const r = document.querySelector('#pad').getBoundingClientRect();
        const zoom = [...document.querySelectorAll('#pad *')].map(e => (e.innerText || '').trim())
                     .find(t => /^\\d+%$/.test(t));
        return {top: r.top, height: r.height, width: r.width, zoom: zoom}; }""")


def test_a_projector_shows_the_answer_without_scrolling(browser, app_url):
    """On a 1280x720 projector the pad, the verdict, the bars and the 28x28 all fit unscrolled."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_url)
    page.wait_for_selector("#pad canvas", timeout=30_000)
    page.wait_for_timeout(1000)
    before = pad_layout(page)
    draw(page, 8)
    wait_for_top(page, 8)
    assert answer_in_view(page, seen=True)
    pad = page.locator("#pad").bounding_box()
    assert pad["y"] + pad["height"] <= 720  # the whole pad too
    wait_for_text(page, "It's an 8")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "projector.png"))
    clear(page)
    page.wait_for_timeout(500)
    assert pad_layout(page) == before  # clearing moves and rescales nothing
    page.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_stage_view_shows_the_pad_and_a_large_answer(browser, app_url, size):
    """?stage: the pad, a very large answer and the bars fill a projector's screen, nothing else;
    drawing works there as anywhere, the ink under the pen."""
    width, height = size
    with opened(browser, app_url, "?stage", viewport={"width": width, "height": height}) \
            as (page, _):
        [seven] = draw(page, 7)
        wait_for_top(page, 7)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "stage-ink.png"))
        middles = [((x0 + x1) / 2, (y0 + y1) / 2) for (x0, y0), (x1, y1) in zip(seven, seven[1:])]
        assert ink_under(SHOTS / "stage-ink.png", middles)  # the bar's and the stem's
        assert answer_in_view(page)
        pad = page.locator("#pad").bounding_box()
        assert pad["y"] + pad["height"] <= height and pad["width"] >= 0.4 * width
        assert not page.locator("#intro").is_visible() and not page.locator("#model").is_visible()
        digit = page.evaluate("() => parseFloat(getComputedStyle("
                              "document.querySelector('#verdict strong')).fontSize)")
        assert digit >= 80  # px: readable from the back of a hall
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"stage-{width}.png"))


def test_upload_tab_messages_and_bad_files(browser, app_url, tmp_path):
    from conftest import draw_digit

    # the photo named as the page names a pad's drawing, which it sends with the stroke's request
    # instead of uploading it: a photo, uploaded with progress, always goes up as a file
    seven, fake, text = tmp_path / "composite.png", tmp_path / "fake.png", tmp_path / "notes.txt"
    draw_digit(7).save(seven)
    fake.write_bytes(b"not an image at all")
    text.write_text("hello")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(app_url)
    page.get_by_role("tab", name="Upload a photo").click()
    verdict = page.locator("#upload-verdict")
    assert "Upload a photo of a digit or a number" in verdict.inner_text()
    files = page.locator("#upload input[type=file]")
    files.set_input_files(str(seven))
    wait_for_text(page, "It's a 7", "#upload-verdict")
    files.set_input_files(str(text))  # refused by the browser: the photo and its answer stay
    page.get_by_text("Invalid file type").first.wait_for(timeout=30_000)
    assert "It's a 7" in verdict.inner_text() and page.locator("#upload img").count() >= 1
    files.set_input_files(str(fake))  # an image in name only: a message, and an empty box again
    wait_for_text(page, "Not a readable image", "#upload-verdict")
    page.wait_for_timeout(1000)
    assert "Not a readable image" in verdict.inner_text()  # kept, not replaced by the idle text
    assert page.get_by_text("Drop Image Here").is_visible()
    assert page.locator("#upload").bounding_box()["height"] > 200  # not collapsed to a strip
    files.set_input_files(str(seven))
    wait_for_text(page, "It's a 7", "#upload-verdict")
    page.locator("#upload button[aria-label='Remove Image']").click()
    wait_for_text(page, "Upload a photo of a digit or a number", "#upload-verdict")
    assert "draw" not in verdict.inner_text().lower()
    page.close()


def test_a_finger_draws_on_a_phone(browser, app_url):
    """A phone-sized touch screen: touch events (no mouse) draw, and the digit is read."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True,
                            is_mobile=True, device_scale_factor=2)
    page.goto(app_url)
    page.wait_for_selector("#pad canvas", timeout=30_000)
    b = canvas_box(page)
    page.evaluate("window.scrollTo(0, 0)")
    cdp = page.context.new_cdp_session(page)
    size = min(b["width"], b["height"]) * 0.5  # inside the square canvas, centred in the pad
    left, top = b["x"] + (b["width"] - size) / 2, b["y"] + (b["height"] - size) / 2
    pts = [(left + x * size, top + y * size) for x, y in STROKES[7][0]]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart",
                                           "touchPoints": [{"x": pts[0][0], "y": pts[0][1]}]})
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        for t in np.linspace(0, 1, 12)[1:]:
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
                {"x": x0 + t * (x1 - x0), "y": y0 + t * (y1 - y0)}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    wait_for_top(page, 7)
    assert answer_in_view(page)  # the verdict and the bars right under the pad
    pad = page.locator("#pad").bounding_box()
    assert pad["height"] < 1.2 * pad["width"]  # no empty bands above and below the canvas
    before = pad_layout(page)  # before the full-page shot, which lays the page out again for a moment
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone.png"), full_page=True)
    page.locator("#pad button[aria-label='Clear canvas']").first.tap()
    page.wait_for_function("() => /draw a digit/i.test(document.querySelector('#verdict')?.innerText ?? '')",
                           timeout=30_000)
    page.wait_for_timeout(500)
    assert pad_layout(page) == before
    page.close()


def test_write_a_number_on_the_wide_pad(browser, app_url):
    """The Number tab: mouse strokes of a 1, a 7 and a 4 side by side on the wide pad; the number
    and one card per digit come back after the strokes, the other model reads it when chosen, and
    clearing empties them."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(app_url)
    page.get_by_role("tab", name="Number").click()
    page.wait_for_selector("#number-pad canvas", timeout=30_000)
    page.wait_for_timeout(500)  # the brush is picked for the pad as it appears
    assert "select the draw tool" not in page.locator("#number-pad").inner_text().lower()
    for k, digit in enumerate((1, 7, 4)):
        draw(page, digit, "#number-pad", left=0.2 + k * 0.55 * 0.9 / 3, size=0.55)
    page.wait_for_function("() => document.querySelector('#number-cards .read')?.dataset.number"
                           " === '174'", timeout=30_000)
    wait_for_text(page, "It reads 174, says the CNN", "#number-verdict")
    # the 4's second stroke answered too: the first alone reads as an unsure 4
    page.wait_for_function("() => !/unsure/.test(document.querySelector('#number-verdict')"
                           "?.innerText ?? '')", timeout=30_000)
    assert page.locator("#number-cards figure img").count() == 3
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "number.png"), full_page=True)
    page.locator("#model").get_by_text("MLP").click()  # the other model reads the same number
    wait_for_text(page, "says the MLP", "#number-verdict")
    page.locator("#number-pad button[aria-label='Clear canvas'], "
                 "#number-pad button[title='Clear canvas']").first.click()
    page.wait_for_function("() => (document.querySelector('#number-verdict')?.innerText ?? '')"
                           ".toLowerCase().includes('write a number')", timeout=30_000)
    assert page.locator("#number-cards figure").count() == 0
    page.close()


def edge_strokes(page, pad: str, xs: list[float]):
    """Vertical mouse strokes, each begun 3 px above the bottom edge of `pad`'s frame and drawn
    up to a third of its height, at `xs`: px from the frame's left edge (negative: from its
    right edge)."""
    r = page.locator(pad).bounding_box()
    for x in xs:
        x = r["x"] + (x if x >= 0 else r["width"] + x)
        page.mouse.move(x, r["y"] + r["height"] - 3)
        page.mouse.down()
        page.mouse.move(x, r["y"] + r["height"] * 0.3, steps=10)
        page.mouse.up()


def tools_off_the_paper(page, pad: str) -> bool:
    """Whether `pad`'s tools lie left of its paper and its zoom bar above it (style.css: the
    paper begins 48 px from the frame's left edge and 32 px below its top), none over it."""
    return page.evaluate("""pad => {
        const frame = document.querySelector(pad).getBoundingClientRect();
        const tools = document.querySelector(pad + ' .toolbar-wrap').getBoundingClientRect();
        const bar = document.querySelector(pad + ' .top-panel').getBoundingClientRect();
        return tools.right <= frame.left + 48 && tools.bottom <= frame.bottom
               && bar.bottom <= frame.top + 32; }""", pad)


@pytest.mark.parametrize("size", [(1280, 720), (390, 844), "resized"])
def test_the_paper_fills_the_frame(browser, app_url, size):
    """Wherever a stroke begins in a pad's frame (beside its tools), it draws: a 1 begun at the
    frame's bottom edge, beside the tools, in the middle and by the right edge reads 111 on the
    number pad, on a laptop, on a phone and after the window is resized; on the digit pad, a
    stroke begun in its bottom right corner is read as a 1."""
    width, height = (1280, 720) if size == "resized" else size
    with opened(browser, app_url, viewport={"width": width, "height": height}) as (page, _):
        if size == "resized":
            page.wait_for_timeout(500)
            page.set_viewport_size({"width": 900, "height": 700})
            page.wait_for_timeout(1000)  # the editor refits its image to the new frame
        assert tools_off_the_paper(page, "#pad")
        frame = page.locator("#pad").bounding_box()
        column = page.locator("#pad").evaluate("e => e.parentElement.clientWidth")
        edge_strokes(page, "#pad", [-12])
        wait_for_top(page, 1)
        page.get_by_role("tab", name="Number").click()
        page.wait_for_selector("#number-pad canvas")
        page.wait_for_timeout(1000)
        edge_strokes(page, "#number-pad", [60, page.locator("#number-pad").bounding_box()["width"]
                                           / 2, -12])
        page.wait_for_function("() => document.querySelector('#number-cards .read')?.dataset"
                               ".number === '111'", timeout=30_000)
        assert tools_off_the_paper(page, "#number-pad")
        wide = page.locator("#number-pad").bounding_box()
        # the frame is as wide as the tab (up to the image's own 900 px and the tools) and no
        # taller than the image and the zoom bar above it need; the digit pad likewise
        room = page.locator("#number-pad").evaluate("e => e.parentElement.clientWidth")
        assert wide["width"] >= min(room, 948) - 1 and wide["height"] <= wide["width"] / 3 + 20
        assert frame["width"] >= min(column, 448) - 1 and frame["height"] <= frame["width"]
        SHOTS.mkdir(exist_ok=True)
        name = "resized" if size == "resized" else f"{width}x{height}"
        page.screenshot(path=str(SHOTS / f"number-pad-{name}.png"))


def test_a_person_corrects_the_answer(browser, app_url):
    """Under the answer: tap "right", the digit it was or "not a digit"; the page says in one line
    what was kept, and the Room's wall shows it; with nothing drawn, nothing is kept."""
    with opened(browser, app_url, viewport={"width": 1280, "height": 720}) as (page, _):
        note = page.locator("#correct-note")
        fix = page.locator("#correct button")
        fix.get_by_text("right", exact=True).click()
        page.wait_for_function("() => /Nothing to keep/.test(document.querySelector("
                               "'#correct-note').innerText)", timeout=30_000)
        draw(page, 7)
        wait_for_top(page, 7)
        fix.get_by_text("right", exact=True).click()
        page.wait_for_function("() => /Kept as drawing #\\d+: a 7 \\(the CNN was right\\)/.test("
                               "document.querySelector('#correct-note')?.innerText ?? '')",
                               timeout=30_000)
        page.wait_for_timeout(600)  # two a second at most, from one page
        fix.get_by_text("1", exact=True).click()
        page.wait_for_function("() => /Kept as drawing #\\d+: a 1 \\(the CNN said 7\\)/.test("
                               "document.querySelector('#correct-note')?.innerText ?? '')",
                               timeout=30_000)
        assert "only the 28x28 is kept" in note.inner_text()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "correct.png"))
        page.wait_for_timeout(600)
        fix.get_by_text("not a digit", exact=True).click()
        page.wait_for_function("() => /Kept as drawing #\\d+: not a digit \\(the CNN said 7\\)/.test("
                               "document.querySelector('#correct-note')?.innerText ?? '')",
                               timeout=30_000)
        page.get_by_role("tab", name="Room").click()  # the presenter's wall shows them
        for caption in ("CNN said 7 → 1", "CNN said 7 → not a digit"):
            page.wait_for_function("c => [...document.querySelectorAll('#room-wall .caption-label')]"
                                   ".some(e => e.innerText === c)", arg=caption, timeout=30_000)
        assert re.search(r"\*?\d+\*? drawings told", page.locator("#room-note").inner_text())


def test_a_person_teaches_it_their_hand_and_forgets_it(browser, app_url):
    """Three drawings told, "Teach it my hand" makes this page's answers come from its own copy,
    named as such, with the drawings before and after; "Forget my hand" brings the model back."""
    with opened(browser, app_url, viewport={"width": 1280, "height": 720}) as (page, _):
        fix = page.locator("#correct button")
        note = "(document.querySelector('#teach-note')?.innerText ?? '')"
        verdict = "(document.querySelector('#verdict')?.innerText ?? '')"
        page.get_by_role("button", name="Teach it my hand").click()
        page.wait_for_function(f"() => /at least 3 of your digits/.test({note})", timeout=30_000)
        for size in (0.55, 0.65, 0.75):
            page.locator("#pad button[aria-label='Clear canvas']").click()
            page.wait_for_timeout(300)
            draw(page, 7, size=size)
            wait_for_top(page, 7)
            page.wait_for_timeout(1500)  # the composite's answer: the drawing kept is the pad's
            was = page.locator("#correct-note").inner_text()
            fix.get_by_text("7", exact=True).click()
            page.wait_for_function("was => { const t = document.querySelector('#correct-note')"
                                   ".innerText; return t !== was && /^Kept as drawing/.test(t); }",
                                   arg=was, timeout=30_000)
            page.wait_for_timeout(600)
        page.get_by_role("button", name="Teach it my hand").click()
        page.wait_for_function(f"() => /CNN \\+ your 3 drawings/.test({note}) && "
                               f"/3 of 3/.test({note})", timeout=60_000)
        page.wait_for_function(f"() => /says the CNN \\+ your 3 drawings/.test({verdict})",
                               timeout=30_000)
        captions = page.locator("#teach-gallery .caption-label").all_inner_texts()
        assert len(captions) == 3 and all(c.startswith("7: ") for c in captions), captions
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "teach.png"))
        page.get_by_role("button", name="Forget my hand").click()
        page.wait_for_function(f"() => /Forgotten/.test({note}) && "
                               f"/says the CNN \\(/.test({verdict})", timeout=30_000)
        assert not page.locator("#teach-gallery").is_visible()
