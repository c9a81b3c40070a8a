"""The page in the two other engines people draw with: Safari's (WebKitGTK, the engine of every
browser on an iPhone, through its WebDriver and Selenium) and Firefox (through puppeteer-core over
WebDriver BiDi: tests/firefox.mjs), each on a virtual X display, at the app's plain address and
framed by a page of another origin at ?__theme=system as a Space shows it, with a mouse and with a
finger on a phone-sized window, and on the stage view. A person draws a 7: the ink lands under the
pen, the answer forms while the pen is still down, reads 7 when it lifts, and Clear empties it
(tests/test_browser.py holds Chromium to the rest)."""
import json
import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from browsing import ink_under
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
    """The address to open: the app's, its stage view's, or a page of another origin framing it
    as a Space does."""
    if form in ("plain", "stage"):
        yield app_url + ("?stage" if form == "stage" else "")
    else:
        with framing_page(app_url + SPACE, *size) as host:
            yield host


def draw_in_webkit(url: str, pen: str, size: tuple, shot: Path) -> dict:
    """WebKit draws a 7 with `pen` ("mouse" or "touch") on the app at `url`; what the page showed:
    {fits: the canvas fills its frame, live: the answer while the pen was still down, top and
    verdict: the answer once the Sketchpad's own has come, cleared: by Clear, agent}."""
    from selenium import webdriver
    from selenium.webdriver.common.actions import interaction
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.pointer_input import PointerInput
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

        assert until(lambda: js(f"return document.querySelector('{CANVAS}')?.getBoundingClientRect()"
                                ".height > 100"), 60), \
            "the pad's canvas never got its height: a pad that takes no stroke"
        time.sleep(1)
        canvas = js(f"const canvas = document.querySelector('{CANVAS}'); "
                    "canvas.scrollIntoView({block: 'center'}); return canvas;")
        side = SIDE * min(js("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]",
                            canvas))
        kind = interaction.POINTER_TOUCH if pen == "touch" else interaction.POINTER_MOUSE
        actions = ActionBuilder(browser, mouse=PointerInput(kind, pen))

        def stroke(start, end):  # offsets from the canvas's middle, 30 ms a step
            for k in range(1, 13):
                u, v = (start[i] + (end[i] - start[i]) * k / 12 for i in (0, 1))
                actions.pointer_action.move_to(canvas, round((u - 0.5) * side), round((v - 0.5) * side))
                actions.pointer_action.pause(0.03)

        top = "return document.querySelector('#bars .bars')?.dataset.top ?? null"
        verdict = "return document.querySelector('#verdict')?.innerText ?? ''"
        actions.pointer_action.move_to(canvas, round((SEVEN[0][0] - 0.5) * side),
                                       round((SEVEN[0][1] - 0.5) * side)).pointer_down()
        stroke(SEVEN[0], SEVEN[1])
        stroke(SEVEN[1], SEVEN[2])
        actions.perform()
        time.sleep(1.5)
        seen = {"fits": js(FITS), "live": js(top)}  # the pen still down, half the stem drawn
        stroke(SEVEN[2], SEVEN[3])
        actions.pointer_action.pointer_up()
        actions.perform()
        until(lambda: js(top) is not None)
        time.sleep(SETTLE)
        seen.update(top=js(top), verdict=js(verdict))
        browser.save_screenshot(str(shot))
        x, y, w, h = js("const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]",
                        canvas)  # where the pen went: offsets from the canvas's middle, as drawn
        seen["pen"] = [[x + w / 2 + (u - 0.5) * side, y + h / 2 + (v - 0.5) * side] for u, v in INKED]
        browser.find_element("css selector", "#pad button[aria-label='Clear canvas']").click()
        seen["cleared"] = until(lambda: "draw a digit" in js(verdict).lower())
        seen["agent"] = js("return navigator.userAgent")
        return seen
    finally:
        browser.quit()


def draw_in_firefox(url: str, pen: str, size: tuple, shot: Path) -> dict:
    """The same in Firefox, by tests/firefox.mjs."""
    done = subprocess.run(["node", str(ROOT / "tests" / "firefox.mjs"), url, pen, *map(str, size),
                           str(shot)], capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env={**os.environ, "FIREFOX": FIREFOX, "MNIST_DEMO_HOW": json.dumps(
                              {"seven": SEVEN, "side": SIDE, "settle": SETTLE, "canvas": CANVAS, "fits": FITS,
                               "inked": INKED})})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


ENGINES = {"webkit": (WEBKIT_DRIVER, draw_in_webkit), "firefox": (FIREFOX, draw_in_firefox)}


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("form, pen", [("plain", "mouse"), ("space", "mouse"), ("plain", "touch"),
                                       ("stage", "mouse")])
def test_a_seven_drawn_in_every_engine_is_read_as_it_is_drawn(engine, form, pen, display, app_url):
    program, draw = ENGINES[engine]
    if not Path(program).exists():
        missing(f"no {engine} at {program}: scripts/test.sh installs Debian's "
                "webkit2gtk-driver and firefox-esr")
    if engine == "firefox" and not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        missing("no puppeteer-core: npm ci (scripts/test.sh does)")
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / f"{engine}_{form}_{pen}.png"
    with address(app_url, form, SIZES[pen]) as url:
        seen = draw(url, pen, SIZES[pen], shot)
    assert ("Firefox/" if engine == "firefox" else "AppleWebKit/") in seen["agent"], seen
    assert seen["fits"], seen  # the pad's canvas fills its frame
    assert seen["live"] is not None, seen  # an answer while the pen was still down
    assert seen["top"] == "7" and "It's a 7" in seen["verdict"], seen
    assert seen["cleared"], seen  # Clear empties the pad and the answer
    if form != "space":  # the pad shows the ink where the pen went (a framed page: the frame's)
        assert ink_under(shot, seen["pen"]), seen
