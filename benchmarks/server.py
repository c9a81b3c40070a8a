"""Start `python app.py` as a real server on a free loopback port (benchmarks and tests)."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict | None = None, timeout: float = 120,
              script: str = "app.py") -> tuple[subprocess.Popen, str]:
    """Launch the app (or another Gradio script) and wait until its page answers;
    returns (process, url). What the server prints: server_log(process)."""
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
           **(env or {})}
    log = tempfile.TemporaryFile("w+")  # a file, not a pipe: a full pipe would stall the server
    proc = subprocess.Popen([sys.executable, script], env=env, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    proc.log = log
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{script} exited with {proc.returncode}:\n{log.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{script} did not answer on {url} within {timeout} s")


def server_log(proc: subprocess.Popen) -> str:
    """All that a server started by start_app has printed so far."""
    fd = proc.log.fileno()  # read where the server is not writing: its offset stays put
    return os.pread(fd, os.fstat(fd).st_size, 0).decode(errors="replace")


def children(pid: int) -> set[int]:
    """The processes that process `pid` started and that still run (the app's worker processes)."""
    kids = set()
    for thread in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids.update(int(c) for c in (thread / "children").read_text().split())
        except OSError:  # a thread that ended meanwhile
            pass
    return kids


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
