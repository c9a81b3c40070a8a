"""The styles the training writers do not write (mnist_demo/styles.py): each made as described,
its training and held-out ranges apart, and the same for the same seed."""
import numpy as np
import pytest

from mnist_demo.handwriting import load, split
from mnist_demo.styles import ASPECT, FOOT, POINTS, SIDES, SLASH, polygons, styled


@pytest.fixture(scope="module")
def records(handwriting_root):
    return [r for r in split(load("digits", handwriting_root), held_out=False)
            if r["label"] in (0, 1, 7, 3)][:300]


def box(strokes):
    allp = np.concatenate([np.asarray(s) for s in strokes])
    return allp.min(0), allp.max(0)


@pytest.mark.parametrize("held", [False, True])
def test_each_style_is_drawn_in_its_own_range(records, held):
    made = styled(records, held, seed=1)
    assert {r["label"] for r in made} == {0, 1, 3, 7}
    assert {r["style"] for r in made if r["label"] == 3} == {"sparse"}  # a 3's only other style
    for r in made:
        old = next(q for q in records if q["sample"] == r["sample"] and q["writer"] == r["writer"])
        strokes, before = [np.asarray(s) for s in r["strokes"]], old["strokes"]
        if r["style"] == "slashed":
            line = strokes[-1]
            angle = np.degrees(np.arctan2(*(line[-1] - line[0])[::-1]))
            assert SLASH[held][0] <= angle <= SLASH[held][1]
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
