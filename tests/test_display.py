import numpy as np

from mnist_demo import display


def test_bars_are_in_digit_order_and_mark_the_top():
    p = np.full(10, 0.02, np.float32)
    p[7] = 0.82
    html = display.bars_html(p)
    assert [html.index(f'<span class="digit">{d}</span>') for d in range(10)] == sorted(
        html.index(f'<span class="digit">{d}</span>') for d in range(10))
    assert 'data-top="7"' in html and html.count('class="bar top"') == 1 and "82%" in html
    assert 'data-top="-1"' in display.bars_html(None)
    assert '<div class="bars doodle" data-top="7"' in display.bars_html(p, digit_like=False)


def test_verdict_admits_doubt():
    sure = np.eye(10, dtype=np.float32)[3]
    assert display.verdict(sure, "CNN") == "It's a **3**, says the CNN (100% sure)"
    doubtful = np.full(10, 0.05, np.float32)
    doubtful[[0, 6]] = 0.45, 0.15
    assert display.verdict(doubtful, "MLP").startswith("Not sure. Maybe a **0** (45%, says the MLP)")
    # no opinion (a uniform answer): it asks, and gives its guess for what it is
    assert display.verdict(np.full(10, 0.1, np.float32), "MLP") == (
        "Is that a digit? The MLP can't tell: its best guess, 0, gets 10%. Draw one digit, 0-9.")
    # a doodle: no confident answer, however peaked the probabilities
    assert display.verdict(sure, "CNN", digit_like=False) == (
        "That doesn't look like a digit to the CNN (its nearest guess: 3). Draw one digit, 0-9.")
    # only a digit offered as the answer is bold (the stage view sets it very large)
    assert "**" in display.verdict(doubtful, "MLP") and "**" in display.verdict(sure, "CNN")


def test_a_doubtful_answer_of_a_small_thick_drawing_asks_for_a_bigger_one():
    sure = np.eye(10, dtype=np.float32)[3]
    doubtful = np.full(10, 0.05, np.float32)
    doubtful[[0, 6]] = 0.45, 0.15
    assert display.verdict(sure, "CNN", thick=True) == display.verdict(sure, "CNN")
    for p, digit_like, start in ((doubtful, True, "Not sure. Maybe a **0**"),
                                 (np.full(10, 0.1, np.float32), True, "Is that a digit?"),
                                 (sure, False, "That doesn't look like a digit to the CNN")):
        small = display.verdict(p, "CNN", digit_like, thick=True)
        assert small.startswith(start) and small.endswith(display.SMALL) and "bigger" in small
        assert display.SMALL not in display.verdict(p, "CNN", digit_like)


def test_a_loop_of_straight_sides_is_asked_about_however_sure_the_network_is():
    """A hexagon and a 0 drawn with a few points a stroke are the same 28x28: the verdict doubts
    it and says why, a small drawing's advice first; a doodle or a guess is unchanged."""
    sure = np.eye(10, dtype=np.float32)[0]
    assert display.verdict(sure, "CNN", polygon=True) == (
        f"Not sure. Maybe a **0** (100%, says the CNN)? {display.POLYGON}")
    assert display.verdict(sure, "CNN", thick=True, polygon=True).endswith(display.SMALL)
    for p, digit_like in ((sure, False), (np.full(10, 0.1, np.float32), True)):
        assert display.verdict(p, "CNN", digit_like, polygon=True) == display.verdict(p, "CNN", digit_like)


def test_verdict_reads_aloud_right_and_plain_drops_the_markdown():
    eight = np.eye(10, dtype=np.float32)[8]
    assert display.verdict(eight, "CNN") == "It's an **8**, says the CNN (100% sure)"
    unsure = np.full(10, 0.05, np.float32)
    unsure[8] = 0.55
    assert display.verdict(unsure, "MLP").startswith("Not sure. Maybe an **8** (55%")
    assert [display.article(d) for d in range(10)] == ["a"] * 8 + ["an", "a"]
    assert display.plain("It's an **8**, `python -m x`") == "It's an 8, python -m x"


def test_enlarge_is_nearest_neighbour():
    x = np.zeros((28, 28), np.float32)
    x[0, 0] = 1
    big = display.enlarge(x, 4)
    assert big.shape == (112, 112, 3) and big.dtype == np.uint8
    assert (big[:4, :4] == 255).all() and (big[4:, :] == 0).all()


def test_caption_and_confusion():
    assert display.caption(4, 9, 0.87) == "true 4 → 9 (87%)"
    m = np.diag(np.full(10, 100)).tolist()
    m[4][9] = 3
    html = display.confusion_html(m)
    assert html.count("<tr>") == 11 and ">3</td>" in html


def test_seen_html_is_an_inline_28x28_png():
    import base64
    import io

    from PIL import Image

    x = np.zeros((28, 28), np.float32)
    x[10:18, 13:15] = 1
    html = display.seen_html(x)
    src = html.split('src="data:image/png;base64,')[1].split('"')[0]
    im = Image.open(io.BytesIO(base64.b64decode(src)))
    assert im.size == (28, 28) and np.array_equal(np.asarray(im) > 127, x > 0.5)
    assert "nothing yet" in display.seen_html(None)
