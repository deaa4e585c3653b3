"""Conversion cache: a report whose bytes, sidecar and converter are unchanged is not redone.

``mkdocs serve`` re-runs the converter on every change; without a cache, editing one report
of a thousand converts all thousand again. An entry is keyed by the SHA-256 of the file's
path and bytes, its sidecar's bytes, and a fingerprint of the converter itself (every file
of the ``generator`` package, code and data), so changing any of them invalidates exactly
what it should. Entries are pickles of :class:`generator.build.Converted`, written atomically;
entries no build of the same folder used are pruned.

Within one process (``mkdocs serve`` keeps the converter loaded between rebuilds) entries
are also kept in memory, so a rebuild unpickles nothing it already has: reading a thousand
entries back from disk cost two seconds of the preview's five.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import pickle
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .exceptions import SourceError
from .sidecar import sidecar_paths
from .sources import REPORT_MAX_BYTES, SIDECAR_MAX_BYTES, read_contained
from .writer import write_atomic

if TYPE_CHECKING:
    from .build import Converted

log = logging.getLogger("generator")
PACKAGE = Path(__file__).parent
#: Entry path → what it holds, for the entries the last build of this process used.
_memory: dict[Path, Converted] = {}


@cache
def converter_fingerprint() -> str:
    """A hash of every file of the converter package (code and data)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def save(entry: Path, item: Converted) -> None:
    """Store ``item`` at ``entry`` (from :meth:`ConversionCache.lookup`); workers call this."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(entry, pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))


def _load(entry: Path) -> Converted | None:
    """What ``entry`` holds; None, with a warning, when it is unreadable or not a
    converted report (cut short by a full disk, emptied, edited): the report is converted
    again and the entry rewritten."""
    from .build import Converted

    try:
        item = pickle.loads(entry.read_bytes())
        if not (isinstance(item, Converted) and item.error is None and item.report):
            raise TypeError(f"holds {type(item).__name__}, not a converted report")
    except Exception as exc:  # unpickling can raise anything; never worse than a miss
        log.warning("%s: cache entry discarded (%s: %s)", entry, type(exc).__name__, exc)
        with contextlib.suppress(OSError):  # a later save replaces it anyway
            entry.unlink()
        return None
    return item


class ConversionCache:
    def __init__(self, root: Path):
        self.root = root / converter_fingerprint()
        self._used: set[Path] = set()

    def lookup(self, path: Path) -> tuple[Path | None, Converted | None]:
        """The entry for ``path`` as it is now, and what it holds if anything. The entry is
        None when the file cannot be read: the conversion reports it with the file's name."""
        # Read as the converter reads: an entry swapped for a FIFO, a device or a link out of
        # the folder since the scan is refused here too, never read or waited on.
        try:
            raw = read_contained(path, limit=REPORT_MAX_BYTES, what="report")
            digest = hashlib.sha256(str(path).encode() + b"\0" + raw + b"\0")
            for sidecar in sidecar_paths(path):
                digest.update(read_contained(sidecar, limit=SIDECAR_MAX_BYTES, what="sidecar"))
        except (OSError, SourceError):
            return None, None
        key = digest.hexdigest()
        entry = self.root / key[:2] / f"{key}.pickle"
        self._used.add(entry)
        if entry in _memory:
            return entry, _memory[entry]
        if not entry.is_file():
            return entry, None
        item = _load(entry)
        if item is not None:
            _memory[entry] = item
        return entry, item

    def remember(self, entry: Path, item: Converted) -> None:
        """Keep in memory what a worker converted and saved at ``entry``."""
        if item.error is None:
            _memory[entry] = item

    def prune(self) -> None:
        """Remove entries this build did not use, and caches of other converter versions."""
        for entry in [e for e in _memory if e not in self._used]:
            del _memory[entry]
        if not self.root.parent.is_dir():
            return
        try:
            for version in self.root.parent.iterdir():
                if version.is_dir() and version != self.root:
                    shutil.rmtree(version)
            for entry in self.root.rglob("*.pickle"):
                if entry not in self._used:
                    entry.unlink()
        except OSError as exc:  # stale entries only cost space; the build's output is fine
            log.warning("%s: stale cache entries not removed (%s)", self.root.parent, exc)
