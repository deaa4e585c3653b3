"""Write generated files: never twice to one path, and a folder replaced as a whole.

Each file goes into a staging folder beside the published tree as it is added (only its path
is kept: 10,000 reports make ~100,000 files, a gigabyte held until the commit otherwise); a
commit completes the staged tree and swaps it with the published one in one step
(:mod:`generator.publish`): a build that is killed leaves the old output or the new one,
never a mix and never a stray temporary file in it.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from . import faults
from .exceptions import CollisionError

#: Longest file name most file systems take (bytes); temporary names stay within it.
NAME_MAX = 255


class OutputTree:
    """A folder the converter owns entirely: files written here replace the previous build."""

    def __init__(self, root: Path, scope: str | None = None, preserve: tuple[str, ...] = ()):
        """``scope``: own only ``root/scope`` (the rest of ``root`` is not this tree's);
        ``preserve``: carry files under these relative folders over as they are (they are
        written separately)."""
        self.root = Path(root)
        self.scope = scope
        self.owned = self.root / scope if scope else self.root
        # Beside the root, not in it: MkDocs publishes every file under the root.
        label = f"{self.root.name}-{scope.replace('/', '-')}" if scope else self.root.name
        self.staged = self.root.parent / f".{label}.staging"
        # Each folder with a trailing separator, so that ``search`` does not cover ``searches``.
        self.preserve = tuple(os.path.join(self.root, p, "") for p in preserve)
        #: Relative paths added so far. Their bytes are written to :attr:`staged` as they come
        #: (an archive of 10,000 reports has ~100,000 outputs, a gigabyte held until the commit).
        self._pending: set[Path] = set()
        self._folders: set[str] = set()
        #: Files this commit wrote (content changed) and removed (stale).
        self.changed: list[Path] = []
        self.removed: list[Path] = []

    def add(self, relative: str, content: str | bytes) -> None:
        path = Path(relative)
        if path.is_absolute() or ".." in path.parts:
            raise CollisionError(f"refusing to write outside {self.root}: {relative}")
        if self.scope and not path.is_relative_to(self.scope):
            raise CollisionError(f"{relative} is outside {self.owned}, this tree's part")
        if path in self._pending:
            raise CollisionError(f"two outputs would be written to {self.root / path}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not self._pending:
            self._start_staging()
        self._pending.add(path)
        try:
            self._stage_file(str(path), data)
        except BaseException:
            self.discard()
            raise

    def _start_staging(self) -> None:
        from .publish import discard_staging

        discard_staging(self.staged)  # an interrupted build's
        self.staged.mkdir(parents=True)

    def _stage_file(self, relative: str, data: bytes) -> None:
        """``data`` into the staging folder: a hard link to the published file when its bytes
        are unchanged (it keeps its mtime, so `mkdocs serve --dirty` does not rebuild it),
        else written anew."""
        # Plain strings and os calls: pathlib's per-path overhead was a second of every
        # preview rebuild at 10,000 reports.
        target = os.path.join(str(self.root), relative)
        dest = str(self.staged) + target[len(str(self.owned)) :]
        folder = os.path.dirname(dest)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        if _unchanged(target, data):
            _carry(target, dest)
        else:
            _write_new(dest, data)
            self.changed.append(Path(target))
        faults.reached("stage:file")

    def discard(self) -> None:
        """Drop what was staged (a build that failed before its commit)."""
        from .publish import discard_staging

        discard_staging(self.staged)
        self._pending.clear()
        self._folders.clear()

    def get(self, relative: str) -> bytes | None:
        """What this build writes at ``relative``, or None."""
        path = Path(relative)
        if path not in self._pending:
            return None
        inside = path.relative_to(self.scope) if self.scope else path
        return (self.staged / inside).read_bytes()

    def stage(self) -> list[Path]:
        """Complete the new tree in :attr:`staged`; return the files it holds (final paths).

        The added files are there already; this finds the published files the build no longer
        writes (removed at the swap) and carries over the preserved folders.
        """
        if not self._pending:
            self._start_staging()
        try:
            return self._stage()
        except BaseException:
            self.discard()
            raise

    def _stage(self) -> list[Path]:
        root, owned, staged = str(self.root), str(self.owned), str(self.staged)
        written = sorted(Path(os.path.join(root, p)) for p in self._pending)
        keep = {os.path.join(root, p) for p in self._pending}
        for folder, _subfolders, files in (
            os.walk(owned, onerror=_raise) if self.owned.is_dir() else ()
        ):
            # The old tree is removed after the swap: find out now, not halfway.
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), folder)
            preserved = self.preserve and os.path.join(folder, "").startswith(self.preserve)
            for name in files:
                path = os.path.join(folder, name)
                if path in keep:
                    continue
                if preserved:
                    dest = staged + path[len(owned) :]
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    _carry(path, dest)
                else:
                    self.removed.append(Path(path))
        return written

    def commit(self) -> list[Path]:
        """Stage, then put the new tree in place of the old in one step."""
        written = self.stage()
        _publish([self])
        return written

    @staticmethod
    def commit_all(trees: list[OutputTree]) -> list[Path]:
        """Like :meth:`commit` for several trees that become new together."""
        try:
            written = [path for tree in trees for path in tree.stage()]
        except BaseException:
            for tree in trees:  # what the others staged goes too: none becomes new
                tree.discard()
            raise
        _publish(trees)
        return written


def _publish(trees: list[OutputTree]) -> None:
    from .publish import journal_path, publish

    publish([(t.staged, t.owned) for t in trees], journal_path(trees[0].root))


def _raise(error: OSError) -> None:
    raise error  # os.walk would skip an unreadable folder, and its files be lost


def _unchanged(target: str, data: bytes) -> bool:
    # Leaving an identical file untouched keeps its mtime, so `mkdocs serve` does not
    # rebuild for nothing.
    try:
        if os.stat(target).st_size != len(data):
            return False
        with open(target, "rb") as handle:
            return handle.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _carry(source: str, dest: str) -> None:
    try:
        os.link(source, dest)
    except OSError:  # no hard links on this file system: a copy keeps the mtime too
        shutil.copy2(source, dest)


def _write_new(dest: str, data: bytes) -> None:
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "wb") as handle:
        # A published file is readable by all, whatever the umask.
        os.fchmod(handle.fileno(), 0o644)
        handle.write(data)


def _temporary_prefix(name: str) -> str:
    # mkstemp adds 8 random characters and the suffix; a long target name is cut (by bytes,
    # on a character boundary) so the temporary name stays within NAME_MAX.
    room = NAME_MAX - len(".") - len(".") - 8 - len(".tmp")
    cut = name.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f".{cut}."


def write_atomic(target: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=_temporary_prefix(target.name), suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); a published file is readable by all.
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
