"""The seeds folder as a boundary: which entries are reports, and reading them loudly.

Only regular files directly in the seeds folder are read. Anything else in the folder (a
subfolder, a file of another kind, a sidecar with no report, a link leading out of the folder,
a broken or looping link, a FIFO, device or socket) is named with its reason in the build
summary and never opened, so its content cannot be read, echoed in a message or block the
build. A symbolic link to a regular file directly in the same folder is read like a copy of
that file: it cannot show anything the folder does not already hold.

Reading opens the file without following a link (``O_NOFOLLOW``) and without waiting for a
writer (``O_NONBLOCK``), then checks with ``fstat`` that what was opened is a regular file and
not too large: a FIFO or a link swapped in after the folder was listed is refused, not read.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import charset_normalizer

from . import received
from .chars import CONTROL_CHAR
from .exceptions import SidecarError, SourceError
from .language import reject_non_chinese
from .received import PageMeta

#: Plain-text report files, decoded here.
TEXT_SUFFIXES = (".txt", ".md", ".text")
#: Report files the converter picks up (any case: ``X.TXT`` too): plain text, and the formats
#: reports are published in (:mod:`generator.received`; .doc and .wps are taken too, to be
#: refused with a line saying how to convert them, never skipped without a word).
REPORT_SUFFIXES = TEXT_SUFFIXES + received.SUFFIXES
#: Editors' sidecars ``<report stem>.yml``; read by :mod:`generator.sidecar`.
SIDECAR_SUFFIXES = (".yml", ".yaml")
#: Largest sidecar read: hundreds of notes fit in a few kilobytes.
SIDECAR_MAX_BYTES = 64 * 1024

#: The largest report file read. Real reports are 5–100 KB and the converter is tested on
#: 20 MB; a file larger than this is a mistake (a log, a disk image), and reading it whole
#: would only exhaust memory.
REPORT_MAX_BYTES = 64 * 1024 * 1024

#: Encodings these reports come in. The detector is restricted to them so that a short
#: GBK file is not mistaken for some Cyrillic code page.
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be")

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that never occur in a text report; their presence means binary data.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: What decoded report text is made of: Han, ASCII, CJK and full-width punctuation.
_TEXTLIKE = re.compile(
    "[\u4e00-\u9fff\u3400-\u4dbf\x20-\x7e\n\t\u3000-\u303f\uff00-\uffef\u2010-\u206f]"
)

#: How much a skipped entry of the seeds folder matters. ``error``: input meant to be read is
#: lost or the entry is hostile (a link out of the folder, a FIFO, a sidecar whose corrections
#: apply to nothing). ``warning``: possibly a lost report (``.doc``, ``.txt.bak``, a subfolder);
#: ``--strict`` fails on it, so a CI build notices. ``notice``: hidden entries (``.gitkeep``,
#: ``.DS_Store``, editors' swap files), named but never failing a build.
Level = Literal["error", "warning", "notice"]

#: Folder → (its identity and mtime when listed, its names), from the last scan of it. Worker
#: processes are forked after the scan and inherit it.
_listings: dict[Path, tuple[tuple[int, int, int], frozenset[str]]] = {}


@dataclass(frozen=True)
class SourceText:
    """One report file as received: its bytes, how they were decoded, and the decoded text."""

    path: Path
    raw: bytes
    text: str
    encoding: str
    #: Of ``raw``; kept when a converted report lets go of its bytes (:meth:`Report.slim`).
    sha256: str = ""
    #: ``text`` for a plain-text file, else the received format (``html``, ``docx``, ``pdf``).
    format: str = "text"
    #: The library that made ``text`` from a file of another format (``trafilatura 2.3.1``).
    extractor: str = ""
    #: What that extractor left out (page chrome, headers, page numbers), one line each.
    removed: tuple[str, ...] = ()
    #: What a saved web page says about the document besides its text.
    page: PageMeta | None = None

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.raw).hexdigest())

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Skipped:
    """An entry of the seeds folder that is not converted, and why."""

    path: Path  # as shown: characters that could garble a terminal are escaped
    kind: str  # "subfolder", "unsupported extension", "orphan sidecar", "broken link", …
    reason: str
    level: Level

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def error(self) -> SourceError:
        sidecar = self.kind in ("sidecar", "orphan sidecar")
        return (SidecarError if sidecar else SourceError)(self.path, self.reason)


@dataclass(frozen=True)
class SeedsFolder:
    """What :func:`scan_seeds` found: the reports to convert and every other entry."""

    reports: list[Path]
    skipped: list[Skipped]


def scan_seeds(folder: Path) -> SeedsFolder:
    """Sort every entry of ``folder`` into reports to convert and skipped entries.

    Nothing is opened: entries are judged by name and ``lstat`` (and, for a link, where it
    resolves). A report whose sidecar cannot be read (a link out of the folder, a FIFO, too
    large, two sidecars) is not converted: the sidecar's error says so. Nothing refused here
    reaches the conversion or its cache, which hashes the files it is given.

    Raises:
        SourceError: ``folder`` is not a folder.
    """
    if not folder.is_dir():
        raise SourceError(folder, "not a folder of reports")
    root = folder.resolve()
    skipped: list[Skipped] = []
    candidates: list[Path] = []
    stamp = _stamp(folder)
    with os.scandir(folder) as listing:
        names = sorted(entry.name for entry in listing)
    _listings[folder] = (stamp, frozenset(names))
    for name in names:
        if name != _shown(name):
            skipped.append(
                Skipped(
                    folder / _shown(name),
                    "unusable name",
                    "file name holds control characters or bytes that are not UTF-8; "
                    "rename it (not read)",
                    "error",
                )
            )
        elif name.startswith("."):
            skipped.append(Skipped(folder / name, "hidden", "hidden entry; not read", "notice"))
        else:
            candidates.append(folder / name)
    sidecars: dict[str, list[Path]] = {}
    for path in candidates:
        if path.suffix.lower() in SIDECAR_SUFFIXES:
            sidecars.setdefault(path.stem, []).append(path)
    reports: list[Path] = []
    for path in candidates:
        if path.suffix.lower() in REPORT_SUFFIXES:
            refused = _refuse(path, root, REPORT_MAX_BYTES, "report") or _refuse_sidecars(
                path, sidecars.get(path.stem, []), root
            )
            if refused:
                skipped.append(refused)
            else:
                reports.append(path)
    # Sidecars of a report were judged with it; a sidecar of a refused report is an orphan.
    stems = {p.stem for p in reports} | {s.path.stem for s in skipped if s.kind == "sidecar"}
    folded = {p.stem.casefold(): p.name for p in reports}
    for path in candidates:
        suffix = path.suffix.lower()
        if suffix in REPORT_SUFFIXES or (suffix in SIDECAR_SUFFIXES and path.stem in stems):
            continue
        refused = _refuse(path, root)
        if refused:
            skipped.append(refused)
        elif suffix in SIDECAR_SUFFIXES:
            hint = (
                f"; {folded[path.stem.casefold()]} differs in case"
                if path.stem.casefold() in folded
                else ""
            )
            skipped.append(
                Skipped(
                    path,
                    "orphan sidecar",
                    f"sidecar with no report {path.stem}.txt (.html, .docx, .pdf, …) beside "
                    f"it{hint}: its corrections and notes apply to nothing",
                    "error",
                )
            )
        else:
            what = f"extension {path.suffix!r}" if path.suffix else "no extension"
            skipped.append(
                Skipped(
                    path,
                    "unsupported extension",
                    f"{what}: neither a report ({', '.join(REPORT_SUFFIXES)}) nor a sidecar "
                    f"({', '.join(SIDECAR_SUFFIXES)}); not read. Convert or rename it if it "
                    "is a report, or move it out of the folder",
                    "warning",
                )
            )
    skipped.sort(key=lambda s: s.path.name)
    return SeedsFolder(reports, skipped)


def _refuse_sidecars(report: Path, sidecars: list[Path], root: Path) -> Skipped | None:
    """Why ``report`` cannot be converted with its sidecars, or None. The entry names the
    sidecar: that is the file to fix."""
    if len(sidecars) > 1:
        names = " and ".join(p.name for p in sorted(sidecars))
        reason = f"two sidecars for one report: {names}; keep one"
    elif sidecars:
        refused = _refuse(sidecars[0], root, SIDECAR_MAX_BYTES, "sidecar")
        if refused is None:
            return None
        reason = read_reason(refused)
    else:
        return None
    return Skipped(sidecars[0], "sidecar", f"{reason} ({report.name} not converted)", "error")


def listed_names(folder: Path) -> frozenset[str] | None:
    """The names :func:`scan_seeds` listed in ``folder``, while the folder is unchanged since
    (no entry added, removed or renamed); None otherwise. Finding each report's sidecar in
    this listing costs one ``stat`` instead of two dozen lookups by name."""
    listed = _listings.get(folder)
    if listed is None:
        return None
    try:
        return listed[1] if _stamp(folder) == listed[0] else None
    except OSError:
        return None


def _stamp(folder: Path) -> tuple[int, int, int]:
    info = folder.stat()
    return info.st_dev, info.st_ino, info.st_mtime_ns


def find_reports(folder: Path) -> list[Path]:
    """Every report file directly in ``folder``, sorted so builds are deterministic."""
    return scan_seeds(folder).reports


def _refuse(path: Path, root: Path, limit: int | None = None, what: str = "file") -> Skipped | None:
    """Why ``path`` (an entry of ``root``) is not read, or None for a regular file of at most
    ``limit`` bytes (a link to one directly in ``root`` too)."""
    try:
        info = path.lstat()
    except OSError as exc:
        return Skipped(path, "unreadable", f"cannot be examined: {exc.strerror}", "error")
    if stat.S_ISLNK(info.st_mode):
        target = _shown(os.readlink(path))
        try:
            real = path.resolve(strict=True)
        except FileNotFoundError:
            return Skipped(path, "broken link", f"broken symbolic link to {target}", "error")
        except (OSError, RuntimeError):  # ELOOP; Python < 3.13 raises RuntimeError
            return Skipped(path, "looping link", "symbolic link that loops; not read", "error")
        if real.parent != root:
            return Skipped(
                path,
                "link outside",
                f"symbolic link to {target}, outside the seeds folder; not read",
                "error",
            )
        if real.name.startswith(".") or _category(real.name) != _category(path.name):
            # Else a link would publish what the scan itself does not read (.secret, x.doc).
            return Skipped(
                path,
                "link to a file not read",
                f"symbolic link to {target}, which the archive does not read as a "
                f"{_category(path.name) or 'file'}; not read",
                "error",
            )
        try:
            info = real.lstat()
        except OSError as exc:
            return Skipped(path, "unreadable", f"cannot be examined: {exc.strerror}", "error")
    if stat.S_ISDIR(info.st_mode):
        return Skipped(
            path,
            "subfolder",
            "subfolder: only files directly in the seeds folder are read; move its reports up",
            "warning",
        )
    if not stat.S_ISREG(info.st_mode):
        kind = _special_kind(info.st_mode)
        return Skipped(path, kind, f"{kind}, not a regular file; not read", "error")
    if limit is not None and info.st_size > limit:
        return Skipped(path, "too large", _too_large(what, info.st_size, limit), "error")
    return None


def _category(name: str) -> str | None:
    """What the scan reads a file of this name as: a ``report``, a ``sidecar``, or neither."""
    if name.startswith("."):
        return None
    suffix = os.path.splitext(name)[1].lower()
    if suffix in REPORT_SUFFIXES:
        return "report"
    return "sidecar" if suffix in SIDECAR_SUFFIXES else None


def read_reason(refused: Skipped) -> str:
    """Why a file that was to be read is refused (a folder is then not a subfolder of
    reports but simply not a file)."""
    return "a folder, not a file; not read" if refused.kind == "subfolder" else refused.reason


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _shown(name: str) -> str:
    """``name`` with what could garble a terminal or a log escaped (control characters,
    bytes that are not UTF-8); Chinese and other printable characters are kept."""
    if not CONTROL_CHAR.search(name) and not _undecodable(name):
        return name
    return repr(name)[1:-1]


def _undecodable(name: str) -> bool:
    # os.listdir hands bytes that are not UTF-8 back as lone surrogates.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_contained(path: Path, *, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file directly in its folder (a link to one too).

    Raises:
        SourceError: ``path`` is a link leading out of its folder, broken or looping; is not a
            regular file (FIFO, device, socket, folder); cannot be opened; or is larger than
            ``limit`` bytes. The content of a refused file is never read.
    """
    refused = _refuse(path, path.parent.resolve(), limit, what)
    if refused:
        raise SourceError(path, read_reason(refused))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    target = path.resolve() if path.is_symlink() else path
    try:
        fd = os.open(target, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceError(path, f"{what} cannot be opened: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as stream:
        # The entry may have been swapped for a FIFO or a device since it was examined.
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(path, "not a regular file; not read")
        if info.st_size > limit:
            raise SourceError(path, _too_large(what, info.st_size, limit))
        data = stream.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise SourceError(path, _too_large(what, len(data), limit))
    return data


def _too_large(what: str, size: int, limit: int) -> str:
    return f"{what} of {size:,} bytes is larger than the limit of {limit:,} bytes; not read"


def read_source(path: Path) -> SourceText:
    """Read and decode one report file.

    Raises:
        SourceError: the file is not a regular file inside its folder, too large, empty,
            binary, not Chinese, or holds bytes no candidate encoding decodes.
    """
    raw = read_contained(path, limit=REPORT_MAX_BYTES, what="report")
    if path.suffix.lower() in TEXT_SUFFIXES:
        return decode_source(path, raw)
    if not raw.strip():
        raise SourceError(path, "empty file: no report text to convert")
    got = received.extract(path, raw)
    text = got.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(path, f"{got.extractor} found no text in this {got.format} file")
    reject_non_chinese(path, text)
    return SourceText(
        path=path,
        raw=raw,
        text=text,
        encoding=got.encoding,
        format=got.format,
        extractor=got.extractor,
        removed=got.removed,
        page=got.page,
    )


def decode_source(path: Path, raw: bytes) -> SourceText:
    """Decode ``raw`` (the bytes of ``path``) strictly, detecting the encoding."""
    if not raw.strip():
        raise SourceError(path, "empty file: no report text to convert")
    encoding = detect_encoding(path, raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_at(raw, exc.start, encoding)
        raise SourceError(
            path,
            f"byte {exc.start} (0x{raw[exc.start]:02x}) cannot be decoded as {encoding}; "
            "the file is damaged or mixes encodings. Re-save it in one encoding (UTF-8 preferred).",
            line=line,
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _reject_binary(path, text)
    reject_non_chinese(path, text)
    return SourceText(path=path, raw=raw, text=text, encoding=encoding)


def detect_encoding(path: Path, raw: bytes) -> str:
    """Name the encoding of ``raw``: BOM first, then strict UTF-8, then the detector."""
    for bom, name in BOMS:
        if raw.startswith(bom):
            return name
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return utf16
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if b"\x00" in raw:
        raise SourceError(path, "binary file (NUL bytes), not a text report")
    best = charset_normalizer.from_bytes(raw, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is None:
        _raise_furthest_decode_error(path, raw)
    return codecs.lookup(best.encoding).name


def _raise_furthest_decode_error(path: Path, raw: bytes) -> None:
    """No encoding fits: point at the first bad byte of the encoding that reads furthest."""
    furthest: tuple[int, str] = (-1, "utf-8")
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, (exc.start, encoding))
    start, encoding = furthest
    line = _line_at(raw, start, encoding)
    raise SourceError(
        path,
        f"undecodable bytes: no candidate encoding (UTF-8, GB18030/GBK, Big5, UTF-16) reads the "
        f"whole file; read as {encoding}, byte {start} (0x{raw[start]:02x}) is invalid. "
        "Fix or re-save the file in one encoding (UTF-8 preferred).",
        line=line,
    )


def _line_at(raw: bytes, offset: int, encoding: str) -> int:
    """The 1-based line of byte ``offset``, counting ``\\r\\n``, ``\\r`` and ``\\n`` as
    the decoder sees them (in UTF-16 a 0x0A byte is half of many characters, such as 上)."""
    before = raw[:offset].decode(encoding, errors="replace")
    return len(_LINE_BREAK.findall(before)) + 1


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding reads as Chinese text.

    Only tried when the bytes hold NULs (UTF-16 puts one in every ASCII character); the
    swapped order decodes to scattered code points and scores far lower.
    """
    if b"\x00" not in raw or len(raw) % 2:
        return None
    best_name, best_score = None, 0.0
    for name in ("utf-16-le", "utf-16-be"):
        try:
            sample = raw[:8000].decode(name, errors="replace")
        except UnicodeDecodeError:
            continue
        score = len(_TEXTLIKE.findall(sample)) / max(len(sample), 1)
        if score > best_score:
            best_name, best_score = name, score
    return best_name if best_score >= 0.9 else None


def _reject_binary(path: Path, text: str) -> None:
    found = _BINARY_CONTROLS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise SourceError(
            path,
            f"binary data: control character U+{ord(found.group()):04X}, not a text report",
            line,
        )
