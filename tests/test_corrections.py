"""What people tell the model: the room's SQLite database (mnist_demo/corrections.py), and the
app's /correct and /room through a real server, killed with -9 while people correct."""
import os
import re
import signal
import sqlite3
import threading
import time

import numpy as np
import pytest

from mnist_demo.corrections import NOT_A_DIGIT, SCHEMA, CorrectionError, Corrections, label_of


def x28(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((28, 28)).astype(np.float32)


@pytest.fixture
def store(tmp_path):
    s = Corrections(tmp_path / "room.sqlite", rate=1e9)
    yield s
    s.close()


def test_kept_drawings_make_the_rooms_counts_and_confusion(store):
    assert store.room() == {"drawings": 0, "right": 0, "accuracy": None, "confusion": {}}
    store.keep(x28(1), "CNN", answer=7, label=7, session="a")
    store.keep(x28(2), "CNN", answer=1, label="7", session="a")
    kept = store.keep(x28(3), "MLP", answer=0, label="not a digit", session="b")
    assert kept.label == NOT_A_DIGIT and kept.total == 3
    room = store.room()
    assert room["drawings"] == 3 and room["right"] == 1 and room["accuracy"] == pytest.approx(1 / 3)
    assert room["confusion"] == {"7": {"7": 1, "1": 1}, "-1": {"0": 1}}
    newest = store.rows(1)[0]
    assert newest["id"] == kept.id and newest["label"] == NOT_A_DIGIT
    assert np.abs(newest["x"] - x28(3)).max() <= 0.5 / 255 + 1e-6  # kept as bytes, to the level


@pytest.mark.parametrize("label", ["10", "-1", "seven", "", None, True, 3.5, 11, "7; DROP TABLE"])
def test_a_label_other_than_a_digit_or_not_a_digit_keeps_nothing(store, label):
    with pytest.raises(CorrectionError, match="Not a label"):
        store.keep(x28(), "CNN", 3, label, "a")
    assert store.room()["drawings"] == 0


@pytest.mark.parametrize("image", [None, np.zeros((28, 27)), np.full((28, 28), np.nan),
                                   np.zeros((280, 280))])
def test_a_missing_or_odd_image_keeps_nothing(store, image):
    with pytest.raises(CorrectionError, match="Nothing to keep"):
        store.keep(image, "CNN", 3, 3, "a")
    assert store.room()["drawings"] == 0


def test_labels_are_digits_or_not_a_digit():
    assert [label_of(v) for v in (0, "9", " Not a digit ", np.int64(4), NOT_A_DIGIT)] == \
        [0, 9, NOT_A_DIGIT, 4, NOT_A_DIGIT]


def test_a_session_is_limited_in_rate_and_number(tmp_path):
    store = Corrections(tmp_path / "room.sqlite", per_session=3, rate=2)
    store.keep(x28(0), "CNN", 1, 1, "a")
    with pytest.raises(CorrectionError, match="fast"):  # a second one within half a second
        store.keep(x28(1), "CNN", 1, 1, "a")
    store.keep(x28(1), "CNN", 1, 1, "b")  # another page is not held back
    for i in range(2):
        time.sleep(0.51)
        store.keep(x28(2 + i), "CNN", 1, 1, "a")
    time.sleep(0.51)
    with pytest.raises(CorrectionError, match="3 drawings"):
        store.keep(x28(9), "CNN", 1, 1, "a")
    assert store.room()["drawings"] == 4


def test_a_correction_sent_again_is_kept_once(store):
    """A double tap or a replayed request: the same drawing with the same label from the same
    page is kept once; another label, or another page, is a new drawing."""
    first = store.keep(x28(1), "CNN", 7, 7, "a")
    again = store.keep(x28(1), "CNN", 7, "7", "a")
    assert again.again and again.id == first.id and store.room()["drawings"] == 1
    assert not store.keep(x28(1), "CNN", 7, 1, "a").again
    assert not store.keep(x28(1), "CNN", 7, 7, "b").again
    assert store.room()["drawings"] == 3


def test_the_oldest_drawings_go_first_when_the_room_is_full(tmp_path):
    store = Corrections(tmp_path / "room.sqlite", max_rows=5, rate=1e9)
    ids = [store.keep(x28(i), "CNN", i % 10, i % 10, "a").id for i in range(8)]
    assert [r["id"] for r in store.rows()] == ids[::-1][:5]


def test_the_database_is_wal_versioned_and_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "room.sqlite"
    Corrections(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(RuntimeError, match="schema 99"):
        Corrections(path)


def test_a_full_disk_is_a_message_not_a_crash(store):
    store.db.execute("PRAGMA max_page_count=" + str(
        store.db.execute("PRAGMA page_count").fetchone()[0]))  # no page more: as a full disk
    with pytest.raises(CorrectionError, match="cannot be written"):
        for i in range(200):
            store.keep(x28(i), "CNN", 1, 1, "a")
    store.db.execute("PRAGMA max_page_count=1073741823")
    store.keep(x28(), "CNN", 1, 1, "a")  # and it writes again once there is room


def kept_id(text: str) -> int | None:
    import re
    m = re.match(r"Kept as drawing #(\d+)", text)
    return int(m.group(1)) if m else None


def test_the_app_keeps_corrections_and_counts_the_room(app_url, tmp_path):
    from gradio_client import Client, handle_file

    from conftest import draw_digit

    path = tmp_path / "seven.png"
    draw_digit(7).convert("RGBA").save(path)
    pad = {"background": None, "layers": [], "composite": handle_file(str(path))}
    client = Client(app_url, verbose=False)
    before = client.predict(api_name="/room")["drawings"]
    text = client.predict(pad, "CNN", "7", api_name="/correct")
    assert kept_id(text) and "the CNN was right" in text
    time.sleep(0.6)  # two a second at most, from one page
    text = client.predict(pad, "CNN", "not a digit", api_name="/correct")
    assert kept_id(text) and "not a digit (the CNN said 7)" in text
    assert "Not a label" in client.predict(pad, "CNN", "seventy", api_name="/correct")
    assert "Draw a digit" in client.predict(None, "CNN", "7", api_name="/correct")
    room = client.predict(api_name="/room")
    assert room["drawings"] == before + 2 and room["confusion"]["7"]["7"] >= 1
    assert room["confusion"]["-1"]["7"] >= 1


def test_no_correction_answered_kept_is_lost_when_the_server_is_killed(tmp_path):
    """32 people correct as fast as the app lets them; the server is killed with -9 among their
    requests; every correction it answered "kept" is in the database, which is intact."""
    from gradio_client import Client, handle_file

    from benchmarks.server import start_app, stop
    from conftest import draw_digit

    db = tmp_path / "room.sqlite"
    proc, url = start_app({"MNIST_DEMO_DB": str(db)})
    sevens = []  # a person's successive drawings differ (the same one again is kept once)
    for k in range(24):
        sevens.append(tmp_path / f"seven{k}.png")
        draw_digit(7, box=(100, 60, 300 - 4 * k, 340)).convert("RGBA").save(sevens[-1])
    kept, lock, go = [], threading.Lock(), threading.Event()

    def person():
        try:
            client = Client(url, verbose=False)
        except Exception:
            return
        go.wait()
        for path in sevens:
            pad = {"background": None, "layers": [], "composite": handle_file(str(path))}
            try:
                text = client.predict(pad, "CNN", "7", api_name="/correct")
            except Exception:
                return  # the server is gone
            if kept_id(text):
                with lock:
                    kept.append(kept_id(text))
            time.sleep(0.5)

    people = [threading.Thread(target=person, daemon=True) for _ in range(32)]
    try:
        for p in people:
            p.start()
        time.sleep(5)  # the clients connect
        go.set()
        deadline = time.monotonic() + 30
        while len(kept) < 40 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with lock:
            answered = list(kept)
    finally:
        stop(proc)
    for p in people:
        p.join(timeout=30)
    assert len(answered) >= 40
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    there = {r[0] for r in conn.execute("SELECT id FROM drawings")}
    assert set(answered) <= there
    store = Corrections(db)  # as the restarted app opens it
    assert store.room()["drawings"] == len(there)


def test_every_button_under_the_answer_keeps_the_drawing(tmp_path, monkeypatch):
    """The Draw tab's buttons under the answer: a digit, "not a digit", and "right" both where the
    CNN read a digit and where it called the drawing not a digit (scribbled noise)."""
    from conftest import draw_digit
    from mnist_demo import serve
    from mnist_demo.preprocess import to_mnist

    monkeypatch.setattr(serve, "_store", Corrections(tmp_path / "room.sqlite", rate=1e9))
    seven, noise = to_mnist(draw_digit(7)), x28(5)
    assert serve._answer_of(seven, "CNN") == 7 and serve._answer_of(noise, "CNN") == NOT_A_DIGIT
    said = [serve.correct_drawing(seven, "CNN", "1"),
            serve.correct_drawing(seven, "CNN", "not a digit"),
            serve.correct_drawing(seven, "CNN", "right"),
            serve.correct_drawing(noise, "CNN", "right"),
            serve.correct_drawing(noise, "CNN", "3")]
    assert [re.sub(r"#\d+", "#n", s.split(". The room")[0]) for s in said] == [
        "Kept as drawing #n: a **1** (the CNN said 7)",
        "Kept as drawing #n: not a digit (the CNN said 7)",
        "Kept as drawing #n: a **7** (the CNN was right)",
        "Kept as drawing #n: not a digit (the CNN was right)",
        "Kept as drawing #n: a **3** (the CNN said not a digit)"]
    assert [(r["label"], r["answer"]) for r in serve._store.rows()] == [
        (3, NOT_A_DIGIT), (NOT_A_DIGIT, NOT_A_DIGIT), (7, 7), (NOT_A_DIGIT, 7), (1, 7)]


def test_the_room_shows_what_it_was_told_and_only_the_presenter_clears_it(tmp_path, monkeypatch):
    from mnist_demo import serve

    monkeypatch.setattr(serve, "_store", Corrections(tmp_path / "room.sqlite", rate=1e9))
    note, wall, table, shown = serve.room_view()
    assert "Nobody" in note and wall == [] and table == ""
    serve._store.keep(x28(1), "CNN", 7, 7, "a")
    serve._store.keep(x28(2), "MLP", 1, "7", "b")
    unchanged = serve.room_view(serve.room_view(shown)[3])  # a refresh of a room that did not change
    assert all(isinstance(v, dict) and v.get("__type__") == "update" for v in unchanged[:3])
    serve._store.keep(x28(3), "CNN", 3, "not a digit", "c")
    note, wall, table, shown = serve.room_view(unchanged[3])
    assert "**3** drawings" in note and "right on **1**" in note
    assert [c for _, c in wall] == ["CNN said 3 → not a digit", "MLP said 1 → 7", "7 ✓"]
    assert wall[0][0].shape[:2] == (4 * 36, 4 * 36) and "none" in table
    monkeypatch.delenv("MNIST_DEMO_PRESENTER_KEY", raising=False)
    assert "view-only" in serve.clear_room("") and serve._store.room()["drawings"] == 3
    monkeypatch.setenv("MNIST_DEMO_PRESENTER_KEY", "s3cret")
    assert serve.room_dataset("wrong")[0] is None and "view-only" in serve.clear_room("s3")
    path, said = serve.room_dataset("s3cret")
    with np.load(path) as f:  # newest first; no pickles
        assert f["x"].shape == (3, 28, 28) and f["x"].dtype == np.uint8
        assert list(f["label"]) == [NOT_A_DIGIT, 7, 7] and list(f["answer"]) == [3, 1, 7]
        assert list(f["model"]) == ["CNN", "MLP", "CNN"]
    assert said.startswith("3 drawings")
    assert "Cleared" in serve.clear_room("s3cret") and serve._store.room()["drawings"] == 0
