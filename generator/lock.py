"""One build of an output folder at a time: a second build waits for the first.

The lock is ``flock(2)`` on ``.<out>.lock`` next to the output folder (``build/.docs.lock``
for ``build/docs``), so the kernel releases it when its holder dies, even by SIGKILL: there
is no stale lock to clean up. ``scripts/build_site.sh`` takes the same lock with
``flock(1)`` for a whole ``make site`` (conversion, MkDocs, swap) and hands it to the
converter it runs: ``ARCHIVE_LOCK_FD`` names the inherited descriptor, which already holds
the lock. Waiting rather than refusing: the second build then runs on the first one's
result, and its own output is the one left, whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger("generator")


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _inherited(path: Path) -> bool:
    """Whether this process was handed a descriptor that holds the lock on ``path``."""
    fd = os.environ.get("ARCHIVE_LOCK_FD", "")
    if not fd.isdigit():
        return False
    try:
        held, here = os.fstat(int(fd)), os.stat(path)
        if (held.st_dev, held.st_ino) != (here.st_dev, here.st_ino):
            return False
        # The parent's open file description holds the lock: taking it again succeeds at once.
        fcntl.flock(int(fd), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Hold the lock of output folder ``out``; wait, saying so, while another build holds it."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _inherited(path):
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            log.warning(
                "another build of %s is running (pid %s, lock %s); waiting for it to finish",
                out,
                holder,
                path,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
