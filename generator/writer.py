"""Write generated files atomically, never twice to one path, and remove stale outputs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .exceptions import CollisionError


class OutputTree:
    """A folder the converter owns entirely: files written here replace the previous build."""

    def __init__(self, root: Path, scope: str | None = None, preserve: tuple[str, ...] = ()):
        """``scope``: own only ``root/scope`` (stale files elsewhere are not this tree's);
        ``preserve``: leave files under these relative folders alone (written separately)."""
        self.root = root
        self.scope = scope
        # Each folder with a trailing separator, so that ``search`` does not cover ``searches``.
        self.preserve = tuple(os.path.join(root, p, "") for p in preserve)
        self._pending: dict[Path, bytes] = {}
        #: Files this commit wrote (content changed) and removed (stale).
        self.changed: list[Path] = []
        self.removed: list[Path] = []

    def add(self, relative: str, content: str | bytes) -> None:
        path = Path(relative)
        if path.is_absolute() or ".." in path.parts:
            raise CollisionError(f"refusing to write outside {self.root}: {relative}")
        if path in self._pending:
            raise CollisionError(f"two outputs would be written to {self.root / path}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        self._pending[path] = data

    def commit(self) -> list[Path]:
        """Write every pending file atomically; delete files of earlier builds not written now."""
        self.root.mkdir(parents=True, exist_ok=True)
        written = []
        folders: set[Path] = set()
        # Plain strings and os calls: an archive of 10,000 reports has ~100,000 outputs, and
        # pathlib's per-path overhead was a second of every preview rebuild.
        for relative, data in sorted(self._pending.items()):
            target = self.root / relative
            written.append(target)
            if _unchanged(target, data):
                continue
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            write_atomic(target, data)
            self.changed.append(target)
        keep = {os.path.join(self.root, p) for p in self._pending}
        owned = self.root / self.scope if self.scope else self.root
        for folder, _subfolders, files in os.walk(owned, topdown=False):
            if self.preserve and os.path.join(folder, "").startswith(self.preserve):
                continue
            for name in files:
                path = os.path.join(folder, name)
                if path not in keep:
                    os.unlink(path)
                    self.removed.append(Path(path))
            if folder != str(self.root) and not os.listdir(folder):
                os.rmdir(folder)
        return written


def _unchanged(target: Path, data: bytes) -> bool:
    # Leaving an identical file untouched keeps its mtime, so `mkdocs serve` does not
    # rebuild for nothing.
    return target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data


def write_atomic(target: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); a published file is readable by all.
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
