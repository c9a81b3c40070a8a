"""The world's ways of writing digits that the training writers do not use, made from their
strokes: slashed zeros (Ø, the slash either way), zeros from narrow to twice as wide as tall, 1s
with a foot, a long flag or a bow (like an l), open 4s, crossed 7s, lopsided 8s, 9s with an
angular loop, any digit as a slow device samples it (a few points a stroke, straight between
them); and closed polygons and round things drawn round a 0 (clocks, smileys, apples, suns,
clouds, keys), which are doodles, not zeros.

Every style has a training range and a held-out one (another slash angle, a wider foot, a longer
flag, a crossbar lower down, polygons with other numbers of sides), so that the held-out writers
drawn in the held-out ranges measure whether the network learned the style or the examples.
Training writes the 0s', 1s' and 7s' styles and sparse sampling (TRAINED, ALL); the 4s', 8s' and
9s' are only measured (trained on, one run, they cost MNIST and did not help: docs/handwriting.md).
Records are those of handwriting.py ({"label", "strokes" with y growing upward, ...}), so
handwriting.drawn draws them as the Sketchpad does.
"""
import numpy as np

from .handwriting import along

# each style's range of its one parameter: (training, held-out); angles in degrees from the
# horizontal, lengths as a fraction of the digit's height. A 0's aspect ratio is held out in the
# middle of its range, (training ranges, held-out ranges) picked from at random.
SLASH = ((30, 70), (70, 88))          # the slash through a 0, as steep rising to the right as
                                      # falling (a backslash, as left-handers often draw it)
RISING = ((40, 70), (70, 88))         # the MLP's: rising to the right only (TRAINED_BY)
OVERSHOOT = ((0.0, 0.35), (0.35, 0.5))  # how far the slash runs past the 0, each end
ASPECT = (((0.3, 1.4), (1.9, 2.6)), ((1.4, 1.9),))  # a 0's width / height (pendigits': ~0.75)
FOOT = ((0.3, 0.7), (0.7, 1.0))       # the base under a 1
FLAG = ((0.15, 0.4), (0.4, 0.55))     # the stroke down-left from a 1's top
BOW = ((0.04, 0.12), (0.12, 0.2))     # how far a 1 bends, mid-height
CROSSBAR = ((0.4, 0.6), (0.25, 0.4))  # the height of a 7's crossbar above its foot
SLANT = ((0.1, 0.4), (-0.25, 0.1))    # how much of its slant an open 4's first arm keeps
WAIST = (((0.3, 0.42), (0.58, 0.7)), ((0.2, 0.3), (0.7, 0.8)))  # an 8's lower loop / its height
CORNERS = ((5, 7), (4, 5))            # points along a 9's loop, first and last the same: 4-5
                                      # corners, or a triangle (held out)
POINTS = ((9, 16), (7, 9))            # points a stroke, as a slow device samples it
SIDES = ((3, 4, 5), (6, 8))           # polygons (more sides: what a sparsely sampled 0 is)


def _line(a, b, n: int = 16) -> np.ndarray:
    return np.linspace(a, b, n)


def _unit(degrees) -> np.ndarray:
    """The unit vector `degrees` from the horizontal (y up)."""
    return np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])


def _points(record: dict) -> list[np.ndarray]:
    return [np.asarray(s, np.float64).reshape(-1, 2) for s in record["strokes"] if len(s)]


def _box(strokes: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    allp = np.concatenate(strokes)
    return allp.min(0), np.maximum(allp.max(0), allp.min(0) + 1)


def _x_at(strokes: list[np.ndarray], y: float) -> float:
    """Where the ink is at height y: the x of the point nearest that height."""
    allp = np.concatenate(strokes)
    return float(allp[np.argmin(abs(allp[:, 1] - y)), 0])


def _range(ranges, rng, way: int | None):
    """One of a style's `ranges`: the `way`-th (a writer's own, kept for all their drawings of
    the digit: hands), or one at random when None."""
    return ranges[rng.integers(len(ranges)) if way is None else way % len(ranges)]


def slashed(strokes, rng, held):
    """Ø: a straight stroke through the middle, past the oval's edges, `SLASH` steep, rising to
    the right or falling (one draw: a in (lo, hi) or 180 - a)."""
    a, b = SLASH[held]
    t = rng.uniform(a, 2 * b - a)
    return _slash(strokes, t if t <= b else 180 - (t - b + a), rng, held)


def rising(strokes, rng, held):
    """Ø with the slash rising to the right only, `RISING` steep: what the MLP trains on."""
    return _slash(strokes, rng.uniform(*RISING[held]), rng, held)


def _slash(strokes, degrees, rng, held):
    lo, hi = _box(strokes)
    centre, (w, h) = (lo + hi) / 2, hi - lo
    d = _unit(degrees)
    half = 0.5 * min(w / max(abs(d[0]), 1e-6), h / d[1]) * (1 + rng.uniform(*OVERSHOOT[held]))
    return strokes + [_line(centre - half * d, centre + half * d)]


def stretched(strokes, rng, held, way=None):
    """A 0 made `ASPECT` wide (log-uniform), as wide flat ovals and narrow ones are written;
    `way`: narrow or wide, where the range has both (_range)."""
    lo, hi = _box(strokes)
    ranges = ASPECT[held]
    r = np.exp(rng.uniform(*np.log(_range(ranges, rng, way))))
    k = r * (hi[1] - lo[1]) / (hi[0] - lo[0])
    return [np.column_stack([lo[0] + (s[:, 0] - lo[0]) * k, s[:, 1]]) for s in strokes]


def footed(strokes, rng, held):
    """A 1 on a base: a level stroke under its foot, centred on it."""
    lo, hi = _box(strokes)
    half = 0.5 * rng.uniform(*FOOT[held]) * (hi[1] - lo[1])
    x = _x_at(strokes, lo[1])
    return strokes + [_line((x - half, lo[1]), (x + half, lo[1]))]


def flagged(strokes, rng, held):
    """A 1 with a flag: a stroke from its top, down to the left at 20-50 degrees."""
    lo, hi = _box(strokes)
    length = rng.uniform(*FLAG[held]) * (hi[1] - lo[1])
    a = rng.uniform(20, 50)
    top = np.array([_x_at(strokes, hi[1]), hi[1]])
    return [_line(top - length * _unit(a), top)] + strokes


def bowed(strokes, rng, held, way=None):
    """A 1 as one long curved stroke: bent sideways by `BOW` of its height at mid-height;
    `way`: to the left or the right (_range)."""
    lo, hi = _box(strokes)
    h = hi[1] - lo[1]
    k = rng.uniform(*BOW[held]) * h * _range((-1, 1), rng, way)
    return [np.column_stack([s[:, 0] + 4 * k * (t := (s[:, 1] - lo[1]) / h) * (1 - t), s[:, 1]])
            for s in strokes]


def crossed(strokes, rng, held):
    """A crossed 7: a level bar through its stem, `CROSSBAR` of the height above its foot."""
    lo, hi = _box(strokes)
    y = lo[1] + rng.uniform(*CROSSBAR[held]) * (hi[1] - lo[1])
    half = 0.5 * rng.uniform(0.4, 0.7) * (hi[0] - lo[0])
    x = _x_at(strokes, y)
    return strokes + [_line((x - half, y), (x + half, y))]


def opened(strokes, rng, held):
    """An open 4 (like a Ч): its first arm, from the top down to the corner, stood up to keep
    `SLANT` of its slant, so it no longer meets the stem at the top."""
    first = strokes[0].copy()
    corner = int(np.argmin(first[:, 0]))
    xc = first[corner, 0]
    first[:corner, 0] = xc + (first[:corner, 0] - xc) * rng.uniform(*SLANT[held])
    return [first] + strokes[1:]


def lopsided(strokes, rng, held, way=None):
    """An 8 whose loops differ: the waist moved to `WAIST` of the height, each loop
    as much narrower or wider as it is shorter or taller; `way`: the lower loop the smaller
    or the larger (_range)."""
    lo, hi = _box(strokes)
    ranges = WAIST[held]
    p = rng.uniform(*_range(ranges, rng, way))
    h, mid, cx = hi[1] - lo[1], (lo[1] + hi[1]) / 2, (lo[0] + hi[0]) / 2
    out = []
    for s in strokes:
        y = np.interp(s[:, 1], [lo[1], mid, hi[1]], [lo[1], lo[1] + p * h, hi[1]])
        wide = np.interp(y, [lo[1], hi[1]], [np.sqrt(2 * p), np.sqrt(2 * (1 - p))])
        out.append(np.column_stack([cx + (s[:, 0] - cx) * wide, y]))
    return out


def angular(strokes, rng, held):
    """A 9 whose loop is drawn in straight strokes: `CORNERS` points evenly along the loop (from
    the pen's start to where it comes back closest to it), the stem as it was."""
    if len(strokes) > 1:
        loop, rest = strokes[0], strokes[1:]
    else:
        s = strokes[0]
        i = len(s) // 4 + int(np.argmin(np.linalg.norm(s[len(s) // 4:] - s[0], axis=1)))
        loop, rest = s[:i + 1], [s[i:]]
    return [along(loop, int(rng.integers(*CORNERS[held])))] + rest


def sparse(strokes, rng, held):
    """As a slow device samples a stroke: `POINTS` points evenly along it, straight between."""
    return [along(q, int(rng.integers(*POINTS[held]))) for q in strokes]


# the styles training writes (with ALL), and all that the benchmarks measure
TRAINED = {0: (slashed, stretched), 1: (footed, flagged, bowed), 7: (crossed,)}
# what each network trains on (and its doodle check is calibrated on): the MLP's 0s are slashed
# rising to the right only, as before the backslash: it learns a slashed 0 in neither direction,
# and the backslash cost its doodle check a drawn hash (docs/handwriting.md, "Slashes either way")
TRAINED_BY = {"cnn": TRAINED, "mlp": {**TRAINED, 0: (rising, stretched)}}
STYLES = {**TRAINED, 4: (opened,), 8: (lopsided,), 9: (angular,)}
ALL = (sparse,)  # any digit
WAYS = (stretched, bowed, lopsided)  # with a way round (a side) that a writer keeps


def styled(records: list[dict], held_out: bool, seed: int = 0, every: bool = True,
           styles: dict = STYLES) -> list[dict]:
    """Each record written in each of its digit's styles (`every`; else in one of them, at
    random): a 0, 1, 4, 7, 8 or 9 in its own (`styles`: STYLES, or what training writes, TRAINED)
    and any digit sparsely sampled (ALL); a 1 footed and flagged at once half the times it is
    footed, a slashed 0 also stretched half the times; in the training (False) or held-out (True)
    ranges: records with the style's name under "style"."""
    rng = np.random.default_rng(seed)
    out = []
    for r in records:
        mine = styles.get(r["label"], ()) + ALL
        for style in mine if every else [mine[rng.integers(len(mine))]]:
            strokes = style(_points(r), rng, held_out)
            name = style.__name__
            if style is footed and rng.random() < 0.5:
                strokes, name = flagged(strokes, rng, held_out), "footed+flagged"
            if style in (slashed, rising) and rng.random() < 0.5:
                strokes, name = stretched(strokes, rng, held_out), "slashed+stretched"
            out.append(_written(r, name, strokes))
    return out


def _written(record: dict, style: str, strokes: list[np.ndarray]) -> dict:
    return {**record, "style": style, "strokes": [s.tolist() for s in strokes]}


def polygons(count: int, held_out: bool, seed: int = 0) -> list[dict]:
    """`count` closed polygons drawn in one stroke, as people draw hexagons and stop signs: a
    number of `SIDES`, corners up to 12% off a circle, turned at random, 0.6-1.6 times as wide
    as tall, the stroke closing where it began (or a little past)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        n = int(rng.choice(SIDES[held_out]))
        a = rng.uniform(0, 2 * np.pi) + 2 * np.pi * np.arange(n + 1) / n
        radius = np.append(r := rng.uniform(0.88, 1.12, n), r[0])
        corners = np.column_stack([np.cos(a) * radius * rng.uniform(0.6, 1.6), np.sin(a) * radius])
        corners[-1] += rng.uniform(-0.05, 0.15) * (corners[1] - corners[0])  # the close
        edges = [_line(corners[i], corners[i + 1], 8)[:-1] for i in range(n)] + [corners[-1:]]
        out.append({"label": f"{n}-gon", "strokes": [np.concatenate(edges).tolist()]})
    return out


def hands(records: list[dict], held_out: bool = True, seed: int = 0) -> list[dict]:
    """The records in hands unlike their writers': each writer writes each digit that has
    styles of its own (STYLES) in one of them, picked at random per writer and digit and kept
    for all their drawings of it (a writer who slashes a 0 slashes every 0, one who writes an
    8's lower loop the larger always does: WAYS), other digits as they wrote them: strangers
    for teaching to meet (benchmarks/teach.py --hands)."""
    rng = np.random.default_rng(seed)
    pick: dict[tuple, tuple] = {}
    out = []
    for r in records:
        styles = STYLES.get(r["label"])
        if not styles:
            out.append(r)
            continue
        style, way = pick.setdefault((r["writer"], r["label"]),
                                     (styles[rng.integers(len(styles))], int(rng.integers(2))))
        kept = {"way": way} if style in WAYS else {}
        out.append(_written(r, style.__name__, style(_points(r), rng, held_out, **kept)))
    return out


THINGS = ("clock", "smiley", "apple", "sun", "cloud", "key")


def _arc(centre, rx, ry, a0: float, a1: float, n: int = 16) -> np.ndarray:
    """An ellipse's arc from a0 to a1 degrees, n points."""
    t = np.radians(np.linspace(a0, a1, n))
    return np.column_stack([centre[0] + rx * np.cos(t), centre[1] + ry * np.sin(t)])


def _thing(kind: str, loop: list[np.ndarray], rng) -> list[np.ndarray]:
    """`kind` drawn around `loop`, the strokes of a written 0 (y up): what people draw round
    and then add to, which a network that knows only digits reads as a 0."""
    lo, hi = _box(loop)
    c, (rx, ry) = (lo + hi) / 2, (hi - lo) / 2
    r, u = min(rx, ry), _unit
    if kind == "clock":  # two hands from the middle, 60-150 degrees apart (never in one line,
        a = rng.uniform(0, 360)  # a slash); ticks half the time
        b = a + rng.choice([-1, 1]) * rng.uniform(60, 150)
        out = loop + [_line(c, c + rng.uniform(0.45, 0.7) * r * u(a), 6),
                      _line(c, c + rng.uniform(0.3, 0.45) * r * u(b), 6)]
        if rng.random() < 0.5:
            out += [_line(c + 0.78 * r * u(t), c + 0.92 * r * u(t), 2)
                    for t in np.arange(0, 360, rng.choice([30, 90])) + 90]
        return out
    if kind == "smiley":  # two eyes (dots or rings) and a mouth (a smile, a line or a frown)
        eye = rng.uniform(0.05, 0.12) * r
        eyes = [_arc(c + (s * 0.35 * rx, 0.3 * ry), eye, eye, 0, 360, 10) if rng.random() < 0.5
                else _line(c + (s * 0.35 * rx, 0.3 * ry), c + (s * 0.35 * rx, 0.3 * ry - eye), 2)
                for s in (-1, 1)]
        mood = rng.choice([1, 1, 0, -1])
        mouth = _arc(c + (0, -0.1 * ry + 0.4 * ry * (mood < 0)), 0.5 * rx,
                     max(0.35 * abs(mood), 0.02) * ry, 200 if mood >= 0 else 20,
                     340 if mood >= 0 else 160)
        return loop + eyes + [mouth]
    if kind == "apple":  # a stem from the top, and a leaf beside it most of the time
        top = np.array([_x_at(loop, hi[1]), hi[1]])
        tip = top + (rng.uniform(-0.15, 0.15) * rx, rng.uniform(0.2, 0.4) * ry * 2)
        out = loop + [_line(top - (0, 0.1 * ry), tip, 6)]
        if rng.random() < 0.7:
            side = rng.choice([-1, 1])
            base = (top + tip) / 2
            end = base + (side * rng.uniform(0.35, 0.6) * rx, rng.uniform(0.05, 0.25) * ry)
            bulge = np.array([-(end - base)[1], (end - base)[0]]) * 0.3
            mid = (base + end) / 2
            out += [np.concatenate([_line(base, mid + bulge, 5), _line(mid + bulge, end, 5),
                                    _line(end, mid - bulge, 5), _line(mid - bulge, base, 5)])]
        return out
    if kind == "sun":  # rays all round
        n = int(rng.integers(6, 13))
        return loop + [_line(c + 1.2 * np.array([rx, ry]) * u(t),
                             c + rng.uniform(1.5, 1.8) * np.array([rx, ry]) * u(t), 4)
                       for t in rng.uniform(0, 360) + np.arange(n) * 360 / n]
    if kind == "cloud":  # the loop's outline in 4-8 bumps, as wide as 1.4-2.5 times its height
        n, w = int(rng.integers(4, 9)), rng.uniform(1.4, 2.5) * ry
        t = np.linspace(0, 2 * np.pi, 24 * n)
        bump = 1 + rng.uniform(0.15, 0.3) * np.abs(np.sin(n * t / 2))
        return [np.column_stack([c[0] + w * np.cos(t) * bump, c[1] + ry * np.sin(t) * bump])]
    # a key: the loop as its ring, a shaft from its side 1.5-2.5 times its radius long, 1-3 teeth
    a = rng.uniform(0, 360)
    start = c + r * u(a)
    end = c + rng.uniform(2.5, 3.5) * r * u(a)
    down = r * u(a - 90) * rng.uniform(0.3, 0.5)
    teeth = [_line(end - k * 0.3 * r * u(a), end - k * 0.3 * r * u(a) + down, 3)
             for k in range(int(rng.integers(1, 4)))]
    return loop + [_line(start, end, 8)] + teeth


def things(zeros: list[dict], count: int, seed: int = 0) -> list[dict]:
    """`count` drawings of round things that are no digit (THINGS in turn: clocks, smileys,
    apples, suns, clouds, keys), each drawn around a writer's 0 from `zeros` (records): the
    doodles that a reader of 0s claims. Measured only (benchmarks/handwriting.py): taught as
    outliers, they cost slashed 0s (docs/handwriting.md)."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        kind = THINGS[k % len(THINGS)]
        loop = _points(zeros[rng.integers(len(zeros))])
        out.append({"label": kind, "strokes": [s.tolist() for s in _thing(kind, loop, rng)]})
    return out
