"""Real drawings: drawn as the Sketchpad draws them, split by writer and category, and read by the
committed models with the accuracy README quotes (held-out writers and categories only)."""
import numpy as np
import pytest

from benchmarks.handwriting import answers, doodles_as_digits, scores
from mnist_demo import load_model
from mnist_demo.handwriting import (HELD_OUT_WRITERS, drawn, held_out_category, load, pairs,
                                    render, split)
from mnist_demo.letters import DIGIT_LIKE, HELD_OUT_FONTS, TRAINING_FONTS, letters
from mnist_demo.novelty import classify, load_novelty
from mnist_demo.styles import polygons, styled, things

# asked of the committed weights, on the held-out writers' digits drawn as
# python benchmarks/handwriting.py draws them, every other held-out doodle and fewer letters:
# right and not flagged, real digits flagged, wrong and >= 90% sure, doodles and letters
# answered as a digit (not flagged, >= 60% sure): the goals the project set itself for real
# drawings
GOALS = {"cnn": {"right": 0.985, "flagged": 0.007, "sure_wrong": 0.005, "doodles": 0.05,
                 "letters": 0.15},
         "mlp": {"right": 0.97, "flagged": 0.01, "sure_wrong": 0.008, "doodles": 0.10,
                 "letters": 0.25}}
PAIRS_AS_ONE = {"cnn": 0.02, "mlp": 0.05}  # touching pairs answered as one digit, at most


def test_render_draws_strokes_as_the_sketchpad_does():
    strokes = [[[0, 0], [0, 100]], [[50, 100], [50, 100]]]  # a bar, and a dot at its top right
    im = render(strokes, (0, 0))
    assert im.shape == (400, 400) and im.dtype == np.uint8
    assert im.max() == 255 and im.min() == 0 and (im == 0).mean() < 0.2  # black ink on white
    rows, cols = np.nonzero(im == 0)
    dot = cols > cols.min() + (cols.max() - cols.min()) * 0.6
    assert rows[dot].max() < rows.mean()  # y grows upward in the files: the dot is at the top
    assert np.array_equal(render(strokes, (0, 0)), im) and not np.array_equal(render(strokes, (0, 1)), im)
    for k in range(5):  # small, in a brush of 18 px: the bar 10-20% of the pad (less the brush)
        small = render(strokes, (1, k), high=(0.1, 0.2), width=18) == 0
        rows = np.flatnonzero(small.any(1))
        assert 0.1 * 382 - 1 <= len(rows) - 18 <= 0.2 * 382 + 1, len(rows)
        assert 17 <= small[rows[len(rows) // 2]].sum() <= 19  # its middle row: one stroke's width


def test_held_out_writers_and_categories_never_train(handwriting_root):
    digits, doodles = load("digits", handwriting_root), load("doodles", handwriting_root)
    train, held = split(digits, False), split(digits, True)
    assert {r["writer"] for r in held} == HELD_OUT_WRITERS
    assert not {r["writer"] for r in train} & HELD_OUT_WRITERS
    assert len(train) + len(held) == len(digits)
    seen = {r["label"] for r in split(doodles, False)}
    kept = {r["label"] for r in split(doodles, True)}
    assert not seen & kept and all(held_out_category(c) for c in kept)
    assert 0.2 < len(kept) / len(seen | kept) < 0.33


def test_drawings_are_the_same_in_any_number_of_processes(handwriting_root):
    records = load("digits", handwriting_root)[:600]
    one, labels, seeds = drawn(records, 1, seed=5, workers=1)
    two, labels2, seeds2 = drawn(records, 1, seed=5, workers=2)
    assert np.array_equal(one, two) and labels == labels2 and seeds == seeds2
    assert one.shape == (600, 28, 28) and labels == [r["label"] for r in records]


def test_pairs_are_two_digits_side_by_side_the_same_in_any_number_of_processes(handwriting_root):
    records = split(load("digits", handwriting_root), held_out=False)
    one, two = pairs(records, 600, seed=3, workers=1), pairs(records, 600, seed=3, workers=2)
    assert np.array_equal(one, two) and one.shape == (600, 28, 28)
    ink = one > 0.3
    wide = ink.any(1).sum(1) > ink.any(2).sum(1)  # to_mnist fits most to 20 px wide, less high
    assert wide.mean() > 0.6  # (a "11" is not)
    assert not np.array_equal(pairs(records, 50, seed=4), one[:50])


@pytest.mark.parametrize("name", ["cnn", "mlp"])
def test_touching_pairs_of_held_out_writers_are_not_one_digit(name, handwriting_root):
    """The Number tab's segmentation relies on it: a joined "44" is no 4. Answered as one
    digit (not flagged, at least 60% sure): PAIRS_AS_ONE of them at most."""
    x = pairs(split(load("digits", handwriting_root), held_out=True), 600, seed=9)
    p, flagged = classify(load_model(name), load_novelty(name), x)
    assert doodles_as_digits(p, flagged) <= PAIRS_AS_ONE[name]


def test_letters_of_held_out_fonts_and_kinds_never_train():
    seen, kept = letters(held_out=False, seed=3), letters(held_out=True, seed=3)
    assert {r["font"] for r in seen} == set(TRAINING_FONTS)
    assert {r["font"] for r in kept} == set(HELD_OUT_FONTS)
    assert not {r["label"] for r in seen} & {r["label"] for r in kept}
    assert not {r["label"] for r in seen + kept} & DIGIT_LIKE and len(kept) >= 30
    again = letters(held_out=True, seed=3)
    assert [r["strokes"] for r in again] == [r["strokes"] for r in kept]
    other = letters(held_out=True, seed=4)  # another writer's hand: the same letters, other strokes
    assert [r["label"] for r in other] == [r["label"] for r in kept]
    assert all(r["strokes"] != q["strokes"] for r, q in zip(other, kept))


@pytest.fixture(scope="module")
def held_out(handwriting_root):
    digits = split(load("digits", handwriting_root), True)
    doodles = split(load("doodles", handwriting_root), True)[::2]
    x, y, _, sides = drawn(digits, sides=True)
    written = drawn(letters(held_out=True, copies=10, seed=1), seed=2)[0]
    return x, np.asarray(y), drawn(doodles, seed=1)[0], written, sides


@pytest.mark.parametrize("name", ["cnn", "mlp"])
def test_held_out_drawings_are_read(name, held_out):
    x, y, doodles, written, sides = held_out
    net, stats = load_model(name), load_novelty(name)
    assert (sides > 0).mean() <= 0.002  # a writer's round 0 is not asked about for straight sides
    s = scores(*answers(net, stats, x), y)
    goal = GOALS[name]
    assert s["right"] >= goal["right"], s
    assert s["flagged"] <= goal["flagged"] and s["sure_wrong"] <= goal["sure_wrong"], s
    assert doodles_as_digits(*answers(net, stats, doodles)) <= goal["doodles"]
    assert doodles_as_digits(*answers(net, stats, written)) <= goal["letters"]


# the second validation set: the held-out writers' digits in the held-out ranges of other hands'
# styles (slashed and wide 0s, footed, flagged and bowed 1s, open 4s, crossed 7s, lopsided 8s,
# 9s with an angular loop, sparsely sampled strokes), read right and not flagged; held-out
# polygons (hexagons, octagons) and round things drawn round their 0s (clocks, smileys, apples,
# suns, clouds, keys) answered as a digit (not flagged, >= 60% sure, not a loop of straight
# sides), at most; the digits flagged as "not a digit", at most, all of them and those of the
# styles hands write (without the sparse sampling): the goal for real digits of every
# style, 1.5%; and those of each such style, at most (the most flagged, lopsided 8s: 1.7% CNN,
# 2.1% MLP, of 240; before the styles had shapes of their own, slashed 0s 5.3% and 13.7%)
OTHER_HANDS = {"cnn": {"right": 0.90, "flagged": 0.015, "each": 0.025, "polygons": 0.06, "things": 0.30},
               "mlp": {"right": 0.90, "flagged": 0.015, "each": 0.025, "polygons": 0.08, "things": 0.45}}


@pytest.fixture(scope="module")
def other_hands(handwriting_root):
    held = split(load("digits", handwriting_root), True)
    written = styled(held, held_out=True, seed=1)
    x, y, jobs, sides = drawn(written, seed=3, sides=True)
    style = np.array([written[job[1]]["style"] for job in jobs])
    zeros = [r for r in held if r["label"] == 0]
    shapes = drawn(polygons(500, held_out=True, seed=1), seed=4, sides=True)
    return (x, np.asarray(y), style, sides, (shapes[0], shapes[3]),
            drawn(things(zeros, 600, seed=1), seed=5, sides=True))


@pytest.mark.parametrize("name", ["cnn", "mlp"])
def test_other_hands_polygons_and_round_things_held_out_of_training_are_read(name, other_hands):
    x, y, style, sides, (shapes, shape_sides), round_things = other_hands
    net, stats = load_model(name), load_novelty(name)
    p, flagged = answers(net, stats, x)
    s = scores(p, flagged, y)
    assert s["right"] >= OTHER_HANDS[name]["right"] and s["flagged"] <= OTHER_HANDS[name]["flagged"], s
    hands = style != "sparse"
    assert flagged[hands].mean() <= OTHER_HANDS[name]["flagged"]
    each = {k: flagged[style == k].mean() for k in set(style[hands])}
    assert max(each.values()) <= OTHER_HANDS[name]["each"], each
    shown = doodles_as_digits(*answers(net, stats, shapes), shape_sides)
    assert shown <= OTHER_HANDS[name]["polygons"] < doodles_as_digits(*answers(net, stats, shapes))
    things_x, _, _, things_sides = round_things
    assert doodles_as_digits(*answers(net, stats, things_x), things_sides) <= OTHER_HANDS[name]["things"]
    # asked about for straight sides: only 0s, nearly all sampled at a few points a stroke (a slow
    # device; of the styles hands write, one wide 0 with a flat top in 2,297 drawings)
    assert set(y[sides > 0]) <= {0} and (sides[hands] > 0).mean() <= 0.002


def test_a_zero_slashed_either_way_is_read_as_0(handwriting_root):
    """The held-out writers' 0s slashed as training slashes them (mnist_demo.styles: 30-70° from
    the level, rising to the right or falling, a backslash): the CNN reads each way as 0 and
    calls it a digit (96% each way); trained on slashes rising to the right only, it read 99% of
    these rising and 11% of these falling (docs/handwriting.md, "Slashes either way")."""
    from mnist_demo.styles import _points, slashed

    zeros = [r for r in split(load("digits", handwriting_root), held_out=True) if r["label"] == 0]
    rng = np.random.default_rng(2)
    written = [{**r, "strokes": slashed(_points(r), rng, False)} for r in zeros]
    rising = np.array([np.diff(np.asarray(r["strokes"][-1])[[0, -1]], axis=0)[0, 0] > 0
                       for r in written])
    x, _, jobs = drawn(written, seed=6)
    rising = rising[[job[1] for job in jobs]]
    p, flagged = answers(load_model("cnn"), load_novelty("cnn"), x)
    right = (p.argmax(1) == 0) & ~flagged
    assert 0.3 < rising.mean() < 0.7
    assert right[rising].mean() >= 0.93 and right[~rising].mean() >= 0.93, (
        right[rising].mean(), right[~rising].mean())
