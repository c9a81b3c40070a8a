"""What people tell the app about its answers: each drawing's 28x28 with the digit it was (or
"not a digit"), the model and its answer, kept in SQLite (WAL mode) at $MNIST_DEMO_DB.

    store = Corrections("data/corrections.sqlite")
    kept = store.keep(x28, "CNN", answer=3, label=8, session="a1b2")   # -> Kept, or CorrectionError
    store.room()   # counts, the room's accuracy and the confusion of corrections

No user text is stored: digits, images, model names and an anonymous session id only. A
correction answered "kept" is on disk (synchronous=FULL): a killed server loses none of them.
"""
import io
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image

NOT_A_DIGIT = -1   # the label (or answer) of a drawing that is no digit
LABELS = {**{str(d): d for d in range(10)}, "not a digit": NOT_A_DIGIT}
SCHEMA = 1         # PRAGMA user_version of the database this module writes
THUMB = 28         # px: the thumbnail is the 28x28 itself, as a PNG (a few hundred bytes)
DEFAULT = Path("data") / "corrections.sqlite"


def default_path() -> Path:
    """$MNIST_DEMO_DB; else on a Hugging Face Space its persistent /data where it exists; else
    ./data/corrections.sqlite."""
    if os.environ.get("MNIST_DEMO_DB"):
        return Path(os.environ["MNIST_DEMO_DB"])
    if os.environ.get("SPACE_ID") and Path("/data").is_dir():
        return Path("/data") / "corrections.sqlite"
    return DEFAULT


class CorrectionError(ValueError):
    """A correction that is not kept, with the reason a person can read."""


class Kept(NamedTuple):
    id: int        # its row
    label: int     # the digit given (NOT_A_DIGIT: not a digit)
    total: int     # drawings the room has kept
    again: bool = False  # the same drawing and label from the same page, kept before: not twice


def label_of(value) -> int:
    """0-9, NOT_A_DIGIT, "0"-"9" or "not a digit" -> the label; anything else: CorrectionError."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) \
            and (0 <= value <= 9 or value == NOT_A_DIGIT):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in LABELS:
        return LABELS[value.strip().lower()]
    raise CorrectionError(f"Not a label: {str(value)[:20]!r}. Give a digit 0-9 or \"not a digit\".")


def _png(x28: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(x28).save(out, "PNG", optimize=True)
    return out.getvalue()


class Corrections:
    """The room's drawings, in one SQLite file. Thread-safe (one connection, one lock): Gradio
    runs events in threads. Limits: `rate` corrections a second and `per_session` in all for one
    session; the table holds at most `max_rows`, the oldest dropped first."""

    def __init__(self, path: Path | str, max_rows: int = 50_000, per_session: int = 500,
                 rate: float = 2.0):
        self.path, self.max_rows = Path(path), max_rows
        self.per_session, self.rate = per_session, rate
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.lock = threading.Lock()
        self.last = {}  # session -> time of its last correction
        with self.lock:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")  # "kept" means on disk
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA):
                raise RuntimeError(f"{self.path}: schema {version}, this app writes {SCHEMA}")
            self.db.execute("""CREATE TABLE IF NOT EXISTS drawings (
                id INTEGER PRIMARY KEY, at REAL NOT NULL, session TEXT NOT NULL,
                model TEXT NOT NULL, answer INTEGER NOT NULL, label INTEGER NOT NULL,
                x BLOB NOT NULL, thumb BLOB NOT NULL)""")
            self.db.execute("CREATE INDEX IF NOT EXISTS by_session ON drawings (session)")
            self.db.execute(f"PRAGMA user_version={SCHEMA}")

    def keep(self, x28: np.ndarray, model: str, answer: int, label, session: str) -> Kept:
        """Keep one drawing (its 28x28 in [0, 1]) with the model's `answer` and the `label` a
        person gave; CorrectionError when it is not kept (a bad label or image, too fast, too
        many, a full disk)."""
        label = label_of(label)
        x = np.asarray(x28, dtype=np.float32) if x28 is not None else None
        if x is None or x.shape != (28, 28) or not np.isfinite(x).all():
            raise CorrectionError("Nothing to keep: draw a digit first.")
        if not session or len(session) > 64:
            raise CorrectionError("Not kept: no session.")
        pixels = (np.clip(x, 0, 1) * 255).round().astype(np.uint8)
        now = time.monotonic()
        with self.lock:
            if now - self.last.get(session, -1e9) < 1 / self.rate:
                raise CorrectionError("Not kept: one moment, that was fast.")
            before = self.db.execute("SELECT id FROM drawings WHERE session=? AND label=? AND "
                                     "x=?", (session, label, pixels.tobytes())).fetchone()
            if before:  # a request sent again (a double tap, a replay): kept once
                total = self.db.execute("SELECT count(*) FROM drawings").fetchone()[0]
                return Kept(before[0], label, total, again=True)
            count = self.db.execute("SELECT count(*) FROM drawings WHERE session=?",
                                    (session,)).fetchone()[0]
            if count >= self.per_session:
                raise CorrectionError(f"Not kept: {self.per_session} drawings from one page "
                                      "are the most the room keeps.")
            try:
                self.db.execute("BEGIN IMMEDIATE")
                row = self.db.execute(
                    "INSERT INTO drawings (at, session, model, answer, label, x, thumb) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (time.time(), session, model[:16],
                                                     int(answer), label, pixels.tobytes(),
                                                     _png(pixels))).lastrowid
                self.db.execute("DELETE FROM drawings WHERE id <= ?", (row - self.max_rows,))
                self.db.execute("COMMIT")
            except sqlite3.OperationalError as e:
                self.db.execute("ROLLBACK") if self.db.in_transaction else None
                raise CorrectionError(
                    f"Not kept: the room's database cannot be written ({e}).") from e
            self.last[session] = now
            total = self.db.execute("SELECT count(*) FROM drawings").fetchone()[0]
        return Kept(row, label, total)

    def rows(self, newest: int | None = None, session: str | None = None) -> list[dict]:
        """The kept drawings (of one `session` where given), newest first (at most `newest`),
        each with its 28x28 in [0, 1]."""
        where, args = (" WHERE session=?", [session]) if session else ("", [])
        with self.lock:
            found = self.db.execute(
                "SELECT id, at, model, answer, label, x FROM drawings" + where + " ORDER BY id DESC"
                + (" LIMIT ?" if newest else ""), args + ([newest] if newest else [])).fetchall()
        return [{"id": i, "at": at, "model": m, "answer": a, "label": label,
                 "x": np.frombuffer(x, np.uint8).reshape(28, 28) / 255}
                for i, at, m, a, label, x in found]

    def room(self) -> dict:
        """What the room drew: how many drawings, how many the models got right, and the
        confusion of corrections (label -> answer -> count; "not a digit" as -1)."""
        with self.lock:
            pairs = self.db.execute("SELECT label, answer, count(*) FROM drawings "
                                    "GROUP BY label, answer").fetchall()
        total = sum(n for _, _, n in pairs)
        right = sum(n for label, answer, n in pairs if label == answer)
        confusion = {}
        for label, answer, n in pairs:
            confusion.setdefault(str(label), {})[str(answer)] = n
        return {"drawings": total, "right": right,
                "accuracy": right / total if total else None, "confusion": confusion}

    def version(self) -> tuple[int, int]:
        """What the room holds, in short: (newest row, rows). It changes whenever a drawing is
        kept, dropped or cleared."""
        with self.lock:
            newest, n = self.db.execute("SELECT max(id), count(*) FROM drawings").fetchone()
        return newest or 0, n

    def clear(self) -> int:
        """Empty the room; how many drawings it held."""
        with self.lock:
            n = self.db.execute("DELETE FROM drawings").rowcount
        return n

    def close(self):
        with self.lock:
            self.db.close()
