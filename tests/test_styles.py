"""The styles the training writers do not write (mnist_demo/styles.py): each made as described,
its training and held-out ranges apart, and the same for the same seed."""
import numpy as np
import pytest

from mnist_demo.handwriting import load, split
from mnist_demo.styles import (ASPECT, CORNERS, FOOT, POINTS, RISING, SIDES, SLANT, SLASH, THINGS,
                               TRAINED, TRAINED_BY, WAIST, hands, polygons, styled, things)


@pytest.fixture(scope="module")
def records(handwriting_root):
    pens = split(load("digits", handwriting_root), held_out=False)
    return ([r for r in pens if r["label"] in (0, 1, 7, 3)][:300]
            + [r for r in pens if r["label"] in (4, 8, 9)][:150])


def slope(line) -> float:
    """The angle of a straight stroke ((N, 2) points, y up), degrees from the level."""
    return float(np.degrees(np.arctan2(*(line[-1] - line[0])[::-1])))


def box(strokes):
    allp = np.concatenate([np.asarray(s) for s in strokes])
    return allp.min(0), allp.max(0)


@pytest.mark.parametrize("held", [False, True])
def test_each_style_is_drawn_in_its_own_range(records, held):
    made = styled(records, held, seed=1)
    assert {r["label"] for r in made} == {0, 1, 3, 4, 7, 8, 9}
    assert {r["style"] for r in made if r["label"] == 3} == {"sparse"}  # a 3's only other style
    ways = set()  # the slashes' directions: rising to the right, falling (a backslash)
    for r in made:
        old = next(q for q in records if q["sample"] == r["sample"] and q["writer"] == r["writer"])
        strokes, before = [np.asarray(s) for s in r["strokes"]], old["strokes"]
        if r["style"] == "slashed":
            line = strokes[-1]
            angle = slope(line)
            assert SLASH[held][0] <= min(angle, 180 - angle) <= SLASH[held][1]
            ways.add(angle < 90)
            lo, hi = box(before)
            assert np.allclose(line.mean(0), (lo + hi) / 2)  # through the middle
            assert len(strokes) == len(before) + 1
        if r["style"] == "stretched":
            lo, hi = box(strokes)
            aspect = (hi - lo)[0] / (hi - lo)[1]
            assert any(a <= aspect * (1 + 1e-9) and aspect <= b * (1 + 1e-9) for a, b in ASPECT[held])
        if r["style"] == "footed":
            foot = strokes[-1]
            lo, hi = box(before)
            assert np.ptp(foot[:, 1]) == 0 and foot[0, 1] == lo[1]  # level, under it
            assert FOOT[held][0] <= np.ptp(foot[:, 0]) / (hi - lo)[1] <= FOOT[held][1]
        if r["style"] == "sparse":  # evenly along each stroke, from its start to its end
            assert len(strokes) == len(before)
            for q, q0 in zip(strokes, before):
                assert POINTS[held][0] <= len(q) < POINTS[held][1]
                assert np.allclose(q[[0, -1]], np.asarray(q0)[[0, -1]])
        if r["style"] == "crossed":
            bar = strokes[-1]
            lo, hi = box(before)
            assert np.ptp(bar[:, 1]) == 0 and lo[1] < bar[0, 1] < hi[1]
        if r["style"] == "opened":  # the first arm stood up above its corner, the rest as it was
            arm, arm0 = strokes[0], np.asarray(before[0])
            corner = int(np.argmin(arm0[:, 0]))
            assert np.allclose(arm[corner:], arm0[corner:]) and np.allclose(arm[:, 1], arm0[:, 1])
            if corner:
                kept = (arm[0, 0] - arm0[corner, 0]) / (arm0[0, 0] - arm0[corner, 0])
                assert SLANT[held][0] - 1e-9 <= kept <= SLANT[held][1] + 1e-9
        if r["style"] == "lopsided":  # heights below the middle squeezed or stretched alike
            lo, hi = box(before)
            y0 = np.concatenate([np.asarray(q)[:, 1] for q in before])
            y = np.concatenate([q[:, 1] for q in strokes])
            low = (y0 < (lo[1] + hi[1]) / 2 - 1) & (y0 > lo[1] + 1)
            p = (y[low] - lo[1]) / (y0[low] - lo[1]) / 2  # the new waist / height, each point
            assert np.ptp(p) < 1e-6 and any(a <= p[0] <= b for a, b in WAIST[held])
        if r["style"] == "angular":  # the loop in straight strokes between a few points
            assert CORNERS[held][0] <= len(strokes[0]) < CORNERS[held][1]
            assert np.allclose(strokes[0][0], np.asarray(before[0])[0])
    assert ways == {True, False}
    assert styled(records, held, seed=1) == made and styled(records, held, seed=2) != made


def test_polygons_are_closed_and_their_sides_held_out():
    for held in (False, True):
        made = polygons(40, held, seed=3)
        assert {int(r["label"].split("-")[0]) for r in made} == set(SIDES[held])
        for r in made:
            (stroke,) = r["strokes"]
            stroke = np.asarray(stroke)
            side = np.linalg.norm(stroke[1] - stroke[0]) * 7  # an edge is 7 steps
            assert np.linalg.norm(stroke[-1] - stroke[0]) <= 0.2 * side  # back where it began
    assert polygons(5, False, 1) == polygons(5, False, 1) != polygons(5, False, 2)


def test_round_things_are_drawn_round_a_writers_0(records):
    zeros = [r for r in records if r["label"] == 0]
    made = things(zeros, 60, seed=1)
    assert [r["label"] for r in made] == list(THINGS) * 10
    loops = [[np.asarray(s).tolist() for s in z["strokes"]] for z in zeros]
    for r in made:
        strokes = [np.asarray(s) for s in r["strokes"]]
        if r["label"] == "cloud":  # the loop's outline in bumps, one closed stroke, wide
            (stroke,) = strokes
            lo, hi = box(strokes)
            assert np.allclose(stroke[0], stroke[-1]) and (hi - lo)[0] > 1.2 * (hi - lo)[1]
            continue
        n = next(len(z) for z in loops if z == [s.tolist() for s in strokes[:len(z)]])
        added = strokes[n:]  # what is drawn besides the 0: never nothing
        assert added and all(len(s) >= 2 for s in added)
        if r["label"] == "clock":  # two hands from the middle, never in one line (a slash)
            (a, b) = (h[-1] - h[0] for h in added[:2])
            assert np.allclose(added[0][0], added[1][0])
            cos = a @ b / np.linalg.norm(a) / np.linalg.norm(b)
            assert np.cos(np.radians(150)) - 1e-9 <= cos <= np.cos(np.radians(60)) + 1e-9
    assert things(zeros, 6, seed=1) == made[:6] and things(zeros, 6, seed=2) != made[:6]


def test_the_mlp_trains_on_slashes_rising_only(records):
    """The CNN trains on every style (TRAINED), the MLP on 0s slashed rising to the right only
    (`RISING`), each 0 slashed as often, and stretched as often after it."""
    assert TRAINED_BY["cnn"] is TRAINED and TRAINED_BY["mlp"].keys() == TRAINED.keys()
    made = {name: styled(records, False, seed=1, every=False, styles=TRAINED_BY[name])
            for name in TRAINED_BY}
    names = {name: [r.get("style") for r in m] for name, m in made.items()}
    assert [n.replace("rising", "slashed") for n in names["mlp"]] == names["cnn"]
    angles = {True: [], False: []}
    for name, m in made.items():
        for r in m:
            if r["style"] in ("slashed", "rising"):
                angles[name == "mlp"].append(slope(np.asarray(r["strokes"][-1])))
    assert min(angles[True]) >= RISING[False][0] and max(angles[True]) <= RISING[False][1]
    assert max(angles[False]) > 90 > min(angles[False])  # the CNN's: either way


def test_a_stranger_keeps_one_hand_for_each_digit(records):
    made = hands(records, seed=1)
    assert len(made) == len(records)
    kinds = {}
    for r, r0 in zip(made, records):
        kinds.setdefault((r["writer"], r["label"]), set()).add(r.get("style"))
        if r["label"] == 3:
            assert r is r0  # a digit without styles of its own as written
    assert all(len(k) == 1 for k in kinds.values())  # one style per writer and digit
    assert len({next(iter(k)) for (w, d), k in kinds.items() if d == 1}) > 1  # not all alike
    assert hands(records, seed=1) == made != hands(records, seed=2)


def test_a_stranger_keeps_one_way_of_each_style(records):
    """A writer whose 8s have the smaller loop below has it below in every 8, and bows every 1
    the same way (styles.WAYS); writers differ."""
    made = [hands(records, seed=seed) for seed in range(4)]
    ways = {}
    for seed, rs in enumerate(made):
        for r, r0 in zip(rs, records):
            if r.get("style") not in ("lopsided", "bowed"):
                continue
            lo, hi = box(r0["strokes"])
            x0, y0 = np.concatenate([np.asarray(q) for q in r0["strokes"]]).T
            x, y = np.concatenate([np.asarray(s) for s in r["strokes"]]).T
            if r["style"] == "lopsided":  # the waist below or above the middle
                low = (y0 < (lo[1] + hi[1]) / 2 - 1) & (y0 > lo[1] + 1)
                way = bool(np.mean((y[low] - lo[1]) / (y0[low] - lo[1])) > 1)
            else:  # bowed: bent to the right or to the left
                way = bool(np.sum(x - x0) > 0)
            ways.setdefault((r["style"], seed, r["writer"]), set()).add(way)
    assert {style for style, *_ in ways} == {"lopsided", "bowed"}
    assert all(len(w) == 1 for w in ways.values())
    for style in ("lopsided", "bowed"):
        assert {next(iter(w)) for (s, *_), w in ways.items() if s == style} == {False, True}
