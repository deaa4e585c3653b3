"""Fault injection for the crash tests: stop a build at a named point, on purpose.

``ARCHIVE_FAULT`` holds comma-separated ``point[#n]=action`` rules; ``n`` is which time the
point is reached in this process (default the first, ``*`` every time). Actions:

- ``kill``: SIGKILL this process, as a power cut or ``kill -9`` would at that moment;
- ``pause:GATE``: create ``GATE.reached``, then wait until ``GATE`` exists;
- ``fail``: raise ``OSError(EINVAL)`` (e.g. ``exchange=fail`` takes the two-rename path).

Unset (always, outside the tests), :func:`reached` does nothing. ``scripts/build_site.sh``
reads the same variable for its own points (``kill`` only).
"""

from __future__ import annotations

import errno
import os
import signal
import time
from pathlib import Path

_counts: dict[str, int] = {}


def reached(point: str) -> None:
    spec = os.environ.get("ARCHIVE_FAULT")
    if not spec:
        return
    count = _counts[point] = _counts.get(point, 0) + 1
    for rule in spec.split(","):
        where, _, action = rule.strip().partition("=")
        name, _, nth = where.partition("#")
        if name != point or (nth != "*" and count != int(nth or 1)):
            continue
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif action == "fail":
            raise OSError(errno.EINVAL, f"fault injected at {point}")
        elif action.startswith("pause:"):
            gate = Path(action.removeprefix("pause:"))
            Path(f"{gate}.reached").touch()
            while not gate.exists():
                time.sleep(0.05)
