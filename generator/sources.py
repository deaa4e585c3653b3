"""Find report files and decode them loudly: the encoding is detected and recorded."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from .exceptions import SourceError

#: Report files the converter picks up; sidecars (``<name>.yml``) are read by the sidecar stage.
REPORT_SUFFIXES = (".txt", ".md", ".text")

#: Encodings these reports come in. The detector is restricted to them so that a short
#: GBK file is not mistaken for some Cyrillic code page.
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be")

_BOMS = (
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


@dataclass(frozen=True)
class SourceText:
    """One report file as received: its bytes, how they were decoded, and the decoded text."""

    path: Path
    raw: bytes
    text: str
    encoding: str
    #: Of ``raw``; kept when a converted report lets go of its bytes (:meth:`Report.slim`).
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.raw).hexdigest())

    @property
    def name(self) -> str:
        return self.path.name


def find_reports(folder: Path) -> list[Path]:
    """Every report file directly in ``folder``, sorted so builds are deterministic."""
    if not folder.is_dir():
        raise SourceError(folder, "not a folder of reports")
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
    )


def read_source(path: Path) -> SourceText:
    """Read and decode one report file.

    Raises:
        SourceError: the file is empty, binary, or holds bytes no candidate encoding decodes.
    """
    raw = path.read_bytes()
    return decode_source(path, raw)


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
    return SourceText(path=path, raw=raw, text=text, encoding=encoding)


def detect_encoding(path: Path, raw: bytes) -> str:
    """Name the encoding of ``raw``: BOM first, then strict UTF-8, then the detector."""
    for bom, name in _BOMS:
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
