"""Replace whole folders in one step, and finish an interrupted replacement.

A build writes its output into a staging folder beside the published one
(``build/.docs.staging`` for ``build/docs``, ``.site.staging`` for ``site``) and then swaps
the two with Linux's ``renameat2(RENAME_EXCHANGE)``: a reader, or a build that is killed,
sees the old folder or the new one, never a mix and never none. Where the file system cannot
exchange, two renames are used instead.

Several folders (the converter's pages and snippets) become new together: a journal,
written atomically before the first swap, lists each staged folder with its inode. Whoever
next takes the build's lock finds the journal and completes the swaps it lists (a folder
whose published path already has the staged inode was swapped), so a kill between two swaps
still ends with every folder new. Without a journal, a staging folder is an unfinished build
and is removed; the published folder is never deleted before its replacement is in place.

``scripts/build_site.sh`` runs ``python -m generator.publish recover SITE`` before it builds
and ``python -m generator.publish swap STAGED SITE`` after.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import json
import logging
import os
import shutil
import sys
from pathlib import Path

from . import faults
from .exceptions import GeneratorError
from .writer import write_atomic

log = logging.getLogger("generator")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: errno values meaning "this file system or kernel cannot exchange": fall back to renames.
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


def staging_path(target: Path) -> Path:
    return target.parent / f".{target.name}.staging"


def journal_path(target: Path) -> Path:
    return target.parent / f".{target.name}.journal"


def _aside(staged: Path) -> Path:
    # Where the two-rename fallback keeps the old folder until the new one is in place.
    return staged.with_name(staged.name + ".old")


def _renameat2():
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # a C library before glibc 2.28, or not Linux
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return func


def exchange(a: Path, b: Path) -> None:
    """Swap the two paths atomically; OSError when the file system cannot."""
    faults.reached("exchange")
    func = _renameat2()
    if func is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(a))
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _inode(path: Path) -> list[int] | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return [st.st_dev, st.st_ino]


def remove(path: Path) -> None:
    """Remove a folder (or file) if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _swap(staged: Path, target: Path) -> None:
    if not os.path.lexists(target):
        os.rename(staged, target)
        return
    try:
        exchange(staged, target)
    except OSError as exc:
        if exc.errno not in _NO_EXCHANGE:
            raise
        aside = _aside(staged)
        remove(aside)
        os.rename(target, aside)
        faults.reached("publish:aside")
        os.rename(staged, target)


def publish(pairs: list[tuple[Path, Path]], journal: Path) -> None:
    """Make every staged folder its target's content, all or (after a crash) none yet."""
    # Relative to the journal's folder: a checkout moved after a kill still recovers.
    here = os.path.abspath(journal.parent)
    records = [
        {
            "staged": os.path.relpath(os.path.abspath(s), here),
            "target": os.path.relpath(os.path.abspath(t), here),
            "inode": _inode(s),
        }
        for s, t in pairs
    ]
    write_atomic(journal, json.dumps(records, indent=1).encode())
    faults.reached("publish:journal")
    finish(journal)


def finish(journal: Path) -> None:
    """Complete the swaps ``journal`` lists, then remove it and the old folders."""
    try:
        records = json.loads(journal.read_bytes())
        here = journal.parent
        pairs = [(here / r["staged"], here / r["target"], r["inode"]) for r in records]
    except (ValueError, KeyError, TypeError) as exc:
        raise GeneratorError(
            f"{journal}: unreadable ({exc}); check the folders it sits beside and remove it"
        ) from exc
    for staged, target, inode in pairs:
        if _inode(target) == inode:
            continue  # swapped before the interruption
        if _inode(staged) != inode:
            log.warning("%s: %s is gone; %s left as it is", journal, staged, target)
            continue
        _swap(staged, target)
        faults.reached("publish:swapped")
    journal.unlink()
    faults.reached("publish:done")
    for staged, _target, _ in pairs:
        remove(staged)  # the old folder, after an exchange
        remove(_aside(staged))


def recover(journal: Path) -> bool:
    """Finish a replacement an interrupted build left; whether there was one."""
    if not os.path.lexists(journal):
        return False
    log.warning("finishing the replacement an interrupted build left (%s)", journal)
    finish(journal)
    return True


def discard_staging(staged: Path) -> None:
    """Remove what an interrupted build left in ``staged`` (never a published folder)."""
    remove(staged)
    remove(_aside(staged))


def _recover_site(site: Path) -> None:
    recover(journal_path(site))
    discard_staging(staging_path(site))
    # Left by the two-rename script of earlier versions: a kill between its renames left
    # site.old and no site; that is the last good site, so it is put back, not deleted.
    old, tmp = site.with_name(site.name + ".old"), site.with_name(site.name + ".tmp")
    if not os.path.lexists(site) and old.is_dir():
        log.warning("restoring %s from %s, left by an interrupted build", site, old)
        os.rename(old, site)
    remove(old)
    remove(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.publish", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "recover", help="finish or discard what an interrupted build left"
    ).add_argument("site", type=Path)
    swap = commands.add_parser("swap", help="put STAGED in place of SITE in one step")
    swap.add_argument("staged", type=Path)
    swap.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)s: %(message)s")
    try:
        if args.command == "recover":
            _recover_site(args.site)
        else:
            publish([(args.staged, args.site)], journal_path(args.site))
    except (OSError, GeneratorError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
