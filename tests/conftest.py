"""Shared fixtures: MNIST from $MNIST_ROOT, digits drawn with PIL strokes, the committed models."""
import os

import numpy as np
import pytest
from PIL import Image, ImageDraw

# Digits as polylines in a unit box (x right, y down): what a person draws, stroke by stroke.
STROKES = {
    0: [[(0.5, 0.0), (0.15, 0.2), (0.1, 0.6), (0.35, 1.0), (0.7, 0.95), (0.9, 0.5), (0.8, 0.1), (0.5, 0.0)]],
    1: [[(0.5, 0.0), (0.5, 1.0)]],
    2: [[(0.1, 0.25), (0.35, 0.0), (0.75, 0.05), (0.85, 0.35), (0.1, 1.0), (0.95, 1.0)]],
    3: [[(0.1, 0.1), (0.5, 0.0), (0.85, 0.2), (0.45, 0.5), (0.9, 0.75), (0.55, 1.0), (0.1, 0.9)]],
    4: [[(0.6, 0.0), (0.05, 0.65), (0.95, 0.65)], [(0.65, 0.3), (0.65, 1.0)]],
    7: [[(0.05, 0.0), (0.95, 0.0), (0.35, 1.0)]],
    8: [[(0.8, 0.12), (0.5, 0.0), (0.2, 0.12), (0.22, 0.35), (0.5, 0.5), (0.82, 0.68), (0.8, 0.92),
         (0.5, 1.0), (0.18, 0.92), (0.2, 0.68), (0.5, 0.5), (0.78, 0.35), (0.8, 0.12)]],
}

# What an audience draws instead of a digit, in the same unit box.
DOODLES = {
    "hash": [[(0.33, 0), (0.33, 1)], [(0.67, 0), (0.67, 1)], [(0, 0.33), (1, 0.33)], [(0, 0.67), (1, 0.67)]],
    "cross": [[(0, 0), (1, 1)], [(1, 0), (0, 1)]],
    "house": [[(0, 0.45), (1, 0.45), (1, 1), (0, 1), (0, 0.45)], [(0, 0.45), (0.5, 0), (1, 0.45)]],
    "heart": [[(0.5, 1), (0, 0.35), (0.15, 0.05), (0.5, 0.2), (0.85, 0.05), (1, 0.35), (0.5, 1)]],
    "hi": [[(0, 0), (0, 1)], [(0, 0.5), (0.45, 0.5)], [(0.45, 0), (0.45, 1)], [(0.85, 0.35), (0.85, 1)],
           [(0.85, 0.08), (0.85, 0.1)]],
    "hatching": [[(0, y), (1, y + 0.03)] for y in np.linspace(0, 0.95, 14)],
}


def draw_digit(digit: int | str, canvas=(400, 400), box=(100, 60, 300, 340), width=14,
               ink=0, paper=255, mode="L") -> Image.Image:
    """`digit` (or a DOODLES name) drawn as PIL strokes inside `box` (left, top, right, bottom)."""
    im = Image.new("L", canvas, paper)
    d = ImageDraw.Draw(im)
    left, top, right, bottom = box
    for stroke in STROKES[digit] if digit in STROKES else DOODLES[digit]:
        pts = [(left + x * (right - left), top + y * (bottom - top)) for x, y in stroke]
        d.line(pts, fill=ink, width=width, joint="curve")
        r = width / 2  # round caps, as a brush leaves them
        for x, y in (pts[0], pts[-1]):
            d.ellipse((x - r, y - r, x + r, y + r), fill=ink)
    return im.convert(mode) if mode != "L" else im


def sketchpad_value(im: Image.Image) -> dict:
    """What Gradio 6.31 hands the handler: composite is opaque white RGBA with black ink."""
    rgba = np.asarray(im.convert("RGB").convert("RGBA")).copy()
    return {"background": None, "layers": [rgba], "composite": rgba}


def missing(reason: str):
    """A data set a test needs is not there: a skip that says why, or a failure under CI=true,
    where a missing data set means a broken set-up, never fewer tests."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def mnist_root() -> str:
    """$MNIST_ROOT (CI points it at ../shared/mnist), else ./data, downloading MNIST when it can.
    Tests that need MNIST skip, saying why, only when no data can be reached (fail, under CI)."""
    from mnist_demo.data import data_root, load_mnist

    root = data_root()
    try:
        load_mnist(root, train=False)
    except Exception as e:  # noqa: BLE001 - any failure to reach the data
        missing(f"MNIST unreachable under {root!r} ({e}): set MNIST_ROOT to a folder "
                f"holding MNIST/raw")
    return root


@pytest.fixture(scope="session")
def handwriting_root() -> str:
    """$HANDWRITING_ROOT, else the repository's data/handwriting/; tests that need the real
    drawings skip, saying why, when the files are not there (fail, under CI)."""
    from mnist_demo.handwriting import FILES, handwriting_root

    root = handwriting_root()
    absent = [f for f in FILES.values() if not (root / f).is_file()]
    if absent:
        missing(f"real drawings not under {str(root)!r} ({', '.join(absent)}): set "
                f"HANDWRITING_ROOT to the folder holding them")
    return str(root)


@pytest.fixture(scope="session")
def mnist_test(mnist_root):
    from mnist_demo.data import load_mnist
    return load_mnist(mnist_root, train=False)


@pytest.fixture(scope="session")
def cnn():
    from mnist_demo import load_model
    return load_model("cnn")


@pytest.fixture(scope="session")
def mlp():
    from mnist_demo import load_model
    return load_model("mlp")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app as a real server: (process, url); benchmarks.server.server_log(process) is what
    it printed. Its room's database is a fresh file."""
    from benchmarks.server import start_app, stop

    proc, url = start_app({"MNIST_DEMO_DB": str(tmp_path_factory.mktemp("room") / "room.sqlite")})
    yield proc, url
    stop(proc)


@pytest.fixture(scope="session")
def app_url(app):
    return app[1]
