"""What a test run builds once and shares between pytest-xdist's workers.

`make test` runs pytest with two workers (pytest-xdist), each its own process with its
own session: a session fixture would build its site once per worker. Instead the fixture
asks `once(name, make)`: the first worker to get there builds, under a file lock in the
run's shared folder, and the other waits for the lock and reads the result. A site served
by nginx stays up until the run ends (`serve_until_the_run_ends`), for both workers.

The folder is made by the process that starts the run (the only process without xdist,
xdist's controller with it) in `pytest_configure`, before the workers start, and handed
to them in the environment; that process stops the servers and removes the folder in
`pytest_unconfigure`, after every worker has finished (tests/conftest.py).
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import signal
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

ENV = "EXPLAINER_TESTS_SHARED"
SERVERS = "servers"  # one folder per nginx started for the run: its config, logs and pid file
_children: dict = {}  # pid -> Popen, for the servers this process started (reaped when stopped)


def start_run() -> bool:
    """Make the run's shared folder unless this process's run already has one (an xdist
    worker inherits its controller's); True when this process made it and must end it."""
    if os.environ.get(ENV):
        return False
    os.environ[ENV] = tempfile.mkdtemp(prefix="explainer-tests-")
    return True


def end_run() -> None:
    """Stop the run's servers and remove its folder (the process that called start_run)."""
    root = Path(os.environ.pop(ENV))
    for server in sorted((root / SERVERS).glob("*")):
        _stop_nginx(server)
    shutil.rmtree(root, ignore_errors=True)


def _root() -> Path:
    value = os.environ.get(ENV)
    if not value:
        raise RuntimeError(f"{ENV} is not set: tests/conftest.py sets it when the run starts")
    return Path(value)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # blocks until the worker holding it is done
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def once(name: str, make: Callable[[Path], Any]) -> Any:
    """`make(folder)` run once per test run for `name`, whichever worker asks first; its
    result (picklable) is returned to every caller. An exception is not stored: the next
    caller tries again (and fails the same way)."""
    root = _root()
    folder = root / name
    done = root / f"{name}.pickle"
    with _locked(root / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # left by a make() that raised
            folder.mkdir(parents=True)
            done.write_bytes(pickle.dumps(make(folder)))
    return pickle.loads(done.read_bytes())


def serve_until_the_run_ends(site: Path, name: str, port: int) -> str:
    """Serve `site` with nginx (tools/pages_server.py) until the run ends; the base URL.
    Called from inside `once`, so each site is served once for all workers."""
    from tools.pages_server import start
    tmp = _root() / SERVERS / name
    tmp.mkdir(parents=True)
    proc, base = start(site, tmp, port=port)
    (tmp / "started.pid").write_text(str(proc.pid))
    _children[proc.pid] = proc
    return base


def _stop_nginx(tmp: Path, seconds: float = 10) -> None:
    """SIGQUIT (finish what is in flight, then exit) to an nginx this run started; nginx
    removes its own pid file when it has exited. The worker that started it may be gone,
    so the process is not ours to wait for."""
    try:
        pid = int((tmp / "started.pid").read_text())
        os.kill(pid, signal.SIGQUIT)
    except (OSError, ValueError):
        return
    deadline = time.monotonic() + seconds
    while (tmp / "nginx.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if (tmp / "nginx.pid").exists():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if pid in _children:
        _children.pop(pid).wait(timeout=seconds)
