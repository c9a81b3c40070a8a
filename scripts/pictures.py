"""README's pictures of the page, every tab and every way it is met, taken from the running app by
a real browser (Debian's Chromium) that draws on it with the mouse.

    python scripts/pictures.py   ->  docs/pictures/*.png

draw: the Draw tab at 1280x720 (a projector), a 7 drawn; look_inside: its Look inside panel;
number: the Number tab, 2024 written; upload: the Upload tab, a photo of a 4 on paper;
mistakes: the Mistakes tab, one mistake inspected; model: the Model tab; room: the Room tab after
two corrections; phone: the Draw tab on a 390x844 phone; dark: the Draw tab in Gradio's dark
theme; stage: the stage view (?stage). The app keeps the corrections in a temporary database.
"""
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]
from benchmarks.server import start_app, stop  # noqa: E402
from browsing import CHROMIUM, FLAGS, draw, wait_for_top  # noqa: E402
from figure import on_paper  # noqa: E402

OUT = ROOT / "docs" / "pictures"
PROJECTOR = {"width": 1280, "height": 720}


def page_at(browser, url: str, viewport: dict = PROJECTOR, **options):
    page = browser.new_page(viewport=viewport, **options)
    page.goto(url)
    page.wait_for_selector("#pad canvas", timeout=60_000)
    page.wait_for_timeout(1000)
    return page


def shoot(page, name: str, full_page: bool = False, locator: str | None = None):
    path = OUT / f"{name}.png"
    (page.locator(locator) if locator else page).screenshot(
        path=str(path), **({} if locator else {"full_page": full_page}))
    print(f"wrote {path.relative_to(ROOT)}")


def open_tab(page, name: str):
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(1000)


def tell(page, label: str):
    """Tap a button under the answer and wait until the page says it was kept."""
    page.wait_for_timeout(600)  # a page may keep two corrections a second
    page.locator("#correct button").get_by_text(label, exact=True).click()
    page.wait_for_function("() => /Kept as drawing/.test(document.querySelector('#correct-note')"
                           ".innerText)", timeout=30_000)


def pictures(browser, url: str, photo: Path):
    page = page_at(browser, url)
    draw(page, 7)
    wait_for_top(page, 7)
    page.wait_for_timeout(1500)
    shoot(page, "draw")
    page.locator("#inside").get_by_text("Look inside").click()
    page.locator("#inside-panel figure").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    shoot(page, "look_inside", locator="#inside")
    tell(page, "right")
    page.locator("#pad button[aria-label='Clear canvas']").first.click()
    page.wait_for_timeout(1000)
    draw(page, 4)
    wait_for_top(page, 4)
    tell(page, "9")
    page.locator("#pad button[aria-label='Clear canvas']").first.click()
    page.wait_for_timeout(1000)
    draw(page, 1)
    wait_for_top(page, 1)
    page.wait_for_timeout(1500)
    tell(page, "right")
    page.get_by_role("button", name="Teach it my hand").click()
    page.wait_for_function("() => /your 3 drawings/.test(document.querySelector('#verdict')"
                           ".innerText)", timeout=60_000)
    page.wait_for_timeout(1500)
    shoot(page, "teach", full_page=True)

    open_tab(page, "Number")
    for k, digit in enumerate((2, 0, 2, 4)):
        draw(page, digit, "#number-pad", left=0.12 + k * 0.2, size=0.6)
    page.wait_for_function("() => document.querySelector('#number-cards .read')?.dataset.number"
                           " === '2024'", timeout=30_000)
    page.wait_for_timeout(1500)  # the pad's own image, read once the pen has rested
    shoot(page, "number")

    open_tab(page, "Upload a photo")
    page.locator("#upload input[type=file]").set_input_files(str(photo))
    page.wait_for_function("() => /It's a 4/.test(document.querySelector('#upload-verdict')"
                           ".innerText)", timeout=30_000)
    page.wait_for_timeout(1000)
    shoot(page, "upload")

    open_tab(page, "Mistakes")
    page.locator("#gallery .thumbnail-item").nth(1).click()
    page.wait_for_function("() => /MNIST test digit #\\d+/.test(document.body.innerText)",
                           timeout=30_000)
    shoot(page, "mistakes")

    open_tab(page, "Model")
    page.locator("#counts-plot canvas, #counts-plot svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(2000)
    shoot(page, "model", full_page=True)

    open_tab(page, "Room")
    page.locator("#room-wall .thumbnail-item").nth(1).wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    shoot(page, "room", full_page=True)
    page.close()

    page = page_at(browser, url, {"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                   device_scale_factor=2)
    draw(page, 3)
    wait_for_top(page, 3)
    page.wait_for_timeout(1500)
    shoot(page, "phone")
    page.close()

    page = page_at(browser, url + "?__theme=dark")
    draw(page, 4)
    wait_for_top(page, 4)
    page.wait_for_timeout(1500)
    shoot(page, "dark")
    page.close()

    page = page_at(browser, url + "?stage")
    draw(page, 8)
    wait_for_top(page, 8)
    page.wait_for_timeout(1500)
    shoot(page, "stage")
    page.close()


def main():
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        proc, url = start_app({"MNIST_DEMO_DB": str(Path(tmp) / "room.sqlite")})
        try:
            photo = Path(tmp) / "photo-of-a-4.jpg"
            Image.fromarray(on_paper(4, 12, 0.5, 7, shadow=True)).convert("RGB").save(photo)
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            pictures(browser, url, photo)
            browser.close()
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
