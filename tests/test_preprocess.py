"""to_mnist on drawings made here: layout, stroke width, robustness, and agreement with MNIST."""
import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image, ImageDraw, ImageFilter

from conftest import STROKES, draw_digit, sketchpad_value
from mnist_demo import EmptyImageError, to_mnist
from mnist_demo.preprocess import CENTRE, SIDES, STROKE_RANGE, THICK, seen, stroke_width


def check_layout(x: np.ndarray) -> None:
    """MNIST format: (28, 28) float32 in [0, 1], ink box within 20x20, mass at the centre."""
    assert x.shape == (28, 28) and x.dtype == np.float32
    assert 0 <= x.min() and x.max() <= 1 and x.max() > 0.9
    rows, cols = np.nonzero(x > 0.3)
    assert np.ptp(rows) + 1 <= 20 and np.ptp(cols) + 1 <= 20
    assert max(np.ptp(rows), np.ptp(cols)) + 1 >= 18  # scaled up to fill the box, not left small
    ys, xs = np.mgrid[:28, :28]
    assert abs((x * ys).sum() / x.sum() - CENTRE) <= 0.5 + 1e-4
    assert abs((x * xs).sum() / x.sum() - CENTRE) <= 0.5 + 1e-4


BOXES = {"centre": (100, 60, 300, 340), "small-corner": (10, 10, 90, 120),
         "off-centre": (300, 250, 390, 395), "huge": (20, 5, 380, 395)}
# every digit, brush width and place, except brushes so thick that they fill a small digit
DRAWINGS = [pytest.param(d, w, box, id=f"{d}-w{w}-{name}") for d in sorted(STROKES)
            for w in (2, 6, 14, 40) for name, box in BOXES.items()
            if d == 1 or w < 0.25 * (box[2] - box[0])]


@pytest.mark.parametrize("digit, width, box", DRAWINGS)
def test_layout_and_stroke_width(digit, width, box):
    x = to_mnist(draw_digit(digit, box=box, width=width))
    check_layout(x)
    assert STROKE_RANGE[0] <= stroke_width(x, upsample=4) <= STROKE_RANGE[1]


def test_thickness_is_the_strokes_width_over_the_drawings_size(mnist_test):
    """seen: to_mnist's 28x28 and how broad the pen was for the drawing's size. MNIST's digits
    lie near its stroke over its box (2.8 / 20); every drawing of the test above whose brush is
    under a quarter of its box's width stays under THICK, and the app's brush (18 px) on a digit
    45 px high goes over it."""
    for digit, width, box in (p.values for p in DRAWINGS):
        if width >= 0.25 * (box[2] - box[0]):  # a 1, which no brush fills
            continue
        im = draw_digit(digit, box=box, width=width)
        x, thickness, _ = seen(im)
        assert np.array_equal(x, to_mnist(im)) and thickness < THICK, (digit, width, box)
    for digit in (0, 4, 8):
        assert seen(draw_digit(digit, box=(185, 175, 215, 220), width=18))[1] > THICK, digit
    x, _ = mnist_test
    drawn = [np.asarray(Image.fromarray((x[i, 0].numpy() * 255).astype(np.uint8))
                        .resize((280, 280), Image.BICUBIC)) for i in range(0, 10000, 50)]
    assert 0.12 <= np.median([seen(im)[1] for im in drawn]) <= 0.17


def closed_loop(corners: int, width: int, turn: float = 0.0, aspect: float = 1.0,
                stem: tuple | None = None) -> Image.Image:
    """A closed loop through `corners` points on an ellipse `aspect` times as wide as tall, in one
    stroke `width` px wide (a polygon; with many corners, a round 0), and a `stem` from its
    first point to that point (a 6 or a 9)."""
    a = turn + 2 * np.pi * np.arange(corners + 1) / corners
    points = list(zip(200 + 120 * aspect * np.cos(a), 200 + 120 * np.sin(a)))
    im = Image.new("L", (400, 400), 255)
    d = ImageDraw.Draw(im)
    for line in [points] + ([[points[0], stem]] if stem else []):
        d.line(line, fill=0, width=width, joint="curve")
        for x, y in (line[0], line[-1]):  # round caps, as a brush leaves them
            d.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=0)
    return im


def test_sides_tell_a_polygon_from_a_round_loop(mnist_test):
    """seen's sides: a closed loop of 3-8 straight sides, at any pen width, turn and aspect
    (0.7-1.4), is traced by 3-SIDES segments (about one a side); a round loop of any aspect, a
    loop with a stem, two loops or none give 0; and so do MNIST's 0s, written by hand, but for
    a few lopsided ones."""
    for width in (6, 18, 30):
        for turn, aspect in ((0.0, 0.7), (0.3, 1.0), (1.1, 1.4)):
            for n in range(3, 9):
                assert n <= seen(closed_loop(n, width, turn, aspect)).sides <= SIDES, (n, width)
            for aspect in (0.3, 1.0, 3.0):
                assert seen(closed_loop(48, width, turn, aspect)).sides == 0, (width, aspect)
            assert seen(closed_loop(6, width, turn, stem=(330, 20))).sides == 0
    assert [seen(draw_digit(d)).sides for d in (1, 2, 3, 4, 7, 8, "house")] == [0] * 7
    assert 7 <= seen(draw_digit(0)).sides <= SIDES  # the drawn 0 of these tests: a heptagon
    x, y = mnist_test  # its 980 0s, drawn 280 px high (4 of them lopsided loops: 0.4%)
    zeros = [np.asarray(Image.fromarray((255 - x[i, 0].numpy() * 255).astype(np.uint8))
                        .resize((280, 280), Image.BICUBIC)) for i in np.flatnonzero(y.numpy() == 0)]
    assert np.mean([seen(im).sides > 0 for im in zeros]) <= 0.01


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA", "LA", "P", "1", "I;16", "I", "F", "CMYK"])
def test_pil_modes_give_the_same_digit(mode):
    ref = to_mnist(draw_digit(4))
    im = draw_digit(4)
    im = im.convert(mode) if mode != "I;16" else Image.fromarray(
        (np.asarray(im, np.uint16) * 257))
    assert np.abs(to_mnist(im) - ref).mean() < 0.02


def test_transparent_strokes_either_colour():
    alpha = draw_digit(7, ink=255, paper=0)
    ref = to_mnist(draw_digit(7))
    for colour in (0, 255):  # black ink or white ink, both on a transparent layer
        im = Image.new("RGBA", alpha.size, (colour,) * 3 + (0,))
        im.putalpha(alpha)
        assert np.abs(to_mnist(im) - ref).mean() < 0.02


@pytest.mark.parametrize("kind", ["uint8", "float01", "float255", "bool", "int64", "rgb", "rgba"])
def test_numpy_inputs_and_polarity(kind):
    dark_on_light = np.asarray(draw_digit(2))
    ref = to_mnist(dark_on_light)
    light_on_dark = 255 - dark_on_light  # MNIST's own polarity must be detected, not assumed
    a = {"uint8": light_on_dark, "float01": light_on_dark / 255.0, "float255": light_on_dark * 1.0,
         "bool": light_on_dark > 127, "int64": light_on_dark.astype(np.int64),
         "rgb": np.stack([dark_on_light] * 3, -1),
         "rgba": np.dstack([dark_on_light] * 3 + [np.full_like(dark_on_light, 255)])}[kind]
    assert np.abs(to_mnist(a) - ref).mean() < 0.03


def test_sketchpad_value():
    check_layout(to_mnist(sketchpad_value(draw_digit(3))))


def test_a_one_stays_thin_and_upright():
    x = to_mnist(draw_digit(1, box=(150, 20, 250, 380), width=30))
    cols = np.nonzero((x > 0.3).any(0))[0]
    rows = np.nonzero((x > 0.3).any(1))[0]
    assert np.ptp(rows) + 1 >= 19 and np.ptp(cols) + 1 <= 6


def test_stray_dot_and_specks_do_not_move_the_digit():
    clean = draw_digit(7, box=(150, 150, 300, 350))
    noisy = np.asarray(clean).copy()
    noisy[20:32, 20:32] = 0                       # a stray dot far from the digit
    rng = np.random.default_rng(0)
    ys, xs = rng.integers(0, 400, (2, 40))
    noisy[ys, xs] = 0                             # single-pixel specks
    assert np.abs(to_mnist(noisy) - to_mnist(clean)).mean() < 0.02


def test_photo_with_shadow_and_texture(cnn):
    """Dark pen on light paper, lit unevenly, with grain: the photo case."""
    ink = 1 - np.asarray(draw_digit(3, canvas=(600, 800), box=(220, 250, 420, 560), width=9)) / 255
    yy, xx = np.mgrid[:800, :600] / 800
    paper = 0.9 - 0.45 * xx - 0.2 * yy                          # a shadow across the page
    grain = np.random.default_rng(1).normal(0, 0.03, paper.shape)
    photo = np.clip(paper * (1 - 0.8 * ink) + grain, 0, 1)
    x = to_mnist((photo * 255).astype(np.uint8))
    check_layout(x)
    assert cnn.predict_proba(x).argmax() == 3


def test_exif_rotated_photo_is_read_upright():
    upright = draw_digit(7)
    stored = upright.rotate(90, expand=True)      # the sensor's orientation
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6                              # "rotate 90 CW to display"
    stored.convert("RGB").save(buf, "JPEG", exif=exif, quality=95)
    buf.seek(0)
    assert np.abs(to_mnist(Image.open(buf)) - to_mnist(upright)).mean() < 0.03


def test_a_files_bytes_are_read_as_the_file(tmp_path):
    """An image file's bytes (as the page sends a drawing) read as the file at a path does."""
    path = tmp_path / "4.png"
    draw_digit(4).convert("RGBA").save(path)
    assert np.array_equal(to_mnist(path.read_bytes()), to_mnist(str(path)))
    with pytest.raises(ValueError, match="no image format recognised"):
        to_mnist(str(path).encode())  # bytes are never a path


@pytest.mark.parametrize("blank", [
    None, {"composite": None, "layers": [], "background": None},
    np.full((400, 400), 255, np.uint8), np.zeros((400, 400), np.uint8), np.full((50, 50), 0.5),
    np.zeros((1, 1)), np.full((400, 400, 4), 0, np.uint8)], ids=[
    "none", "sketchpad-none", "white", "black", "grey", "1x1", "transparent"])
def test_blank_raises_empty_image_error(blank):
    with pytest.raises(EmptyImageError, match="draw a digit"):
        to_mnist(blank)


def test_a_single_dot_is_not_a_digit():
    im = np.full((400, 400), 255, np.uint8)
    im[195:205, 195:205] = 0
    with pytest.raises(EmptyImageError, match="dot"):
        to_mnist(im)


@pytest.mark.parametrize("bad, message", [
    (np.zeros((10, 10, 2)), "shape"), (np.zeros((4, 4, 4, 4)), "shape"),
    (np.array([[np.nan, 1.0], [0.0, 0.0]]), "NaN"), (np.array([[np.inf, 0.0]]), "NaN"),
    (np.zeros((3, 3), np.complex64), "pixel type"),
    (io.BytesIO(b"this is not an image"), "readable"), (b"", "readable"), (42, "Cannot read")])
def test_unusable_input_raises_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        to_mnist(bad)


def test_a_missing_file_is_not_found():
    """A path to nothing is no bad image: Python's own FileNotFoundError, naming the path."""
    with pytest.raises(FileNotFoundError, match="no/such/file.png"):
        to_mnist("no/such/file.png")


def test_truncated_png_and_bomb_are_refused():
    buf = io.BytesIO()
    draw_digit(4).save(buf, "PNG")
    with pytest.raises(ValueError, match="(?i)read"):
        to_mnist(io.BytesIO(buf.getvalue()[:300]))
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")  # a few KB that decode to 400 megapixels
    bomb.seek(0)
    with pytest.raises(ValueError, match="too large"):
        to_mnist(bomb)
    with pytest.raises(ValueError, match="too large"):
        to_mnist(np.broadcast_to(np.uint8(0), (10000, 10000)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hnp.arrays(dtype=st.sampled_from([np.uint8, np.uint16, np.int32, np.float32, np.float64, bool]),
                  shape=st.tuples(st.integers(1, 90), st.integers(1, 90)).flatmap(
                      lambda hw: st.sampled_from([hw, hw + (1,), hw + (3,), hw + (4,)]))))
def test_property_valid_output_or_value_error(a):
    try:
        x = to_mnist(a)
    except ValueError:
        return
    assert x.shape == (28, 28) and x.dtype == np.float32
    assert np.isfinite(x).all() and x.min() >= 0 and x.max() <= 1


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F"]),
       st.integers(1, 120), st.integers(1, 120), st.integers(0, 2**32 - 1))
def test_property_pil_modes(mode, w, h, seed):
    rng = np.random.default_rng(seed)
    im = Image.fromarray(rng.integers(0, 256, (h, w), dtype=np.uint8)).filter(ImageFilter.BoxBlur(seed % 3))
    try:
        x = to_mnist(im.convert(mode))
    except ValueError:
        return
    assert x.shape == (28, 28) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1


def test_pasted_mnist_digits_keep_the_cnn_answer(mnist_test, cnn):
    """MNIST test digits enlarged, moved, thickened or thinned and inverted on a big canvas:
    after to_mnist the CNN must say what it says on the original for at least 99% of them."""
    x, _ = mnist_test
    rng = np.random.default_rng(0)
    idx = rng.choice(len(x), 300, replace=False)
    same = 0
    for i in idx:
        digit = Image.fromarray((x[i, 0].numpy() * 255).astype(np.uint8))
        k = int(rng.integers(4, 16))
        big = digit.resize((28 * k, 28 * k), Image.BICUBIC)
        # thicker or thinner strokes (PIL's rank filters need a size of at least 3)
        if rng.random() < 0.5:
            big = big.filter(ImageFilter.MaxFilter(2 * int(rng.integers(1, k // 2 + 1)) + 1))
        elif k >= 6:
            big = big.filter(ImageFilter.MinFilter(2 * int(rng.integers(1, k // 3 + 1)) + 1))
        canvas = Image.new("L", (28 * 18, 28 * 16), 0)
        canvas.paste(big, (int(rng.integers(0, canvas.width - big.width + 1)),
                           int(rng.integers(0, canvas.height - big.height + 1))))
        if rng.random() < 0.5:
            canvas = Image.eval(canvas, lambda v: 255 - v)
        original = cnn.predict_proba(x[i, 0].numpy()).argmax()
        same += cnn.predict_proba(to_mnist(canvas)).argmax() == original
    assert same / len(idx) >= 0.99, f"{same}/{len(idx)} agree"
