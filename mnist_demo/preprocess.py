"""Any drawing or photo of a digit -> a 28x28 MNIST-format image.

MNIST's own recipe (ink bounding box scaled into 20x20 with anti-aliasing, centre of mass at the
centre of 28x28) plus what real drawings need: ink polarity detected, uneven photo lighting
removed, stray specks ignored, and the stroke width normalised to MNIST's, so that a thin pen or
a fat finger both look like the pen strokes the models were trained on.

Everything after loading runs on an image of at most WORK_SIDE pixels a side, so the cost is
bounded whatever the input size.
"""
import io
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy import ndimage as ndi

MAX_PIXELS = 50_000_000   # larger inputs are refused before any work (decompression bombs)
WORK_SIDE = 320           # inputs are box-downscaled to at most this many pixels a side
UNIT = 4                  # the stroke is normalised on a grid UNIT times finer than MNIST's
STROKE = 2.8              # median MNIST stroke width in pixels, measured by stroke_width()
STROKE_RANGE = (2.0, 4.2) # its 5th-95th percentiles over the MNIST test set
MIN_CONTRAST = 0.12       # weaker ink than this (on a 0-1 scale) is no ink
INK = 0.35                # ink at least this strong (0-1) makes up the strokes' shapes
RULE = 7                  # ruled lines are thinner than this many pixels (of at most WORK_SIDE)
CENTRE = 14.0             # MNIST's centre of mass lies at pixel index 14.0 (mean over its test set)
THICK = 0.25              # strokes wider than this share of the drawing's longer side (MNIST's:
                          # 0.15) have filled a small drawing's loops and gaps: draw it bigger
SIDES = 9                 # one closed loop traced by at most this many straight segments is drawn
STRAIGHT = 0.025          # like a polygon (of up to 8 sides): no point of its inside's edge
                          # further than this share of the loop's size from them (a round loop
                          # needs more; docs/handwriting.md, "Polygons")
LOOP = 120                # ...looked at with the drawing's longer side this many pixels


class EmptyImageError(ValueError):
    """The image holds no digit: blank, uniform, or too little ink to read. `reason` says which,
    without the advice ("draw a digit") that the message adds."""

    def __init__(self, reason: str):
        super().__init__(f"{reason}: draw a digit.")
        self.reason = reason

    def __reduce__(self):  # pickled with its reason (as a worker process raises it to the app)
        return type(self), (self.reason,)


def to_mnist(image) -> np.ndarray:
    """A Sketchpad value, path, image file's bytes, PIL image or numpy array -> (28, 28) float32
    in [0, 1], white on black.

    Raises EmptyImageError when there is nothing to read, ValueError when the input is unusable."""
    return seen(image)[0]


class Seen(NamedTuple):
    """What preprocessing finds in a drawing: to_mnist's 28x28, and two facts about the drawing
    as drawn that the 28x28 no longer shows."""
    x: np.ndarray     # (28, 28) float32 in [0, 1], white on black
    thickness: float  # the strokes' width over the drawing's longer side (above THICK, a pen
                      # too broad for so small a drawing has filled its loops)
    sides: int        # one closed loop and nothing more: the straight segments that trace
                      # its inside (sides(); 0: not one loop, or a round one)


def seen(image) -> Seen:
    """to_mnist's 28x28, the drawing's thickness and its sides (Seen)."""
    ink = _keep_digit(ink_of(image)[0])
    strokes, thickness = _normalise_stroke(ink)
    return Seen(centre(strokes), thickness, sides(ink))


def ink_of(image) -> tuple[np.ndarray, float]:
    """Load any input and find its ink: ((H, W) float32 in [0, 1], ink bright on zero, at most
    WORK_SIDE a side; how many input pixels one of its pixels spans). The errors of to_mnist."""
    grey, side = _grey(image)
    return _ink(grey), side / max(grey.shape)


def ink_to_mnist(ink: np.ndarray) -> np.ndarray:
    """The ink of one digit (everything else zero) -> MNIST's 28x28: stroke width, box, centre."""
    return centre(_normalise_stroke(ink)[0])


def only(ink: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The ink of the strokes in `mask` (INK-level pixels), with their soft edges, the rest zero."""
    near = mask.copy()  # the mask grown by one pixel up, down, left and right
    near[1:] |= mask[:-1]
    near[:-1] |= mask[1:]
    near[:, 1:] |= mask[:, :-1]
    near[:, :-1] |= mask[:, 1:]
    return np.where(near, ink, 0)


def stroke_width(img: np.ndarray, upsample: int = 1) -> float:
    """Mean stroke width in pixels: 4x the mean distance of ink pixels to the background.

    For a long stroke of width w the distance to its edge averages w/4. `upsample` first
    enlarges the image (bilinear) so that a 28x28 digit is measured without pixel bias."""
    if upsample > 1:
        h, w = img.shape
        img = np.asarray(Image.fromarray(img.astype(np.float32))
                         .resize((w * upsample, h * upsample), Image.BILINEAR))
    mask = img > 0.5
    if not mask.any():
        return 0.0
    return 4 * float(ndi.distance_transform_edt(mask)[mask].mean()) / upsample


# --- loading: anything -> (H, W) float32 grey in [0, 1], at most WORK_SIDE a side -------------

def _grey(image) -> tuple[np.ndarray, int]:
    """The grey image, and the input's longer side in pixels."""
    if image is None:
        raise EmptyImageError("Nothing drawn yet")
    if isinstance(image, dict):  # a Gradio Sketchpad / ImageEditor value
        image = image.get("composite")
        if image is None:
            raise EmptyImageError("Nothing drawn yet")
    if isinstance(image, bytes):
        image = io.BytesIO(image)
    if isinstance(image, str) or hasattr(image, "read"):
        image = _open(image)
    if isinstance(image, Image.Image):
        return _grey_from_pil(image), max(image.size)
    if isinstance(image, np.ndarray):
        return _grey_from_array(image), max(image.shape[:2])
    raise ValueError(f"Cannot read a {type(image).__name__} as an image.")


def _open(source) -> Image.Image:
    """A path or file object -> PIL image, with PIL's decompression-bomb guard as an error."""
    try:
        im = Image.open(source)  # reads the header only: check the size before decoding
        _check_size(*im.size)
        im.load()
        return im
    except Image.DecompressionBombError as e:
        raise ValueError(f"Image too large: {e}") from e
    except UnidentifiedImageError as e:
        raise ValueError("Not a readable image file: no image format recognised.") from e
    except FileNotFoundError:
        raise  # a path to nothing: not a bad image
    except (OSError, SyntaxError) as e:
        raise ValueError(f"Not a readable image file ({e}).") from e


def _check_size(w: int, h: int) -> None:
    if w < 1 or h < 1:
        raise EmptyImageError("The image is empty (0 pixels)")
    if w * h > MAX_PIXELS:
        raise ValueError(f"Image too large: {w}x{h} is over {MAX_PIXELS:,} pixels.")


def _grey_from_pil(im: Image.Image) -> np.ndarray:
    _check_size(*im.size)
    try:
        if im.getexif().get(0x0112, 1) != 1:  # phone photos: read upright
            im = ImageOps.exif_transpose(im)
        if im.mode in ("I", "F") or im.mode.startswith("I;16"):
            return _grey_from_array(np.asarray(im))  # 16/32-bit: scaled by the array rules
        if "A" in im.mode or "transparency" in im.info:
            im = im if im.mode == "RGBA" else im.convert("RGBA")
            if im.getchannel("A").getextrema()[0] == 255:  # opaque, as the Sketchpad's composite
                im = im.convert("L")
        elif im.mode != "L":  # grey before downscaling: a third of the pixels to average
            im = (im if im.mode == "RGB" else im.convert("RGB")).convert("L")
        k = -(-max(im.size) // WORK_SIDE)
        if k > 1:
            im = im.reduce(k)  # a fast box filter in C, before numpy sees 12 megapixels
        return _grey_from_array(np.asarray(im))
    except (OSError, SyntaxError) as e:  # corrupt or truncated data met while decoding
        raise ValueError(f"Cannot read this image ({e}).") from e


def _grey_from_array(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (3, 4)):
        raise ValueError(f"Expected an (H, W), (H, W, 3) or (H, W, 4) image, got shape {a.shape}.")
    _check_size(a.shape[1], a.shape[0])
    if a.dtype == np.uint8 and max(a.shape[:2]) > WORK_SIDE:
        return _grey_from_pil(Image.fromarray(a))  # PIL downscales 8-bit pixels much faster
    if a.dtype == bool:
        a = a.astype(np.float32)
    elif np.issubdtype(a.dtype, np.integer):  # 0-1 masks, 8-bit, or 16-bit ranges
        top = a.max(initial=0)
        a = a.astype(np.float32) / (1 if top <= 1 and a.dtype != np.uint8 else 255 if top <= 255 else 65535)
    elif np.issubdtype(a.dtype, np.floating):
        if not np.isfinite(a).all():
            raise ValueError("Image has NaN or infinite values.")
        a = np.clip(a, 0, 255).astype(np.float32)  # clip first: 1e300 must not become inf
        if a.max(initial=0) > 1:
            a = a / 255
    else:
        raise ValueError(f"Unsupported pixel type {a.dtype}.")
    a = np.clip(a, 0, 1)
    a = _box_reduce(a, -(-max(a.shape[:2]) // WORK_SIDE))
    if a.ndim == 2:
        return a
    grey = a[:, :, :3] @ np.array([0.299, 0.587, 0.114], np.float32)
    if a.shape[2] == 4 and a[:, :, 3].min() < 1:
        grey = _flatten_alpha(grey, a[:, :, 3])
    return grey


def _box_reduce(a: np.ndarray, k: int) -> np.ndarray:
    """Mean over k x k blocks (the edge remainder is dropped)."""
    if k <= 1:
        return a
    h, w = a.shape[0] // k * k, a.shape[1] // k * k
    if h == 0 or w == 0:
        raise ValueError(f"Image too thin: {a.shape[1]}x{a.shape[0]}.")
    return a[:h, :w].reshape(h // k, k, w // k, k, *a.shape[2:]).mean(axis=(1, 3))


def _flatten_alpha(grey: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Composite transparent strokes over a background that contrasts with the ink's colour."""
    if alpha.max() < MIN_CONTRAST:
        raise EmptyImageError("The image is fully transparent")
    ink_is_dark = np.average(grey, weights=alpha) < 0.5
    return grey * alpha + float(ink_is_dark) * (1 - alpha)


# --- ink: bright strokes on a zero background ------------------------------------------------

def _ink(grey: np.ndarray) -> np.ndarray:
    """Find the paper and the ink without assuming a margin: detect the polarity, remove ruled
    lines, take away the paper's (possibly uneven) level, scale the ink to [0, 1]."""
    border = _border(grey)
    dark = _dark_ink(border, *_range(grey))
    if dark:
        grey, border = 1 - grey, 1 - border
    if border.std() > 0.02:  # paper that is not one flat colour: a photo, a scan, a tight crop
        grey = _remove_rules(grey)
        paper = _background(grey)
        ink = grey - paper
        if dark:  # light falls on paper and ink alike: ink is what the paper under it lost
            ink = ink / np.maximum(1 - paper, 0.1)
    else:  # a canvas or a clean scan with a margin: the border is the paper
        ink = grey - np.median(border)
    # the brightest 2x2 patch, not the brightest pixel, so one hot pixel cannot set the scale
    top = _range(ink)[1]
    if top < MIN_CONTRAST:
        raise EmptyImageError("No ink found")
    return np.clip(ink / top, 0, 1)


def _range(a: np.ndarray) -> tuple[float, float]:
    """The darkest and the brightest 2x2 patches: one hot pixel does not set them."""
    smooth = ndi.uniform_filter(a, 2)
    return float(smooth.min()), float(smooth.max())


def _border(a: np.ndarray) -> np.ndarray:
    return np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])


def _dark_ink(border: np.ndarray, lo: float, hi: float) -> bool:
    """Dark ink on light paper (True), or light ink on a dark ground such as MNIST's?

    The paper is what the border shows most of, at one end of the image's range (lo, hi); the
    ink is at the other. A shadow over the page puts part of the border at neither end."""
    span = 0.25 * (hi - lo)
    return (border >= hi - span).mean() >= (border <= lo + span).mean()


def _background(grey: np.ndarray) -> np.ndarray:
    """The paper under bright ink, whatever the stroke width and the lighting.

    A grey opening removes what is narrower than its size and keeps broader light. Too small,
    it keeps thick strokes as paper; too large, it takes a shadow for ink. So the size is read
    off the drawing: from twice the width of the inkiest strokes (darker than any shadow),
    openings of growing size, until the area they find to be ink stops growing: every stroke is
    inside, and a shadow, broader than any stroke, is met only after that. Failing a plateau,
    the size where that area grew least; with too few sizes to compare, one opening over the
    whole image. Where the strokes are as wide as the image (a tight crop of a 1), the paper is
    the image's faintest level."""
    lo, hi = _range(grey)
    pen = stroke_width((grey > lo + 0.8 * (hi - lo)).astype(np.float32))
    sizes = [max(3, 2 * round(pen) + 1)]
    if sizes[0] > min(grey.shape):
        return np.full_like(grey, lo)
    while sizes[-1] < max(grey.shape):
        sizes.append(round(1.5 * sizes[-1]) | 1)
    best, least, last = None, np.inf, None
    for size in sizes[:-1]:  # the last spans the image: the fallback
        opened = ndi.grey_opening(grey, size=size)
        area = ((grey - opened) > 0.3 * (hi - lo)).mean()
        if last is not None:
            growth = area / max(last[1], 2e-3)
            if growth <= 1.05:
                return last[0]
            if growth < least:
                best, least = last[0], growth
        last = opened, area
    return best if best is not None else ndi.grey_opening(grey, size=sizes[-1])


def _remove_rules(grey: np.ndarray) -> np.ndarray:
    """Remove ruled and squared paper's lines from bright-ink `grey`: thin straight lines, nearly
    level or plumb, that run across the image. Along each line an opening across it takes out
    what is as thin as the line, and keeps the strokes that cross it; of what it takes, ink
    darker than the line stays (a stroke running along the line)."""
    thin = grey - ndi.grey_opening(grey, size=RULE)  # only what is narrower than RULE
    mask = thin > MIN_CONTRAST / 2
    out = grey
    for transpose in (False, True):
        band, width = _level_lines(mask.T if transpose else mask, out.T if transpose else out)
        if width:
            if transpose:
                band = band.T
            across = ndi.grey_opening(out, size=(1, width + 1) if transpose else (width + 1, 1))
            # where a stroke runs along the line the opening takes it too: keep what it took
            # beyond the line's own contrast (most of the line's pixels), so that a pen darker
            # than the rules keeps its strokes whole
            taken = out - across
            line = taken[band & mask]
            level = np.percentile(line, 75) if line.size else np.inf
            out = np.where(band, across + np.maximum(taken - level, 0), out)
    return out


def _level_lines(mask: np.ndarray, grey: np.ndarray, max_tilt: float = 4.0):
    """(band, width): the pixels along straight lines within max_tilt degrees of level that
    `mask` covers for 60% of their length (strokes hide the rest) and, for those that stay in
    the image, at both ends; and the lines' width in pixels. Two or more such lines (ruled
    paper), or one clearly thinner than the pen; else width 0."""
    h, w = mask.shape
    none = None, 0
    if w < 16 or not mask.any():
        return none
    # a pixel above or below counts too: a line's slope falls between the 17 tried
    ys, xs = np.nonzero(ndi.binary_dilation(mask, np.ones((3, 1), bool)))
    best = None
    for slope in np.tan(np.radians(np.linspace(-max_tilt, max_tilt, 17))):
        shift = np.round(np.arange(w) * slope).astype(int)
        line = ys - shift[xs] + shift.max()  # the line of this slope each mask pixel is on
        cover = np.bincount(line, minlength=h + np.ptp(shift))
        if best is None or cover.max() > best[0].max():
            best = cover, shift, line
    cover, shift, line = best
    number = np.arange(h)[:, None] - shift[None, :] + shift.max()  # each pixel's line number
    length = np.bincount(number.ravel(), minlength=len(cover))  # of each line, in the image
    # a rule runs from edge to edge: a line that stays inside the image is seen at both ends
    ends = [np.bincount(line[side], minlength=len(cover)) > 0
            for side in (xs < 0.1 * w, xs >= 0.9 * w)]
    covered = (cover >= 0.6 * length) & (length >= 0.5 * w)
    runs, _ = ndi.label(covered)  # each run: one line, as thick as it is
    found = np.unique(runs[covered & ((length < w) | ends[0] & ends[1])])
    n = len(found)
    if n == 0:
        return none
    lines = np.isin(runs, found)
    width = int(np.bincount(runs[lines]).max())
    band = ndi.binary_dilation(lines)[number]  # every pixel along those lines, edges too
    if n == 1:  # one line: a rule only if thinner than the strokes (a 7's bar spans a tight crop)
        pen = stroke_width(((grey > 0.5 * grey.max()) & ~band).astype(np.float32))
        if width > 0.5 * pen:
            return none
    return band, width


def _keep_digit(ink: np.ndarray) -> np.ndarray:
    """Zero everything but the digit's strokes: specks and stray dots must not set the box."""
    mask = ink > INK
    labels, n = ndi.label(mask, structure=np.ones((3, 3)))
    if n == 0:
        raise EmptyImageError("No ink found")
    slices = ndi.find_objects(labels)
    edge = np.array([edge_line(*sl, *ink.shape) for sl in slices])
    areas = np.bincount(labels.ravel(), minlength=n + 1)[1:] * ~edge
    if not areas.any():
        raise EmptyImageError("No ink found")
    keep = areas >= 0.1 * areas.max()
    # small pieces are kept only when they lie within the box of the big ones (a dot on a 1 is not)
    big = [sl for sl, k in zip(slices, keep) if k]
    box = (min(sl[0].start for sl in big), max(sl[0].stop for sl in big),
           min(sl[1].start for sl in big), max(sl[1].stop for sl in big))
    for i, sl in enumerate(slices):
        if not keep[i] and not edge[i] and sl[0].start >= box[0] and sl[0].stop <= box[1] \
                and sl[1].start >= box[2] and sl[1].stop <= box[3]:
            keep[i] = True
    return only(ink, np.concatenate([[False], keep])[labels])  # label -> kept, pixel by pixel


def edge_line(rows: slice, cols: slice, h: int, w: int) -> bool:
    """Is this box a thin line along one edge of the image, such as the edge of a page or a
    ruled line cut by the frame? Not a digit's stroke."""
    for (a, n), (b, m) in (((rows, h), (cols, w)), ((cols, w), (rows, h))):
        if a.stop - a.start <= 0.015 * n and (a.start == 0 or a.stop == n) \
                and b.stop - b.start >= 0.25 * m:
            return True
    return False


# --- geometry: stroke width, then MNIST's box and centre -------------------------------------

def _crop(ink: np.ndarray, threshold: float = 0.05) -> np.ndarray:
    rows, cols = np.nonzero(ink > threshold)
    if rows.size == 0:
        raise EmptyImageError("No ink found")
    return ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def _resize(a: np.ndarray, h: int, w: int) -> np.ndarray:
    """Anti-aliased resize of a float image (box filter down, bilinear up)."""
    im = Image.fromarray(a.astype(np.float32))
    shrink = h < a.shape[0] or w < a.shape[1]
    return np.asarray(im.resize((max(w, 1), max(h, 1)), Image.BOX if shrink else Image.BILINEAR))


def _fit(a: np.ndarray, side: int) -> np.ndarray:
    """Scale so the longer side is `side`, keeping the aspect ratio (a 1 stays thin)."""
    h, w = a.shape
    s = side / max(h, w)
    return _resize(a, max(1, round(h * s)), max(1, round(w * s)))


def _normalise_stroke(ink: np.ndarray) -> tuple[np.ndarray, float]:
    """Redraw strokes at MNIST's width when they are much thinner or thicker than it; and their
    width as drawn, over the drawing's longer side.

    Works at UNIT x the final 20-pixel box: erosion or dilation by the width difference, read
    off Euclidean distance transforms, with a one-pixel soft edge as anti-aliasing."""
    box = 20 * UNIT
    big = _fit(_crop(ink), box)
    big = big / big.max()  # a hairline shrunk to this grid fades; its ink still counts as ink
    pad = 2 * STROKE * UNIT
    big = np.pad(big, int(pad))
    width = stroke_width(big)
    if width > 0.45 * box:  # as wide as it is long: a dot or a blob, not a drawn digit
        raise EmptyImageError("That is a dot, not a digit")
    return restroke(big, width, STROKE * UNIT), width / box


def sides(ink: np.ndarray) -> int:
    """When the drawing (`ink`, bright on zero, any size) is one closed loop and nothing more (a
    0, a hexagon; not a 6, 8 or 9, whose strokes go on past a loop, nor a clock or a face), how
    many straight segments trace its inside: Douglas-Peucker's at STRAIGHT x its size (a
    polygon's sides, or one or two more), SIDES at most (a round loop needs more); else 0.

    A pen's inner corners stay sharp however broad it is, so the inside shows the sides as drawn."""
    big = _fit(_crop(ink), LOOP)
    mask = np.pad(big > 0.5 * big.max(), 2)
    spaces, n = ndi.label(~mask)
    outside = np.unique(np.concatenate([spaces[0], spaces[-1], spaces[:, 0], spaces[:, -1]]))
    area = np.bincount(spaces.ravel(), minlength=n + 1)
    area[outside] = 0
    area[0] = 0
    holes = np.flatnonzero(area >= (0.06 * LOOP) ** 2)  # a pen's specks are no hole
    if len(holes) != 1:
        return 0
    inside = spaces == holes[0]
    far = ndi.distance_transform_edt(~inside)[mask]  # each ink pixel's distance to the inside
    if (far > 1.5 * stroke_width(mask.astype(np.float32))).mean() > 0.05:
        return 0  # a stem or tail beyond the loop's own stroke
    rows, cols = np.nonzero(inside & ~ndi.binary_erosion(inside))
    turn = np.argsort(np.arctan2(rows - rows.mean(), cols - cols.mean()), kind="stable")
    edge = np.column_stack([cols[turn], rows[turn]]).astype(float)  # round the inside
    size = np.sqrt(np.ptp(rows) * np.ptp(cols))  # a narrow 0 is no straighter than a round one
    start = int(np.argmax(np.hypot(*(edge - edge.mean(0)).T)))
    edge = np.roll(edge, -start, axis=0)
    half = int(np.argmax(np.hypot(*(edge - edge[0]).T)))  # the corner across from the first
    count = (_corners(edge[:half + 1], STRAIGHT * size)
             + _corners(np.vstack([edge[half:], edge[:1]]), STRAIGHT * size))
    return count if count <= SIDES else 0


def _corners(line: np.ndarray, tolerance: float) -> int:
    """Douglas-Peucker: how many segments keep every point of the open polyline `line` ((N, 2))
    within `tolerance` of them."""
    kept, todo = 1, [(0, len(line) - 1)]
    while todo:
        a, b = todo.pop()
        if b - a < 2:
            continue
        ab, ap = line[b] - line[a], line[a + 1:b] - line[a]
        off = np.abs(ab[0] * ap[:, 1] - ab[1] * ap[:, 0]) / max(np.hypot(*ab), 1e-9)
        i = int(np.argmax(off))
        if off[i] > tolerance:
            kept += 1
            todo += [(a, a + 1 + i), (a + 1 + i, b)]
    return kept


def restroke(ink: np.ndarray, width: float, target: float) -> np.ndarray:
    """`ink`, whose strokes are `width` px wide, redrawn `target` px wide unless that is within
    MNIST's own spread of widths (STROKE_RANGE, scaled to `target`)."""
    lo, hi = (r / STROKE * target for r in STROKE_RANGE)
    if lo * 1.1 <= width <= hi * 0.85:
        return ink
    mask = ink > 0.5
    if width > target:  # too thick: erode
        depth = ndi.distance_transform_edt(mask)
        return np.clip(depth - (width - target) / 2, 0, 1).astype(np.float32)
    gap = ndi.distance_transform_edt(~mask)  # too thin: dilate
    return np.clip((target - width) / 2 + 1 - gap, 0, 1).astype(np.float32)


def centre(ink: np.ndarray) -> np.ndarray:
    """MNIST layout: longer side 20 px, anti-aliased, centre of mass at the centre of 28x28."""
    digit = _fit(_crop(ink), 20)
    h, w = digit.shape
    cy, cx = ndi.center_of_mass(digit)
    # a whole-pixel shift, as MNIST made: the mass lands within half a pixel of the centre and
    # no resampling blurs the digit; bounded so that no ink leaves the 28x28 frame
    top = int(np.clip(round(CENTRE - cy), 0, 28 - h))
    left = int(np.clip(round(CENTRE - cx), 0, 28 - w))
    out = np.zeros((28, 28), np.float32)
    out[top:top + h, left:left + w] = digit
    return np.clip(out, 0, 1).astype(np.float32)
