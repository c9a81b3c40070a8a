"""The page in the two other engines people draw with: Safari's (WebKitGTK, the engine of every
browser on an iPhone, through its WebDriver and Selenium) and Firefox (through puppeteer-core over
WebDriver BiDi: tests/firefox.mjs), each on a virtual X display, at the app's plain address and
framed by a page of another origin at ?__theme=system as a Space shows it, with a mouse and with a
finger on a phone-sized window, on the stage view and in the dark theme. A person draws a 7: the
ink lands under the pen, the answer forms while the pen is still down, reads 7 when it lifts in
text that stays readable, a correction tapped under it is kept, and Clear empties it; writes 171
on the Number tab; and teaches the CNN their hand, forgets it, and sees it on the Room tab
(tests/test_browser.py holds Chromium to the rest)."""
import json
import os
import re
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from browsing import CONTRASTS, READABLE, ink_under
from conftest import missing
from hosts import framing_page

# Selenium's own WebKitGTK driver still sets its server's address the old way
pytestmark = pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning")

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts"
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
SPACE = "?__theme=system"
# (width, height) of the window: a laptop, and a phone (WebKitGTK's window is at least 447 px wide)
SIZES = {"mouse": (1280, 1000), "touch": (390, 844)}
SEVEN = [(0.1, 0.05), (0.9, 0.05), (0.625, 0.525), (0.35, 1.0)]  # the bar, then the stem in halves
SIDE = 0.8  # of the pad's canvas: the 7 reaches near its edges, where a misplaced paper is not
CANVAS = "#pad .pixi-target > canvas"  # the pad's drawing canvas (the editor's, beside its crop's)
# Whether the pad's canvas fills its frame, as the editor sizes it (a canvas 0 px high takes no
# stroke: what WebKit was left with on about one first visit in four before pads.js refitted it)
FITS = f"""const canvas = document.querySelector('{CANVAS}'), frame = canvas.parentElement;
    return Math.abs(canvas.clientWidth - frame.clientWidth) <= 1 && Math.abs(canvas.clientHeight - frame.clientHeight) <= 1
        && frame.clientHeight > 100;"""
SETTLE = 3  # seconds after the first answer, for the Sketchpad's own (its composite's)
INKED = [(0.5, 0.05), SEVEN[2]]  # where the 7's ink must be: the bar's middle, the stem's
READ = ["#verdict", "#bars .digit", "#bars .pct"]  # the answer's text, which must stay readable
FIX = "1"  # the correction tapped under the answer: the drawing was a 1, the page must keep it
KEPT = r"Kept as drawing #\d+: a 1 \(the CNN said 7\)"  # what #correct-note then says
VIEWS = {"plain": "", "stage": "?stage", "dark": "?__theme=dark"}  # the app's own addresses
NUMBER = "171"  # written on the Number tab's wide pad, one digit beside the next:
NUMBER_STROKES = [[(-0.25, -0.25), (-0.25, 0.25)],  # a 1, a 7 (its bar, its stem), a 1: points
                  [(-0.07, -0.25), (0.03, -0.25), (-0.04, 0.25)],  # as shares of the canvas's
                  [(0.17, -0.25), (0.17, 0.25)]]  # width and height from its middle
NUMBER_CANVAS = "#number-pad .pixi-target > canvas"
TOP = "return document.querySelector('#bars .bars')?.dataset.top ?? null"  # the answer's digit
VERDICT = "return document.querySelector('#verdict')?.innerText ?? ''"
CLEAR = "#pad button[aria-label='Clear canvas']"
# A person teaches the CNN their hand, then opens the Room tab: the steps each engine plays.
# tap: the element of a selector with that text (None: the first); tab: the tab of
# that name; draw: a 7 of that share of the pad, until its answer and the Sketchpad's own have
# come; read: wait for a new text of a selector (its elements' texts, a line each) that matches
# (what is there then is read, and a read that does not match ends the play); shot: a screenshot.
TEACH = [("tap", "button", "Teach it my hand"),
         ("read", "#teach-note", r"at least 3 of your digits"),
         *[step for side in (0.6, 0.7, 0.8) for step in (
             ("tap", CLEAR, None), ("draw", side), ("tap", "#correct button", "7"),
             ("read", "#correct-note", r"^Kept as drawing #\d+: a 7 \(the CNN was right\)"))],
         ("tap", "button", "Teach it my hand"),
         ("read", "#teach-note", r"CNN \+ your 3 drawings.*\b3 of 3\b"),
         ("read", "#verdict", r"says the CNN \+ your 3 drawings"),
         ("read", "#teach-gallery .caption-label", r"^7: .*\n7: .*\n7: [^\n]*$"),
         ("shot", "teach"),
         ("tap", "button", "Forget my hand"),
         ("read", "#teach-note", r"^Forgotten"),
         ("read", "#verdict", r"says the CNN \("),
         ("tab", "Room"),
         ("read", "#room-wall .caption-label", r"^7 ✓"),  # the wall: the newest first
         ("read", "#room-note", r"\d+ drawings told"),
         ("shot", "room")]
FIND = """(selector, text) => [...document.querySelectorAll(selector)]
    .find((e) => text === null || e.innerText.trim() === text)"""
# The tab named so, or where it does not fit (a phone), the tabs' menu that holds it
FIND_TAB = """(name) => [...document.querySelectorAll("button[role='tab'], .overflow-dropdown button")]
    .find((b) => b.getClientRects().length > 0 && b.innerText.trim() === name)
    ?? document.querySelector("button[aria-label='More tabs']")"""
TEXT = """(selector) => [...document.querySelectorAll(selector)].map((e) => e.innerText.trim()).join('\\n')"""


@pytest.fixture(scope="module")
def display():
    """An X display for the browsers: the one there is, else a virtual one (Xvfb)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if not shutil.which("Xvfb"):
        missing("no Xvfb for the browsers' display: apt-get install xvfb (scripts/test.sh does)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1200x24",
                             "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()  # Xvfb writes the display it took once it serves it
    assert number, f"Xvfb did not start (exit code {xvfb.poll()})"
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        del os.environ["DISPLAY"]
        xvfb.terminate()
        xvfb.wait()


@contextmanager
def address(app_url: str, form: str, size: tuple):
    """The address to open: the app's, its stage view's, its dark theme's, or a page of another
    origin framing it as a Space does."""
    if form in VIEWS:
        yield app_url + VIEWS[form]
    else:
        with framing_page(app_url + SPACE, *size) as host:
            yield host


@contextmanager
def webkit(url: str, size: tuple, canvas: str = CANVAS, tab: str | None = None):
    """WebKitGTK at `url` (in its frame, where a page frames the app), `size` large, on `tab`,
    its pad's `canvas` given its height and brought into view: (browser, js, until, canvas)."""
    from selenium import webdriver
    from selenium.common.exceptions import ElementClickInterceptedException, NoSuchElementException
    from selenium.webdriver.webkitgtk.service import Service

    browser = webdriver.WebKitGTK(service=Service(executable_path=WEBKIT_DRIVER))
    try:
        browser.set_window_size(*size)
        browser.get(url)
        frames = browser.find_elements("css selector", "iframe")
        if frames:
            browser.switch_to.frame(frames[0])
        js = browser.execute_script

        def until(holds, seconds: float = 30) -> bool:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                if holds():
                    return True
                time.sleep(0.1)
            return False

        def click(xpath: str) -> bool:  # as a person clicks: once nothing lies over it
            try:
                browser.find_element("xpath", xpath).click()
                return True
            except (NoSuchElementException, ElementClickInterceptedException):
                return False

        if tab:  # in WebKit, something lay over the tabs for a moment after the page loaded
            assert until(lambda: click(f"//button[@role='tab' and .='{tab}']"), 60), f"no {tab} tab"
        assert until(lambda: js(f"return document.querySelector('{canvas}')?.getBoundingClientRect()"
                                ".height > 100"), 60), \
            "the pad's canvas never got its height: a pad that takes no stroke"
        time.sleep(1)
        yield browser, js, until, js(f"const canvas = document.querySelector('{canvas}'); "
                                     "canvas.scrollIntoView({block: 'center'}); return canvas;")
    finally:
        browser.quit()


def steps(a, b, n: int) -> list:
    """The n points of a pen moving evenly from point a to point b, b the last (firefox.mjs has
    the same)."""
    return [tuple(a[i] + (b[i] - a[i]) * k / n for i in (0, 1)) for k in range(1, n + 1)]


def pointer(browser, pen: str):
    """Selenium's pointer actions for `pen` ("mouse" or "touch")."""
    from selenium.webdriver.common.actions import interaction
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.pointer_input import PointerInput

    kind = interaction.POINTER_TOUCH if pen == "touch" else interaction.POINTER_MOUSE
    return ActionBuilder(browser, mouse=PointerInput(kind, pen))


def tap(browser, js, pen: str, element):
    """`pen` taps `element`, brought into view."""
    js("arguments[0].scrollIntoView({block: 'center'})", element)
    touch = pointer(browser, pen)
    touch.pointer_action.move_to(element).pointer_down().pointer_up()
    touch.perform()


def seven(browser, js, canvas, pen: str, side: float = SIDE, midway=None):
    """WebKit's `pen` draws a 7 `side` of the pad's canvas large in its middle, 30 ms a step;
    -> what `midway()` returns, called with the pen still down and half the stem drawn."""
    side *= min(js("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", canvas))
    actions = pointer(browser, pen)
    at = [(round((u - 0.5) * side), round((v - 0.5) * side)) for u, v in SEVEN]

    def stroke(start, end):  # offsets from the canvas's middle
        for u, v in steps(start, end, 12):
            actions.pointer_action.move_to(canvas, round(u), round(v))
            actions.pointer_action.pause(0.03)

    actions.pointer_action.move_to(canvas, *at[0]).pointer_down()
    stroke(at[0], at[1])
    stroke(at[1], at[2])
    actions.perform()
    time.sleep(1.5)
    seen = midway() if midway else None
    stroke(at[2], at[3])
    actions.pointer_action.pointer_up()
    actions.perform()
    return seen


def draw_in_webkit(url: str, pen: str, size: tuple, shot: Path, fix: str | None = FIX) -> dict:
    """WebKit draws a 7 with `pen` ("mouse" or "touch") on the app at `url`; what the page showed:
    {fits: the canvas fills its frame, live: the answer while the pen was still down, top and
    verdict: the answer once the Sketchpad's own has come, dark: the page in the dark theme,
    contrasts: browsing.CONTRASTS of the answer's text, pen: where the 7's ink should show,
    kept: the correction note once `fix` is tapped (None: none is, as on the stage view, which
    shows no corrections), cleared: by Clear, agent}."""
    with webkit(url, size) as (browser, js, until, canvas):
        seen = seven(browser, js, canvas, pen, midway=lambda: {"fits": js(FITS), "live": js(TOP)})
        until(lambda: js(TOP) is not None)
        time.sleep(SETTLE)
        seen.update(top=js(TOP), verdict=js(VERDICT),
                    dark=js("return document.body.classList.contains('dark')"),
                    contrasts=js(f"return ({CONTRASTS})(arguments[0])", READ))
        browser.save_screenshot(str(shot))
        x, y, w, h = js("const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]",
                        canvas)  # where the pen went: offsets from the canvas's middle, as drawn
        side = SIDE * min(w, h)
        seen["pen"] = [[x + w / 2 + (u - 0.5) * side, y + h / 2 + (v - 0.5) * side] for u, v in INKED]
        if fix:
            tap(browser, js, pen, js(f"return ({FIND})(...arguments)", "#correct button", fix))
            note = "return document.querySelector('#correct-note')?.innerText ?? ''"
            until(lambda: re.search(KEPT, js(note)))
            seen["kept"] = js(note)
        tap(browser, js, pen, browser.find_element("css selector", CLEAR))
        seen["cleared"] = until(lambda: "draw a digit" in js(VERDICT).lower())
        seen["agent"] = js("return navigator.userAgent")
        return seen


def teach_in_webkit(url: str, pen: str, size: tuple, shots: str) -> dict:
    """WebKit plays TEACH with `pen`: {read: the texts its reads found, in order (the last one
    not matching, where one did not), agent}."""
    with webkit(url, size) as (browser, js, until, canvas):
        texts, last = [], {}
        for verb, *what in TEACH:
            if verb == "tap":
                tap(browser, js, pen, js(f"return ({FIND})(...arguments)", *what))
            elif verb == "tab":  # on a phone, a tab that does not fit is in the tabs' menu
                for _ in range(2):
                    button = js(f"return ({FIND_TAB})(arguments[0])", what[0])
                    tap(browser, js, pen, button)
                    if button.get_attribute("aria-label") != "More tabs":
                        break
                    time.sleep(0.5)
            elif verb == "draw":
                seven(browser, js, canvas, pen, what[0])
                until(lambda: js(TOP) is not None)
                time.sleep(SETTLE)  # the Sketchpad's own answer: the drawing kept is the pad's
            elif verb == "read":
                selector, pattern = what

                def new() -> str | None:  # the selector's text, if new and as it should be
                    text = js(f"return ({TEXT})(arguments[0])", selector)
                    return text if text != last.get(selector) and re.search(pattern, text) else None

                until(new)
                last[selector] = js(f"return ({TEXT})(arguments[0])", selector)
                texts.append(last[selector])
                if not re.search(pattern, texts[-1]):
                    break
            else:  # shot
                browser.save_screenshot(shots.format(what[0]))
        return {"read": texts, "agent": js("return navigator.userAgent")}


def write_in_webkit(url: str, size: tuple, shot: Path) -> dict:
    """WebKit writes NUMBER with a mouse on the Number tab's pad: {number: as the page read it,
    cards: its digit cards' text, agent}."""
    with webkit(url, size, NUMBER_CANVAS, "Number") as (browser, js, until, canvas):
        w, h = js("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", canvas)
        actions = pointer(browser, "mouse")
        for line in NUMBER_STROKES:  # points as shares of the canvas from its middle, 20 ms a step
            u, v = line[0]
            actions.pointer_action.move_to(canvas, round(u * w), round(v * h)).pointer_down()
            for a, b in zip(line, line[1:]):
                for u, v in steps(a, b, 10):
                    actions.pointer_action.move_to(canvas, round(u * w), round(v * h))
                    actions.pointer_action.pause(0.02)
            actions.pointer_action.pointer_up()
        actions.perform()
        read = "return document.querySelector('#number-cards .read')?.dataset.number ?? null"
        until(lambda: js(read) == NUMBER)
        time.sleep(SETTLE)
        browser.save_screenshot(str(shot))
        return {"number": js(read), "cards": js("return document.querySelector('#number-cards').innerText"),
                "agent": js("return navigator.userAgent")}


def firefox(url: str, pen: str, size: tuple, shot: Path, **how) -> dict:
    """What tests/firefox.mjs saw, told how to draw by the 7's figures here and `how`."""
    done = subprocess.run(["node", str(ROOT / "tests" / "firefox.mjs"), url, pen, *map(str, size),
                           str(shot)], capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env={**os.environ, "FIREFOX": FIREFOX, "MNIST_DEMO_HOW": json.dumps(
                              {"seven": SEVEN, "side": SIDE, "settle": SETTLE, "canvas": CANVAS, "fits": FITS,
                               "inked": INKED, "contrasts": CONTRASTS, "read": READ, "kept": KEPT,
                               "clear": CLEAR, "find": FIND, **how})})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def draw_in_firefox(url: str, pen: str, size: tuple, shot: Path, fix: str | None = FIX) -> dict:
    """draw_in_webkit in Firefox."""
    return firefox(url, pen, size, shot, fix=fix)


def write_in_firefox(url: str, size: tuple, shot: Path) -> dict:
    """write_in_webkit in Firefox."""
    return firefox(url, "mouse", size, shot, number=NUMBER, number_canvas=NUMBER_CANVAS,
                   number_strokes=NUMBER_STROKES)


def teach_in_firefox(url: str, pen: str, size: tuple, shots: str) -> dict:
    """teach_in_webkit in Firefox."""
    return firefox(url, pen, size, shots, teach=TEACH, find_tab=FIND_TAB, text=TEXT)


ENGINES = {"webkit": (WEBKIT_DRIVER, draw_in_webkit, write_in_webkit, teach_in_webkit),
           "firefox": (FIREFOX, draw_in_firefox, write_in_firefox, teach_in_firefox)}
AGENTS = {"webkit": "AppleWebKit/", "firefox": "Firefox/"}  # in each engine's navigator.userAgent


def engine_at_hand(engine: str):
    """(draw, write, teach) of `engine`, or the test is skipped (failed under CI) for what it
    lacks."""
    program, *plays = ENGINES[engine]
    if not Path(program).exists():
        missing(f"no {engine} at {program}: scripts/test.sh installs Debian's "
                "webkit2gtk-driver and firefox-esr")
    if engine == "firefox" and not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        missing("no puppeteer-core: npm ci (scripts/test.sh does)")
    SHOTS.mkdir(exist_ok=True)
    return plays


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("form, pen", [("plain", "mouse"), ("space", "mouse"), ("plain", "touch"),
                                       ("stage", "mouse"), ("dark", "mouse")])
def test_a_seven_drawn_in_every_engine_is_read_as_it_is_drawn(engine, form, pen, display, app_url):
    draw, *_ = engine_at_hand(engine)
    shot = SHOTS / f"{engine}_{form}_{pen}.png"
    with address(app_url, form, SIZES[pen]) as url:
        seen = draw(url, pen, SIZES[pen], shot, fix=None if form == "stage" else FIX)
    assert AGENTS[engine] in seen["agent"], seen
    assert seen["fits"], seen  # the pad's canvas fills its frame
    assert seen["live"] is not None, seen  # an answer while the pen was still down
    assert seen["top"] == "7" and "It's a 7" in seen["verdict"], seen
    assert seen["dark"] == (form == "dark"), seen
    assert {c[0] for c in seen["contrasts"]} == set(READ), seen  # the answer's text, readable
    assert all(c[2] >= READABLE for c in seen["contrasts"]), seen["contrasts"]
    assert form == "stage" or re.search(KEPT, seen["kept"]), seen  # the correction tapped is kept
    assert seen["cleared"], seen  # Clear empties the pad and the answer
    if form != "space":  # the pad shows the ink where the pen went (a framed page: the frame's)
        assert ink_under(shot, seen["pen"]), seen


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_number_written_in_every_engine_is_read_whole(engine, display, app_url):
    """On the Number tab's wide pad, 1, 7 and 1 written side by side with a mouse read as 171, a
    card a digit."""
    _, write, _ = engine_at_hand(engine)
    seen = write(app_url, SIZES["mouse"], SHOTS / f"{engine}_number.png")
    assert AGENTS[engine] in seen["agent"], seen
    assert seen["number"] == NUMBER, seen
    assert len(re.findall(r"\b\d \d+%", seen["cards"])) == len(NUMBER), seen  # "7 100%": a card's digit


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("form, pen", [("plain", "touch"), ("space", "mouse")])
def test_a_hand_taught_in_every_engine_shows_in_the_room(engine, form, pen, display, app_url):
    """With a finger on a phone, and with a mouse on a Space's page: three 7s told, "Teach it my
    hand" answers from the page's own copy, named so, its drawings shown; "Forget my hand" brings
    the CNN back; the Room tab (in the tabs' menu on a phone) shows what was told (TEACH, step by
    step)."""
    *_, teach = engine_at_hand(engine)
    with address(app_url, form, SIZES[pen]) as url:
        seen = teach(url, pen, SIZES[pen], str(SHOTS / f"{engine}_{form}_{{}}.png"))
    assert AGENTS[engine] in seen["agent"], seen
    reads = [what for verb, *what in TEACH if verb == "read"]
    for (selector, pattern), text in zip(reads, seen["read"]):
        assert re.search(pattern, text), (selector, pattern, text)
    assert len(seen["read"]) == len(reads), seen  # each came
