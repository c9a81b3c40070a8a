"""A written number -> its digits, left to right: segmentation, then each digit read as the Draw
tab reads one (to_mnist's normalisation, the network, the doodle check).

Segmentation by recognition, in three steps:
1. pieces: the strokes' connected parts; specks far smaller than the biggest part (pen noise,
   a stray dot) are dropped;
2. atoms: a piece too wide for one digit, or one the network is unsure of as a digit, is cut in
   two (each half again, up to three times over) along the line, upright, slanted or curved
   round the ink, where the network is surest of both halves: touching digits such as a joined
   "00", a 1 leaning into its neighbour or digits pressed into each other come apart (the
   network was trained to be unsure of two touching digits, so a joined "44" does not pass for
   a 4);
3. digits: the atoms, left to right, are grouped into runs of one to four neighbouring atoms,
   choosing the grouping with the highest probability of being right: the product over its
   digits of the network's top probability, a digit the doodle check flags counting as very
   unsure, and the more so the wider it is (a chain of touching digits left whole is no one
   digit). So the parts of one digit that do not touch (a 5's top bar, a 4 in two strokes) are
   joined, and a cut that made no sense is undone.
The line's height is measured from its digits, so a slanted line and digits of different
sizes do not break it. While searching, pieces are read from the whole line's ink redrawn
once at MNIST's stroke width (cheap); the digits found are then read exactly as to_mnist
reads one digit.
"""
from typing import NamedTuple

import numpy as np
import torch
from scipy import ndimage as ndi

from .novelty import classify
from .preprocess import (INK, STROKE, EmptyImageError, centre, edge_line, ink_of, ink_to_mnist,
                         only, restroke, stroke_width)

SPECK = 0.25    # parts under this share of the biggest part's size (and 2.5 pens) are noise
WIDE = 1.2      # pieces wider than this many line heights are cut...
SURE = 0.7      # ...and so are pieces at least NARROW wide that the network is less sure of
NARROW = 0.4
STEP = 0.07     # cut lines are tried this many line heights apart
SLANTS = (-0.35, 0.0, 0.35)  # their x shift per unit of y: upright, leaning either way
RUN = 4         # a digit is made of at most this many atoms
DEPTH = 3       # and cut at most this many times over (a piece of up to 8 digits)
CUT = 0.5       # a cut between two digits multiplies a grouping's score by this: it must pay,
CROSS = 0.3     # and by this for each stroke it crosses after the first (a 0 cut in two: 2)
CROSSED = 9     # cut lines crossing more strokes than this are not tried
INKED = 4.0     # a curved cut path crossing an inked pixel costs as much as this many...
SIDEWAYS = 1.0  # ...of its steps sideways cost this
BROAD = 1.5     # a digit wider than this many line heights is unlikely...
BROADER = 6.0   # ...its score falling by e^-BROADER per line height beyond
WIDEST = 1.6    # atoms join into one digit at most this many line heights wide
SHORT = 0.6     # a digit less tall than this many line heights is unlikely (a bar, a tick)...
SHORTER = 0.05  # ...its score multiplied by this
FLAGGED = 0.05  # the doodle check's flag counts as this probability of being right
ONE = 0.75      # a digit the network does not know costs FLAGGED again per line height beyond this


class Digit(NamedTuple):
    """One digit of a number: where it is in the input, what the network saw and answered."""
    box: tuple[int, int, int, int]  # (left, top, right, bottom) in input pixels, right/bottom excl.
    x: np.ndarray                   # (28, 28) float32, as to_mnist makes it
    p: np.ndarray                   # (10,) probabilities
    doodle: bool                    # the doodle check says this is not a digit


def read_number(image, net, stats) -> list[Digit]:
    """Any input to_mnist takes -> its digits, left to right. A blank input raises
    EmptyImageError and an unusable one ValueError, as to_mnist does; so does an input whose
    only marks are dots or blots (to_mnist's "That is a dot"), which beside digits are dropped.

    `net` and `stats` as for novelty.classify: load_model(name), load_novelty(name)."""
    ink, scale = ink_of(image)
    reader = _Reader(ink, net, stats)
    atoms = sorted(((m, cost, k) for k, piece in enumerate(reader.pieces)
                    for m, cost in _cut(piece, reader)), key=lambda a: _extent(a[0])[2])
    groups, xs = [], []
    for m in _group(*zip(*atoms), reader):
        try:
            xs.append(ink_to_mnist(_only(ink, m)))
            groups.append(m)
        except EmptyImageError as e:  # a blot beside the digits is none of them
            blot = e
    if not xs:
        raise blot
    p, flags = classify(net, stats, np.stack(xs))
    return [Digit(_box(m, scale), x, pi, bool(f)) for m, x, pi, f in zip(groups, xs, p, flags)]


def number_text(digits: list[Digit]) -> str:
    """The number as read: each digit's most likely class, left to right."""
    return "".join(str(int(d.p.argmax())) for d in digits)


# --- masks -------------------------------------------------------------------------------------

def _extent(m: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of a mask, bottom and right exclusive."""
    rows, cols = np.flatnonzero(m.any(1)), np.flatnonzero(m.any(0))
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def _box(m: np.ndarray, scale: float) -> tuple[int, int, int, int]:
    t, b, l, r = _extent(m)
    return int(l * scale), int(t * scale), int(np.ceil(r * scale)), int(np.ceil(b * scale))


def _only(ink: np.ndarray, m: np.ndarray) -> np.ndarray:
    """only(ink, m), worked out in m's box (the rest is zero anyway)."""
    t, b, l, r = _extent(m)
    t, l = max(t - 2, 0), max(l - 2, 0)
    return only(ink[t:b + 2, l:r + 2], m[t:b + 2, l:r + 2])


class _Reader:
    """The line's pieces, its height, and how sure the network is of any part of it as a digit
    (read from the line redrawn at MNIST's stroke width, each part once)."""

    def __init__(self, ink: np.ndarray, net, stats):
        self.net, self.stats = net, stats
        mask = ink > INK
        labels, n = ndi.label(mask, structure=np.ones((3, 3)))
        slices = [sl for sl in ndi.find_objects(labels)]
        keep = [i for i, sl in enumerate(slices) if not edge_line(*sl, *ink.shape)]
        if not keep:
            raise EmptyImageError("No ink found")
        size = {i: max(sl[0].stop - sl[0].start, sl[1].stop - sl[1].start) for i, sl in enumerate(slices)}
        pen = stroke_width(mask.astype(np.float32))
        small = min(max(SPECK * max(size[i] for i in keep), 2.5 * pen), max(size[i] for i in keep))
        self.pieces = [labels == i + 1 for i in keep if size[i] >= small]
        heights = np.array([b - t for t, b, _, _ in map(_extent, self.pieces)])
        # the median height of the pieces at least half as tall as the tallest: a 5's bar or a
        # 4's second stroke does not count
        self.line = float(np.median(heights[heights >= 0.5 * heights.max()]))
        target = STROKE * self.line / 20  # MNIST's stroke, at this line's scale
        self.ink = restroke(ink, pen, target) if pen > 0 else ink
        self.grow = max(1, int(np.ceil(abs(target - pen) / 2)) + 1)
        self.known = {}  # a mask's bytes -> its sureness

    def sureness(self, masks: list[np.ndarray]) -> np.ndarray:
        """For each mask, the probability that reading it as one digit is right."""
        keys = [np.packbits(m).tobytes() for m in masks]
        xs = {}
        for k, m in zip(keys, masks):
            if k in self.known or k in xs:
                continue
            try:
                t, b, l, r = _extent(m)
                g = self.grow
                t, l = max(t - g, 0), max(l - g, 0)
                near = ndi.binary_dilation(m[t:b + g, l:r + g], iterations=g)
                xs[k] = centre(np.where(near, self.ink[t:b + g, l:r + g], 0))
            except EmptyImageError:  # nothing left of it
                self.known[k] = 0.0
        if xs:
            # whether a part is a digit at all, asked of the network alone (energy and
            # features): a part that is two touching digits can look like one, and how a
            # drawing looks (novelty.LOOK) only keeps a person from being told that a digit is
            # none (docs/handwriting.md, "Numbers")
            with torch.inference_mode():
                p, flags = classify(self.net, self.stats, np.stack(list(xs.values())),
                                    search=True)
            for k, pk, f in zip(xs, p, flags):
                self.known[k] = float(pk.max()) * (FLAGGED if f else 1.0)
        return np.array([self.known[k] for k in keys])


# --- cutting touching digits -------------------------------------------------------------------

def _cut(m: np.ndarray, reader: _Reader, depth: int = DEPTH, cost: float = 0.0) -> list:
    """`m` as one atom, or cut in two at its best cut (each half again, `depth` times):
    [(atom, the log-prior of a digit starting at it)], the cut's prior going to its right half.
    The best cut is searched coarse to fine: upright lines 2 STEPs apart and the curved paths
    through the least ink that end (or start) where they do (_seams), then lines of each slant
    through the best upright one and a STEP either side of it."""
    t, b, l, r = _extent(m)
    line = reader.line
    if depth == 0 or r - l < NARROW * line or \
            (r - l < WIDE * line and reader.sureness([m])[0] >= SURE):
        return [(m, cost)]
    rows, cols = np.nonzero(m)
    mid = (t + b - 1) / 2
    step = max(1.0, STEP * line)
    y = np.arange(m.shape[0], dtype=np.float64)
    upright = cols.min() + np.arange(0.2 * line, np.ptp(cols) - 0.2 * line, 2 * step)
    coarse = [((0.0, c), np.full_like(y, c)) for c in upright] + _seams(m, (t, b, l, r), upright)
    cuts, scores = _score(m, rows, cols, coarse, reader)
    if not cuts:
        return [(m, cost)]
    straight = [(s, cut[3][1]) for s, cut in zip(scores, cuts) if cut[3] is not None]
    best = max(straight)[1] if straight else None
    fine = [((s, best + d), best + d + s * (y - mid)) for d in (-step, 0.0, step)
            for s in SLANTS if (s, d) != (0.0, 0.0)] if straight else []
    more, more_scores = _score(m, rows, cols, fine, reader)
    cuts, scores = cuts + more, np.concatenate([scores, more_scores])
    k = int(np.argmax(scores))
    left, right, prior = cuts[k][:3]
    return _cut(left, reader, depth - 1, cost) + _cut(right, reader, depth - 1, prior)


def _seams(m, box, ends) -> list:
    """Curved cut paths down the piece `m` (whose box is (t, b, l, r)): for each column in
    `ends`, the path from its top row to its bottom row, one pixel a row, that ends there (and
    the one that starts there) crossing the least ink, an inked pixel costing INKED and a
    sideways step SIDEWAYS: a drop-fall between digits pressed into each other, which no
    straight line parts. [(None, each row's path column)]."""
    t, b, l, r = box
    a = m[t:b, l:r]
    h, w = a.shape
    cost = np.where(a, INKED, 0.0)
    out = []
    for rows in (range(h), range(h - 1, -1, -1)):  # paths ending at the bottom, then the top
        acc, back = cost[rows[0]].copy(), np.zeros((h, w), np.int8)
        for i in rows[1:]:
            here = np.stack([np.r_[np.inf, acc[:-1]] + SIDEWAYS, acc, np.r_[acc[1:], np.inf] + SIDEWAYS])
            back[i] = here.argmin(0) - 1
            acc = here.min(0) + cost[i]
        for end in ends:
            path, x = np.zeros(h), int(np.clip(round(end) - l, 0, w - 1))
            for i in rows[::-1]:
                path[i] = x
                x += int(back[i, x])
            if np.ptp(path) == 0:
                continue  # an upright line, tried already
            full = np.zeros(m.shape[0])
            full[t:b], full[:t], full[b:] = l + path, l + path[0], l + path[-1]
            out.append((None, full))
    return out


def _score(m, rows, cols, where, reader: _Reader) -> tuple[list, np.ndarray]:
    """`m` (whose pixels are rows, cols) cut along the paths `where`, [(key, the path's column
    in each row)]: the cuts that leave no sliver and cross at most CROSSED strokes, as
    [(left, right, log-prior, key)], and each one's log-score: how sure the network is of both
    halves as digits, times the prior (a cut costs CUT, and CROSS for each stroke it crosses
    after the first)."""
    line = reader.line
    out, seen = [], set()
    for key, path in where:
        u = cols - path[rows]
        side = u < 0
        if not side.any() or side.all() or min(np.ptp(rows[side]) + np.ptp(cols[side]),
                                               np.ptp(rows[~side]) + np.ptp(cols[~side])) < 0.4 * line:
            continue  # a sliver: no digit
        split = np.packbits(side).tobytes()
        if split in seen:  # paths that part the pixels alike: one cut
            continue
        seen.add(split)
        on = np.sort(rows[np.abs(u) < 0.5])  # the strokes the cut crosses
        crossed = int(on.size > 0) + int(np.sum(np.diff(on) > 1))
        if crossed > CROSSED:
            continue
        left = np.zeros_like(m)
        left[rows[side], cols[side]] = True
        out.append((left, m & ~left, np.log(CUT) + np.log(CROSS) * max(0, crossed - 1), key))
    if not out:
        return [], np.zeros(0)
    sure = reader.sureness([half for cut in out for half in cut[:2]]).reshape(-1, 2)
    return out, np.log(np.maximum(sure.prod(1), 1e-12)) + np.array([cut[2] for cut in out])


# --- grouping atoms into digits ----------------------------------------------------------------

def _group(atoms: tuple[np.ndarray], costs: tuple[float], pieces: tuple[int],
           reader: _Reader) -> list[np.ndarray]:
    """The grouping of the atoms (left to right) into digits of 1..RUN neighbouring atoms with
    the highest product of sureness. Atoms join only when they overlap horizontally or nearly
    touch, and the digit they make is at most WIDEST line heights wide, unless it is one whole
    piece (a wide 0, cut for being wide)."""
    n, line = len(atoms), reader.line
    spans = [_extent(a)[2:] for a in atoms]
    tops = [_extent(a)[:2] for a in atoms]
    runs = {}  # (i, j): atoms i..j-1 as one digit
    for i in range(n):
        mask, right = atoms[i], spans[i][1]
        runs[i, i + 1] = mask
        for j in range(i + 1, min(n, i + RUN)):
            if spans[j][0] > right + 0.1 * line or max(right, spans[j][1]) - spans[i][0] > WIDEST * line:
                break
            mask, right = mask | atoms[j], max(right, spans[j][1])
            runs[i, j + 1] = mask
    for k in set(pieces):  # each whole piece, when its atoms are neighbours
        of = [i for i in range(n) if pieces[i] == k]
        if len(of) > 1 and of[-1] - of[0] == len(of) - 1:
            runs.setdefault((of[0], of[-1] + 1), reader.pieces[k])
    keys = list(runs)
    sure = dict(zip(keys, np.log(np.maximum(reader.sureness([runs[k] for k in keys]), 1e-9))))
    for (i, j) in keys:  # the prior: digits cut apart, much wider or less tall than the line, are rare
        width = max(spans[k][1] for k in range(i, j)) - spans[i][0]
        height = max(tops[k][1] for k in range(i, j)) - min(tops[k][0] for k in range(i, j))
        garbage = sure[i, j] < np.log(SURE * FLAGGED)  # neither a digit nor one the network knows
        sure[i, j] += costs[i] - BROADER * max(0.0, width / line - BROAD) \
            + (height < SHORT * line) * np.log(SHORTER) \
            + garbage * np.log(FLAGGED) * max(0.0, width / line - ONE)
    best = [0.0] + [-np.inf] * n  # best[j]: log-sureness of the best grouping of atoms 0..j-1
    back = [0] * (n + 1)
    for (i, j) in sorted(keys, key=lambda k: k[1]):
        if best[i] + sure[i, j] > best[j]:
            best[j], back[j] = best[i] + sure[i, j], i
    groups, j = [], n
    while j:
        groups.append(runs[back[j], j])
        j = back[j]
    return groups[::-1]
