"""Full-text search: a static, sharded character-bigram index that the browser queries itself.

Why our own index
-----------------
Readers type Chinese without spaces and expect a substring search: ``调解`` must find
``人民调解委员会``, and ``调节`` must not find ``调解``. The maintained options fail that:

- Material's built-in search (lunr + jieba, ``lang: zh``) matches whole jieba words by prefix,
  so ``调解`` misses ``人民调解委员会``. Its index is one JSON file with all the text that
  every reader downloads (hundreds of MB at 10,000 reports), and jieba over 100 M characters
  takes minutes. ``mkdocs.yml`` turns it off (``enabled: false``).
- Pagefind 1.5 ranks ``人民代表大会`` above ``人民调解`` and finds a phrase only when the
  reader types spaces at word boundaries. Zensical's search over-matches (``调节`` → ``调解``).

Every string of two or more characters is a run of overlapping character bigrams. So an
inverted index of bigrams finds any substring without segmenting words, and checking the
candidates against the text makes the match exact.

Design
------
- **Text.** Each report gives, in reading order, its title (anchor ``""``, the top of the
  page), the opening paragraphs, and each section heading followed by its paragraphs. Each
  entry keeps its anchor, so a result links to ``reports/<id>.html#<anchor>``.
- **Folding** works the same in Python (:func:`fold`) and JavaScript. A–Z and full-width ASCII
  become lower-case ASCII, U+3000 and U+00A0 become a space, and Traditional becomes
  Simplified through a per-character map built from OpenCC ``t2s`` (3,417 characters;
  the 804 whose Simplified form lies outside the BMP, all rare, are left as they are). Each
  rule maps one UTF-16 unit to one, so an offset in folded text is an offset in the original
  and highlighting needs no mapping. The text is folded like the query, so ``社區矯正`` finds
  社区矫正 and a Traditional character left in a text is found by its Simplified form. The map
  only joins a character with what OpenCC calls its Simplified form (so 乾 also finds 干);
  two Simplified words such as 调节 and 调解 stay apart, so folding does not over-match.
  The map is split by code point into ``search/s/<hh>.json`` so that a query fetches only the
  few hundred bytes its own characters need. A text block carries the few folds its own text
  needs (usually none).
- **Bigrams** are pairs of adjacent letters or digits (Unicode L* or N*: Han, Latin, digits),
  never across punctuation, spaces or entries. Punctuation in a query still counts in the
  exact check (``成功率达99%``); it just does not narrow the candidates.
- **Blocks.** The posting unit is a block: consecutive entries of one report, about
  :data:`BLOCK_CHARS` characters (a longer paragraph is a block of its own). A block is also
  the text that the browser fetches to check and show a match. Paragraph-level postings would
  make a common bigram (工作, 法治) list most of the ~10⁶ paragraphs of 10,000 reports.
  Blocks bound every list by the number of blocks (≈ 6.5 per 10,000-character report), and the
  browser finds the paragraph inside the block it fetched.
- **Presence and counts are stored apart**, because common bigrams cost mostly in their
  counts. ``search/b/<shard>.json.deflate`` maps each bigram to the gaps between the blocks
  that hold it. ``search/c/<shard>.json.deflate`` holds the count in each of those blocks,
  minus one, and leaves out a bigram that never occurs twice in a block. Both use base64 VLQ
  (source-map style): a block close to the previous one costs one character. A query fetches
  presence for all its bigrams but counts only for the rarest bigram of each term. That count
  bounds how often the term occurs, and it is the smallest such list.
- **Shards.** Bigrams are spread over ``2^k`` files by FNV-1a of their UTF-16 units. ``k`` is
  chosen so that a presence shard holds about :data:`SHARD_BYTES` before compression. A query
  fetches only the shards of its own bigrams.
- **Compressed files.** Text blocks and shards are stored as raw deflate (RFC 1951), named
  ``….json.deflate``; the browser inflates them with ``DecompressionStream("deflate-raw")``
  (Chrome 103, Firefox 113, Safari 16.4) and :func:`load` with zlib. A server would gzip JSON
  on the way anyway, so a reader downloads about the same bytes, but the site stores half as
  many: at 1,000 reports, 10.4 KB a report instead of 21.0 (text 15.1 → 7.8 KB, presence
  3.1 → 1.9, counts 2.75 → 0.65). Servers send the files as they are: GitHub Pages and
  ``mkdocs serve`` as ``application/octet-stream``, with no ``Content-Encoding``. Raw deflate,
  not gzip: the version that starts each text block is a stored (uncompressed) deflate block
  put before the text compressed in the worker, which needs no checksum over the whole.
  Measured and left out: UTF-16 text inside the deflate (−4 % of the text); blocks of 3,000
  or 4,000 characters (−7 % and −12 % of the index, +30 % and +50 % for a first page); a
  preset dictionary (a stored block the reader would put before each file): −21 % of the
  text in a leave-one-out test on the five seeds, but it must be fetched once (~15 KB), and
  the synthetic corpus, made of the seeds' sentences, cannot measure it honestly.
- **Build.** :func:`index_report` does all the work that needs one report: its blocks, their
  folded bigrams and counts, and their text as JSON, compressed. It is a pure function, run
  in the worker process that converted the report, and its :class:`ReportIndex` is a few
  bytes objects, cheap to pickle. :class:`IndexWriter` merges the parts in id order in the
  main process: :meth:`IndexWriter.add` appends each posting to its bigram's ``array`` with
  three ``map`` calls that run in C, and :meth:`IndexWriter.finish` encodes the shards (in a
  pool's processes when given ``shard_map``) and writes every file. :func:`write_index` is
  the same in one process.
- **Metadata** (``search/meta.json``) holds the facet values and, per report, its year,
  province and type index and its number of blocks, as VLQ strings. It has nothing that grows
  with titles or ids (about 1.5 bytes gzipped per report). Titles, URLs and places travel with
  the blocks.
- **Deterministic.** Reports go in id order and every JSON has sorted keys, so two builds are
  byte-identical (with the same zlib). ``meta.json`` carries a hash of the index's inputs
  (:meth:`IndexWriter.version`: the settings, then each report's :attr:`ReportIndex.digest`
  in id order); the browser adds it to every URL as ``?v=`` so that no cached file of an
  earlier build is used, and every JSON object file carries it under ``""`` so that a page
  opened before a deploy notices and reloads ``meta.json`` instead of mixing two builds. So
  the text blocks cannot be written before the last report is in: the writer keeps them,
  compressed, until :meth:`IndexWriter.finish`.

Query (``docs/javascripts/archive-search.js``; :class:`IndexReader` is the same algorithm in
Python, for the tests and to measure what a query downloads)
----------------------------------------------------------------------------------------
1. Fold the query and split it on spaces into terms. A term without a bigram (one character)
   is ignored, and the reader is told so.
2. A report matches when every bigram of every term occurs in it. So ``调节`` never matches a
   text that only has ``调解``, and the number of matching reports is exact. A *t-block* of
   term ``t`` holds every bigram of ``t``. An exact occurrence lies in one paragraph, hence in
   a t-block. Its count of ``t``'s rarest bigram, ``u_t(k)``, bounds how often ``t`` occurs
   there.
3. Rank by (tier, count, report order). Each term's status is 1 if it occurs as typed, 2 if
   all its bigrams share a paragraph, 3 otherwise. A report's tier is its worst term status.
   For one term, tier 1 is the exact phrase in a paragraph, tier 2 is all bigrams in one
   paragraph, tier 3 is pieces spread over the report. Count is occurrences as typed. Before
   any text is fetched, a report with a t-block for every term is at best tier 1 with count
   ``Σ u_t(k)``; any other report is tier 3. Reports are checked in that order by fetching their
   best t-blocks (at most :data:`MAX_BLOCKS_PER_REPORT`). A checked report is shown once no
   unchecked report could outrank it (Fagin's threshold algorithm). So the first page costs
   about one block per result, and its order is exact. Counts of t-blocks left unfetched stay
   upper bounds.
4. One page checks at most :data:`VERIFY_BLOCKS` blocks. A query whose bigrams meet in many
   blocks that lack the phrase would otherwise fetch all of them. If the cap stops a page, the
   page shows what it checked, in order, and says the order is provisional. “更多” goes on
   checking.
5. The browser shows the title, place · year · type, and up to :data:`PASSAGES` paragraphs
   with the matched text in ``<mark>``, each linking to its paragraph. Every string goes in as
   text, never as HTML.

Sizes and build time
--------------------
Measured with ``python -m tests.test_search --corpus DIR`` (which converts and indexes in two
worker processes, as a build does) on corpora of ``python -m bench.corpus --count N --chars
2500 5600``: about 4,900 indexed characters a report (title, headings, paragraphs), 3 blocks.
The 10,000 reports were indexed from the same tool's pickled parts. "First page" is what a
cold browser downloads, gzipped, for ten results: ``meta.json``, fold shards, presence and
count shards and the blocks it checks, for the queries of ``tests.test_search.BENCH_QUERIES``
(add 11 KB for ``archive-search.js``). Where bigrams meet in many blocks without the phrase
(调解成功率, 调解成功率达99%), the :data:`VERIFY_BLOCKS` cap stops the first page.

============  ===========  =======================  ========  ===============================
reports       characters   index                    files     first page, gzipped
============  ===========  =======================  ========  ===============================
5 (seeds)     23,564       0.12 MB                  179       2.5 KB (no match) – 24 KB
1,000         4.9 M        10.4 MB (10.4 KB each)   5,191     5 KB (no match), 35–58 KB;
                                                              73–77 KB where the cap stops
10,000        49.5 M       101 MB (10.1 KB each)    47,268    23 KB (no match), 66–107 KB;
                                                              111–122 KB where the cap stops
============  ===========  =======================  ========  ===============================

At 10,000 reports the index is 79 MB of text blocks (7.9 KB a report: 56 % of the UTF-8
text), 17 MB of presence and 5 MB of counts in 2 × 8,192 shards, and 30,784 blocks.
``meta.json`` is 41 KB, 19 KB gzipped: it is most of a query that matches nothing.

Costs, in CPU seconds (the machine was shared, so wall times varied more): :func:`index_report`
1.7–2.1 ms for a report of 4,900 characters, in a worker.
:meth:`IndexWriter.add` 0.42–0.57 s per 1,000 reports (2.6 M postings, about 0.2 µs each).
:meth:`IndexWriter.finish` 0.6 s per 1,000 reports in one process; with
``shard_map=pool.imap`` of two processes, 0.17 s of the main process's time at 1,000
reports and 0.64 s at 10,000. The writer holds 4 bytes a posting (119 MB at 10,000
reports) and the compressed text (79 MB); ``finish`` adds 13 MB at most, besides what ``add``
keeps (``OutputTree`` keeps every file until commit).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import zlib
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain, repeat
from operator import add as _plus
from operator import rshift as _shift
from operator import sub as _minus
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .report import Report

#: Format of the files under ``search/``; the browser refuses an index of another format.
FORMAT = 2
#: Target characters per block: a block is the posting unit and the text fetched per result.
BLOCK_CHARS = 2000
#: Target size of a presence shard before compression, in bytes: about one a posting (most gaps
#: take one character) and :data:`BIGRAM_BYTES` a bigram.
SHARD_BYTES = 4096
BIGRAM_BYTES = 12
#: Text blocks per folder (``search/t/<block // TEXT_BUCKET>/<block>.json.deflate``).
TEXT_BUCKET = 1000
#: Files whose name ends so are raw deflate (RFC 1951); the reader inflates them itself.
DEFLATED = ".deflate"
#: zlib levels: text blocks are compressed once, in the workers; shards in the main process.
TEXT_LEVEL = 9
SHARD_LEVEL = 4
#: Blocks fetched to check one report before it is ranked by what was found.
MAX_BLOCKS_PER_REPORT = 3
#: Blocks one page of results may fetch to check reports.
VERIFY_BLOCKS = 20
#: Results per page.
PAGE_SIZE = 10
#: Passages shown per result.
PASSAGES = 3
#: Filter value that selects reports where the field is unknown (年份不详).
UNKNOWN = "-"

#: CJK ranges whose Traditional characters are folded (the BMP: the browser folds UTF-16 units).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64_VALUE = {c: i for i, c in enumerate(_B64)}
#: Letters and digits (Unicode L* and N*, like the browser's ``[\p{L}\p{N}]``).
_RUN = re.compile(r"[^\W_]{2,}")
#: Every bigram of every run in one C-level pass (overlapping, through a lookahead).
_BIGRAM = re.compile(r"(?=([^\W_]{2}))")
#: Spaces that separate query terms, after folding (JavaScript's ``\s`` differs from Python's).
_TERM_SPLIT = re.compile(r"[ \t\n\r\f\v]+")


# --- folding ------------------------------------------------------------------------------


@cache
def char_map() -> dict[str, str]:
    """Traditional → Simplified, one character to one, from OpenCC ``t2s`` over the CJK BMP."""
    import opencc  # imported lazily, like generator.normalize: it loads dictionaries

    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
        raise RuntimeError("OpenCC t2s changed the number of lines")
    # One UTF-16 unit to one: the browser folds by unit and keeps offsets (嘪 → 𪡃 is left out).
    return {
        c: s
        for c, s in zip(chars, converted, strict=True)
        if s != c and len(s) == 1 and ord(s) <= 0xFFFF
    }


def _base_table() -> dict[int, str]:
    table = {c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
    for c in range(0xFF01, 0xFF5F):
        table[c] = chr(c - 0xFEE0).lower()
    table[0x3000] = table[0x00A0] = " "
    return table


@cache
def _fold_table() -> dict[int, str]:
    table = _base_table()
    table.update((ord(t), s) for t, s in char_map().items())
    return table


def fold(text: str, extra: dict[str, str] | None = None) -> str:
    """The form the index and the query are compared in; as long as ``text``.

    With ``extra``, only the ASCII rules and those folds apply: what the browser does with a
    block's text and the folds the block carries.
    """
    if extra is None:
        return text.translate(_fold_table())
    table = _base_table()
    table.update((ord(t), s) for t, s in extra.items())
    return text.translate(table)


def bigrams(folded: str) -> list[str]:
    """Bigrams of adjacent letters or digits, in order, with repeats."""
    return _BIGRAM.findall(folded)


# --- encoding -----------------------------------------------------------------------------


def vlq(n: int) -> str:
    """Base64 VLQ of a non-negative integer: 5 bits per character, low bits first."""
    out = []
    while True:
        digit, n = n & 31, n >> 5
        if n:
            out.append(_B64[digit | 32])
        else:
            out.append(_B64[digit])
            return "".join(out)


def vlq_decode(text: str) -> list[int]:
    numbers, value, shift = [], 0, 0
    for char in text:
        digit = _B64_VALUE[char]
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            numbers.append(value)
            value, shift = 0, 0
    if shift:
        raise ValueError("truncated VLQ string")
    return numbers


# Most gaps and counts are small; encoding them is the build's inner loop.
_VLQ_BYTES = [vlq(n).encode("ascii") for n in range(4096)]


def _vlq_bytes(n: int) -> bytes:
    return _VLQ_BYTES[n] if n < 4096 else vlq(n).encode("ascii")


def decode_blocks(gaps: str) -> list[int]:
    """Block numbers from a presence string (gaps minus one, first from -1)."""
    blocks, block = [], -1
    for gap in vlq_decode(gaps):
        block += gap + 1
        blocks.append(block)
    return blocks


def shard_of(bigram: str, shards: int) -> int:
    """FNV-1a over UTF-16 code units, masked to ``shards`` (a power of two)."""
    h = 0x811C9DC5
    data = bigram.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h & (shards - 1)


def shard_name(shard: int, shards: int) -> str:
    return f"{shard:0{max(1, ((shards - 1).bit_length() + 3) // 4)}x}"


def presence_path(shard: int, shards: int) -> str:
    return f"search/b/{shard_name(shard, shards)}.json{DEFLATED}"


def counts_path(shard: int, shards: int) -> str:
    return f"search/c/{shard_name(shard, shards)}.json{DEFLATED}"


def block_path(block: int) -> str:
    return f"search/t/{block // TEXT_BUCKET}/{block}.json{DEFLATED}"


def fold_path(high: int) -> str:
    """The T→S map of code points ``high << 8`` to ``high << 8 | 0xFF``."""
    return f"search/s/{high:02x}.json"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load(path: str, data: str | bytes) -> Any:
    """The JSON value of an index file, inflated first when its name says it is deflated."""
    if path.endswith(DEFLATED):
        data = zlib.decompress(data, -15)  # type: ignore[arg-type]
    return json.loads(data)


# --- building -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchIndexStats:
    reports: int
    blocks: int
    entries: int
    characters: int
    bigrams: int
    postings: int
    shards: int
    files: int
    bytes: int
    presence_bytes: int
    counts_bytes: int
    text_bytes: int


def report_entries(report: Report) -> list[tuple[str, str]]:
    """``(anchor, text)`` in reading order: title, opening, each heading and its paragraphs."""
    doc = report.document
    entries = [("", report.front_matter()["title"] or report.id)]
    entries.extend((p.anchor, p.text) for p in doc.intro)
    for section in doc.iter_sections():
        entries.append((section.anchor, section.title))
        entries.extend((p.anchor, p.text) for p in section.paragraphs)
    return [(anchor, text) for anchor, text in entries if text.strip()]


def split_blocks(entries: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Consecutive entries up to :data:`BLOCK_CHARS` characters; an entry is never split."""
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    size = 0
    for entry in entries:
        if current and size + len(entry[1]) > BLOCK_CHARS:
            blocks.append(current)
            current, size = [], 0
        current.append(entry)
        size += len(entry[1])
    if current:
        blocks.append(current)
    return blocks


def place_label(fm: dict[str, Any]) -> str:
    """省 市 县 乡, a municipality once (重庆市 九龙坡区)."""
    names = [fm.get("province"), fm.get("city"), fm.get("county"), fm.get("township")]
    return " ".join(n for i, n in enumerate(names) if n and n not in names[:i])


def _deflate(data: bytes, level: int) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _stored(data: bytes) -> bytes:
    """``data`` as a non-final stored deflate block, which any deflate stream may follow."""
    size = len(data)
    return b"\x00" + size.to_bytes(2, "little") + (size ^ 0xFFFF).to_bytes(2, "little") + data


@dataclass(frozen=True)
class ReportIndex:
    """What one report gives the index; made by :func:`index_report`, merged by
    :class:`IndexWriter`. Plain bytes and numbers, cheap to pickle back from a worker process.
    """

    id: str
    #: Report year, province and type (``None`` when unknown).
    facets: tuple[Any, Any, Any]
    #: SHA-256 of all that this report puts in the index; the writer hashes them into the version.
    digest: bytes
    #: Per block, its JSON after ``{``, deflated. The file is ``{"":"<version>",`` then this.
    blocks: tuple[bytes, ...]
    #: Per posting (a bigram in a block), block after block: the bigram's two code points as one
    #: number (its UTF-32-LE bytes read as a native ``Q``), and its count there, 255 at most.
    keys: array
    counts: bytes
    #: Postings per block.
    sizes: tuple[int, ...]
    #: ``(posting, count)`` for counts of 255 or more (rare: a long paragraph of one phrase).
    overflow: tuple[tuple[int, int], ...]
    entries: int
    characters: int


def index_report(report: Report) -> ReportIndex:
    """All of the index's work that needs only this report: blocks, their text, their bigrams.

    A pure function of the report, meant to run in the worker process that converted it.
    """
    fm = report.front_matter()
    head = {"pl": place_label(fm), "t": fm.get("title") or report.id, "u": report.url}
    facets = (fm.get("report_year"), fm.get("province"), fm.get("doc_type"))
    folds = char_map()
    digest = hashlib.sha256(_dumps([report.id, facets]).encode())
    bodies: list[bytes] = []
    keys = bytearray()
    counts = bytearray()
    sizes: list[int] = []
    overflow: list[tuple[int, int]] = []
    entries = characters = 0
    for block in split_blocks(report_entries(report)):
        # Entries joined by a line break: no bigram spans two entries.
        text = "\n".join(t for _, t in block)
        data: dict[str, Any] = {**head, "p": [list(e) for e in block]}
        folded = text
        # Folding changes the bigrams only where it changes a letter or digit; most blocks have
        # none (full-width punctuation folds, but never makes a bigram), and then it is skipped.
        if _letters_to_fold().search(text):
            folded = text.translate(_fold_table())
            extra = {c: folds[c] for c in set(text).intersection(folds)}
            if extra:
                data["f"] = extra
        # The version sorts first and is known only when every report is in: leave it out.
        body = _dumps(data)[1:].encode("utf-8")
        digest.update(body)
        bodies.append(_deflate(body, TEXT_LEVEL))
        found = Counter(_BIGRAM.findall(folded))
        start = len(counts)
        keys += "".join(found).encode("utf-32-le")
        ones = found.values()
        capped = bytes(map(min, ones, repeat(255)))
        if 255 in capped:
            overflow.extend((start + i, n) for i, n in enumerate(ones) if n >= 255)
        counts += capped
        sizes.append(len(found))
        entries += len(block)
        characters += len(text) - len(block) + 1
    return ReportIndex(
        report.id,
        facets,
        digest.digest(),
        tuple(bodies),
        array("Q", bytes(keys)),
        bytes(counts),
        tuple(sizes),
        tuple(overflow),
        entries,
        characters,
    )


def _bigram(key: int) -> str:
    """The bigram of a :attr:`ReportIndex.keys` number."""
    return key.to_bytes(8, sys.byteorder).decode("utf-32-le")


def _new_postings() -> array:
    return array("I")


class IndexWriter:
    """Merges the reports' :class:`ReportIndex` parts, in id order, and writes the index.

    ::

        writer = IndexWriter()
        for part in parts:            # index_report(report), e.g. in worker processes
            writer.add(part)          # in ascending report id, each report once
        stats = writer.finish(add)    # every file, through add(relative_path, content)

    :meth:`add` costs a few C-level operations per posting and keeps only compact data: per
    bigram an ``array('I')`` of ``block << 8 | min(count, 255)`` (4 bytes a posting), and the
    blocks' compressed text. :meth:`finish` writes the text too, not :meth:`add`, because every
    file starts with the version, a hash over all reports.
    """

    def __init__(self) -> None:
        #: Bigram (as its :attr:`ReportIndex.keys` number) → its postings.
        self._postings: defaultdict[int, array] = defaultdict(_new_postings)
        #: ``(bigram number, block)`` → count, for counts of 255 or more.
        self._overflow: dict[tuple[int, int], int] = {}
        self._bodies: list[bytes] = []
        self._facets: list[tuple[Any, Any, Any]] = []
        self._block_counts: list[int] = []
        self._digests = hashlib.sha256()
        self._last: str | None = None
        self._entries = self._characters = 0
        self._finished = False

    def add(self, part: ReportIndex) -> None:
        """Merge one report's part: the report after the previous one in id order."""
        if self._finished:
            raise RuntimeError("IndexWriter.add after finish")
        if self._last is not None and part.id <= self._last:
            raise ValueError(f"reports must come in id order: {part.id!r} after {self._last!r}")
        self._last = part.id
        base = len(self._bodies)
        if base + len(part.blocks) >= 1 << 24:  # pragma: no cover - 16 M blocks
            raise ValueError("too many blocks for the index's 24-bit block numbers")
        get, at = self._postings.__getitem__, 0
        for block, size in enumerate(part.sizes, base):
            end = at + size
            # Per posting: find the bigram's array and append block << 8 | count. The maps run
            # in C; the same in a Python loop costs the main process about 1.7 times as much.
            deque(
                map(
                    array.append,
                    map(get, part.keys[at:end]),
                    map(_plus, part.counts[at:end], repeat(block << 8)),
                ),
                0,
            )
            for posting, count in part.overflow:
                if at <= posting < end:
                    self._overflow[part.keys[posting], block] = count
            at = end
        self._bodies.extend(part.blocks)
        self._block_counts.append(len(part.blocks))
        self._facets.append(part.facets)
        self._digests.update(part.digest)
        self._entries += part.entries
        self._characters += part.characters

    def version(self) -> str:
        """A hash of everything the index is made from, so of every file it has.

        Every JSON object file carries it under the key ``""`` (no bigram is empty). A page opened
        before a deploy notices a file of the new build and reloads ``meta.json``; otherwise it
        would read new shards with old block numbers.
        """
        digest = hashlib.sha256()
        settings = [FORMAT, BLOCK_CHARS, SHARD_BYTES, TEXT_BUCKET, sorted(char_map().items())]
        digest.update(_dumps(settings).encode())
        digest.update(self._digests.digest())
        return digest.hexdigest()[:16]

    def finish(
        self,
        add: Callable[[str, str | bytes], None],
        *,
        shard_map: Callable[..., Iterable[Any]] = map,
    ) -> SearchIndexStats:
        """Write every file under ``search/`` through ``add``, in a fixed order; only once.

        ``shard_map`` encodes the shards, most of this method's work: with a pool's ordered map
        (``multiprocessing.Pool.imap``, ``ProcessPoolExecutor.map``) its processes do it, with
        the same output.
        """
        if self._finished:
            raise RuntimeError("IndexWriter.finish called twice")
        self._finished = True
        version = self.version()
        write = _Writer(add)
        blocks = len(self._bodies)
        bigrams = len(self._postings)
        postings_total = sum(map(len, self._postings.values()))
        shards = 1
        while shards * SHARD_BYTES < postings_total + BIGRAM_BYTES * bigrams:
            shards *= 2
        tasks = self._shard_tasks(_ShardTask(version, shards, blocks, SHARD_LEVEL, []))
        presence_bytes = counts_bytes = 0
        for done in shard_map(_encode_shards, tasks):
            for shard, presence, counts in done:
                presence_bytes += write.raw(presence_path(shard, shards), presence)
                counts_bytes += write.raw(counts_path(shard, shards), counts)
        prefix = _stored(f'{{"":"{version}",'.encode())
        text_bytes = 0
        for block, body in enumerate(self._bodies):
            text_bytes += write.raw(block_path(block), prefix + body)
        self._bodies = []
        by_high: dict[int, list[str]] = {}
        for traditional, simplified in sorted(char_map().items()):
            by_high.setdefault(ord(traditional) >> 8, []).append(traditional + simplified)
        for high, pairs in sorted(by_high.items()):
            write(fold_path(high), "".join(pairs))

        facets = self._facets
        year_values = sorted({f[0] for f in facets if f[0] is not None}, reverse=True)
        province_values = sorted({f[1] for f in facets if f[1]})
        type_values = sorted({f[2] for f in facets if f[2]})
        meta = {
            "format": FORMAT,
            "version": version,
            "reports": len(facets),
            "blocks": blocks,
            "shards": shards,
            "fold": sorted(by_high),
            "years": year_values,
            "provinces": province_values,
            "types": type_values,
            "report_year": _facet((f[0] for f in facets), year_values),
            "report_province": _facet((f[1] for f in facets), province_values),
            "report_type": _facet((f[2] for f in facets), type_values),
            "report_blocks": "".join(vlq(n) for n in self._block_counts),
        }
        write("search/meta.json", meta)
        return SearchIndexStats(
            reports=len(facets),
            blocks=blocks,
            entries=self._entries,
            characters=self._characters,
            bigrams=bigrams,
            postings=postings_total,
            shards=shards,
            files=write.files,
            bytes=write.bytes,
            presence_bytes=presence_bytes,
            counts_bytes=counts_bytes,
            text_bytes=text_bytes,
        )

    def _shard_tasks(self, empty: _ShardTask) -> Iterator[_ShardTask]:
        """The shards in tasks of about equal size, each bigram's postings moved into its task."""
        shards = empty.count
        by_shard: list[list[tuple[str, int]]] = [[] for _ in range(shards)]
        for key in self._postings:
            bigram = _bigram(key)
            by_shard[shard_of(bigram, shards)].append((bigram, key))
        overflow: dict[int, dict[int, int]] = {}
        for (key, block), count in self._overflow.items():
            overflow.setdefault(key, {})[block] = count
        size = max(1, sum(map(len, self._postings.values())) // _TASKS)
        task, postings = replace(empty, shards=[]), 0
        for shard, grams in enumerate(by_shard):
            # Popped, so that the postings are freed as their tasks are done.
            items = [(b, self._postings.pop(k), overflow.get(k)) for b, k in grams]
            task.shards.append((shard, items))
            postings += sum(len(values) for _, values, _ in items)
            if postings >= size or shard == shards - 1:
                yield task
                task, postings = replace(empty, shards=[]), 0


#: Tasks that :meth:`IndexWriter.finish` splits the shards into (for ``shard_map``).
_TASKS = 32


@dataclass(frozen=True)
class _ShardTask:
    version: str
    #: The number of shards, then the index's number of blocks and the zlib level.
    count: int
    blocks: int
    level: int
    #: Shard number, and its bigrams: each with its postings (``block << 8 | min(count, 255)``)
    #: and, where a count is 255 or more, ``{block: count}``.
    shards: list[tuple[int, list[tuple[str, array, dict[int, int] | None]]]]


def _encode_shards(task: _ShardTask) -> list[tuple[int, bytes, bytes]]:
    """Presence and counts files of the task's shards: ``(shard, presence, counts)``."""
    gap = _gaps(task.blocks)
    out = []
    for shard, items in task.shards:
        presence: dict[str, str] = {"": task.version}
        repeats: dict[str, str] = {"": task.version}
        for bigram, values, overflow in items:
            numbers = list(map(_shift, values, repeat(8)))
            presence[bigram] = "".join(
                map(gap.__getitem__, map(_minus, numbers, chain((-1,), numbers)))
            )
            counts = values.tobytes()[_LOW_BYTE::4]
            # A bigram never repeated in a block has no counts (all would be "A").
            if counts.count(1) == len(counts):
                continue
            if max(counts) <= 32:
                repeats[bigram] = counts.translate(_COUNT_DIGIT).decode("ascii")
            else:
                # 255 stands for a count of 255 or more, given in ``overflow``.
                repeats[bigram] = "".join(
                    vlq((overflow[block] if n == 255 else n) - 1)  # type: ignore[index]
                    for block, n in zip(numbers, counts, strict=True)
                )
        out.append(
            (
                shard,
                _deflate(_dumps(presence).encode(), task.level),
                _deflate(_dumps(repeats).encode(), task.level),
            )
        )
    return out


#: ``_GAPS[d]`` is the VLQ of ``d - 1``: the gap to a block ``d`` after the previous one.
_GAPS = [""]


def _gaps(blocks: int) -> list[str]:
    """:data:`_GAPS`, long enough for an index of ``blocks`` blocks (the first gap is from -1)."""
    if len(_GAPS) <= blocks:
        _GAPS.extend(vlq(d - 1) for d in range(len(_GAPS), blocks + 1))
    return _GAPS


#: Where the low byte of an ``array('I')`` item is: its count, in :class:`IndexWriter`.
_LOW_BYTE = 0 if sys.byteorder == "little" else 3
#: Counts 1 to 32 as the one-character VLQ of count - 1.
_COUNT_DIGIT = bytes.maketrans(bytes(range(1, 33)), _B64[:32].encode("ascii"))


@cache
def _letters_to_fold() -> re.Pattern[str]:
    """The letters and digits that :func:`fold` changes: A–Z, full-width, Traditional."""
    return re.compile("[A-Z０-９Ａ-Ｚａ-ｚ" + "".join(sorted(char_map())) + "]")


class _Writer:
    """Passes each file to ``add`` and counts them; a value as UTF-8 JSON."""

    def __init__(self, add: Callable[[str, str | bytes], None]):
        self._add = add
        self.files = 0
        self.bytes = 0

    def raw(self, path: str, data: bytes) -> int:
        self._add(path, data)
        self.files += 1
        self.bytes += len(data)
        return len(data)

    def __call__(self, path: str, value: Any) -> int:
        return self.raw(path, _dumps(value).encode("utf-8"))


def write_index(reports: list[Report], add: Callable[[str, str | bytes], None]) -> SearchIndexStats:
    """Write the search index under ``search/`` through ``add(relative_path, content)``.

    The one-process form of :func:`index_report` and :class:`IndexWriter`, with the same output.
    Reports are taken in id order, so two builds of the same reports are byte-identical.
    """
    writer = IndexWriter()
    for report in sorted(reports, key=lambda r: r.id):
        writer.add(index_report(report))
    return writer.finish(add)


def _facet(values: Iterable[Any], choices: list[Any]) -> str:
    """Per report: 0 when unknown, else 1 + the value's position in ``choices``."""
    position = {v: i + 1 for i, v in enumerate(choices)}
    return "".join(vlq(position.get(v, 0)) for v in values)


# --- querying: the browser's algorithm in Python ------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str
    bigrams: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    ignored: tuple[str, ...]

    @property
    def bigrams(self) -> list[str]:
        return sorted({b for t in self.terms for b in t.bigrams})


def parse_query(folded: str) -> Query:
    """Split a folded query on spaces; a term without a bigram (one character) is ignored."""
    terms: list[Term] = []
    ignored: list[str] = []
    for raw in _TERM_SPLIT.split(folded):
        if not raw or any(t.text == raw for t in terms):
            continue
        grams = tuple(sorted(set(bigrams(raw))))
        if grams:
            terms.append(Term(raw, grams))
        elif raw not in ignored:
            ignored.append(raw)
    return Query(tuple(terms), tuple(ignored))


def occurrences(haystack: str, needle: str) -> list[int]:
    """Start offsets of non-overlapping occurrences."""
    out, start = [], haystack.find(needle)
    while start >= 0:
        out.append(start)
        start = haystack.find(needle, start + len(needle))
    return out


@dataclass
class Passage:
    anchor: str
    text: str
    #: 1: a term occurs here as typed; 2: all bigrams of a term are here; 3: some pieces.
    level: int
    #: Terms that occur here as typed, their occurrences, and the query's bigrams found here.
    exact: int
    occurs: int
    pieces: int
    #: ``(start, end)`` ranges to highlight, sorted and disjoint.
    marks: list[tuple[int, int]]


def match_entry(folded: str, query: Query) -> tuple[list[int], list[int], Passage | None]:
    """Per term: occurrences as typed and status (1, 2 or 3) in one entry; its passage.

    ``folded`` is the entry's folded text; the passage's text is filled in by the caller.
    """
    present = {b for b in bigrams(folded)}
    counts, status, ranges = [], [], []
    exact = 0
    for term in query.terms:
        found = occurrences(folded, term.text)
        counts.append(len(found))
        ranges.extend((s, s + len(term.text)) for s in found)
        if found:
            status.append(1)
            exact += 1
        else:
            status.append(2 if all(b in present for b in term.bigrams) else 3)
    wanted = set(query.bigrams)
    pieces = len(present & wanted)
    if not pieces:
        return counts, status, None
    # Where a term is not whole, its pieces are marked.
    if exact < len(query.terms):
        for run in _RUN.finditer(folded):
            s, at = run.group(), run.start()
            ranges.extend((at + i, at + i + 2) for i in range(len(s) - 1) if s[i : i + 2] in wanted)
    level = 1 if exact else 2 if 2 in status else 3
    return counts, status, Passage("", "", level, exact, sum(counts), pieces, _merge(ranges))


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass
class Hit:
    report: int
    url: str
    title: str
    place: str
    tier: int
    count: int
    #: The best passage's anchor (the title links there); passages in reading order.
    anchor: str
    passages: list[Passage]


@dataclass
class SearchResult:
    query: Query
    total: int
    hits: list[Hit]
    #: True when a page stopped at :data:`VERIFY_BLOCKS` before its order was certain.
    provisional: bool = False
    fetched: list[str] = field(default_factory=list)


@dataclass
class _Candidate:
    report: int
    #: Per term: its t-blocks in this report, best first, and ``u_t`` of each.
    tblocks: list[list[int]]
    bound: list[dict[int, int]]
    #: The block to show when some term has no t-block.
    display: int
    tier: int = 3
    count: int = 0
    passages: list[tuple[int, int, Passage]] = field(default_factory=list)
    head: dict[str, Any] = field(default_factory=dict)

    def optimistic(self) -> tuple[int, int, int]:
        tier = 1 if all(self.tblocks) else 3
        return (tier, -sum(sum(b.values()) for b in self.bound), self.report)

    def key(self) -> tuple[int, int, int]:
        return (self.tier, -self.count, self.report)


class StaleIndex(ValueError):
    """A file of another build than ``meta.json`` (the site was deployed meanwhile)."""


class IndexReader:
    """Runs queries against the files :func:`write_index` wrote, fetching as the browser does."""

    def __init__(self, fetch: Callable[[str], str | bytes]):
        self._fetch = fetch
        self._cache: dict[str, Any] = {}
        self.fetched: list[str] = []
        self.meta = json.loads(fetch("search/meta.json"))
        if self.meta["format"] != FORMAT:
            raise ValueError(f"search index format {self.meta['format']}, expected {FORMAT}")
        self.block_count = vlq_decode(self.meta["report_blocks"])
        self.block_report: list[int] = []
        self.first_block: list[int] = []
        for report, n in enumerate(self.block_count):
            self.first_block.append(len(self.block_report))
            self.block_report.extend([report] * n)
        self.facets = {
            name: vlq_decode(self.meta[f"report_{name}"]) for name in ("year", "province", "type")
        }

    def get(self, path: str) -> Any:
        if path not in self._cache:
            data = load(path, self._fetch(path))
            if (
                isinstance(data, dict)
                and data.get("", self.meta["version"]) != self.meta["version"]
            ):
                raise StaleIndex(f"{path} is from another build than search/meta.json")
            self._cache[path] = data
            self.fetched.append(path)
        return self._cache[path]

    def fold_query(self, text: str) -> str:
        """Fold with the map shards of the query's own characters, as the browser does."""
        available = set(self.meta["fold"])
        extra: dict[str, str] = {}
        for high in sorted({ord(c) >> 8 for c in text} & available):
            pairs = self.get(fold_path(high))
            extra.update(zip(pairs[::2], pairs[1::2], strict=True))
        return fold(text, extra)

    def allowed(self, report: int, filters: dict[str, Any]) -> bool:
        lists = {"year": "years", "province": "provinces", "type": "types"}
        for name, wanted in filters.items():
            if wanted in (None, ""):
                continue
            index = self.facets[name][report]
            if wanted == UNKNOWN:
                if index:
                    return False
            elif index == 0 or str(self.meta[lists[name]][index - 1]) != str(wanted):
                return False
        return True

    def search(self, text: str, *, pages: int = 1, **filters: Any) -> SearchResult:
        """The first ``pages`` pages of results, ranked; ``filters``: year, province, type."""
        self.fetched = []
        query = parse_query(self.fold_query(text))
        result = SearchResult(query, 0, [])
        if query.terms:
            candidates = self._candidates(query, filters)
            if candidates is not None:
                result.total = len(candidates)
                ranking = _Ranking(self, query, candidates)
                for _ in range(pages):
                    ranking.page()
                result.hits = [self._hit(c) for c in ranking.shown]
                result.provisional = ranking.provisional
        result.fetched = list(self.fetched)
        return result

    def _candidates(self, query: Query, filters: dict[str, Any]) -> list[_Candidate] | None:
        shards = self.meta["shards"]
        lists: dict[str, list[int]] = {}
        for bigram in query.bigrams:
            gaps = self.get(presence_path(shard_of(bigram, shards), shards)).get(bigram)
            if gaps is None:
                return None
            lists[bigram] = decode_blocks(gaps)
        # The rarest bigram of a term bounds the term's count, and its counts are the cheapest.
        anchors = [min(t.bigrams, key=lambda b: (len(lists[b]), b)) for t in query.terms]
        tf: dict[str, dict[int, int]] = {}
        for anchor in anchors:
            extra = self.get(counts_path(shard_of(anchor, shards), shards)).get(anchor)
            blocks = lists[anchor]
            ones = [0] * len(blocks) if extra is None else vlq_decode(extra)
            tf[anchor] = {b: n + 1 for b, n in zip(blocks, ones, strict=True)}
        sets = {b: set(blocks) for b, blocks in lists.items()}
        reports: set[int] | None = None
        for blocks in sorted(lists.values(), key=len):
            here = {self.block_report[b] for b in blocks}
            reports = here if reports is None else reports & here
        out = {
            r: _Candidate(r, [[] for _ in query.terms], [{} for _ in query.terms], -1)
            for r in sorted(reports or ())
            if self.allowed(r, filters)
        }
        for i, term in enumerate(query.terms):
            rest = [sets[b] for b in term.bigrams if b != anchors[i]]
            for block in lists[anchors[i]]:
                candidate = out.get(self.block_report[block])
                if candidate is not None and all(block in s for s in rest):
                    candidate.tblocks[i].append(block)
                    candidate.bound[i][block] = tf[anchors[i]][block]
        for c in out.values():
            for blocks, bound in zip(c.tblocks, c.bound, strict=True):
                blocks.sort(key=lambda b, bound=bound: (-bound[b], b))
            if not all(c.tblocks):
                first = self.first_block[c.report]
                c.display = max(
                    range(first, first + self.block_count[c.report]),
                    key=lambda b: (sum(b in s for s in sets.values()), -b),
                )
        return sorted(out.values(), key=_Candidate.optimistic)

    def _hit(self, c: _Candidate) -> Hit:
        ranked = sorted(
            c.passages,
            key=lambda p: (p[2].level, -p[2].exact, -p[2].occurs, -p[2].pieces, p[0], p[1]),
        )
        # Only the best kind: a report with the phrase does not show stray pieces of it.
        best = [p for p in ranked if p[2].level == ranked[0][2].level][:PASSAGES] if ranked else []
        return Hit(
            c.report,
            c.head["u"],
            c.head["t"],
            c.head["pl"],
            c.tier,
            c.count,
            best[0][2].anchor if best else "",
            [p[2] for p in sorted(best, key=lambda p: (p[0], p[1]))],
        )


class _Check:
    """Checking one candidate: fetch its best t-blocks until every term is found as typed."""

    def __init__(self, query: Query, candidate: _Candidate):
        self.query, self.c = query, candidate
        self.status = [3] * len(query.terms)
        self.occurs = [0] * len(query.terms)
        self.done: list[int] = []

    def next_block(self) -> int | None:
        c = self.c
        if not all(c.tblocks):
            return None if self.done else c.display
        if len(self.done) >= MAX_BLOCKS_PER_REPORT:
            return None
        for i, blocks in enumerate(c.tblocks):
            if self.status[i] != 1:
                for block in blocks:
                    if block not in self.done:
                        return block
        return None

    def scan(self, block: int, data: dict[str, Any]) -> None:
        self.c.head = data
        self.done.append(block)
        for index, (anchor, text) in enumerate(data["p"]):
            counts, statuses, passage = match_entry(fold(text, data.get("f", {})), self.query)
            for i, n in enumerate(counts):
                self.occurs[i] += n
                self.status[i] = min(self.status[i], statuses[i])
            if passage:
                passage.anchor, passage.text = anchor, text
                self.c.passages.append((block, index, passage))

    def finish(self) -> bool:
        """Set the candidate's key; True when the budget cut the check short."""
        c = self.c
        c.tier = max(self.status)
        unfetched = sum(n for bound in c.bound for b, n in bound.items() if b not in self.done)
        c.count = sum(self.occurs) + unfetched
        return self.next_block() is not None


class _Ranking:
    """Fagin's threshold algorithm over candidates sorted by their optimistic keys."""

    def __init__(self, reader: IndexReader, query: Query, candidates: list[_Candidate]):
        self.reader, self.query = reader, query
        self.pending = list(candidates)
        self.checked: list[_Candidate] = []
        self.shown: list[_Candidate] = []
        self.provisional = False

    def page(self) -> None:
        """Show up to :data:`PAGE_SIZE` more results, fetching at most :data:`VERIFY_BLOCKS`."""
        want = len(self.shown) + PAGE_SIZE
        budget = VERIFY_BLOCKS
        self.provisional = False
        while len(self.shown) < want and (self.pending or self.checked):
            self.checked.sort(key=_Candidate.key)
            if self.checked and (
                not self.pending or self.checked[0].key() <= self.pending[0].optimistic()
            ):
                self.shown.append(self.checked.pop(0))
                continue
            if budget <= 0:
                # Show what was checked, in order; an unchecked report might still outrank it.
                self.provisional = True
                while self.checked and len(self.shown) < want:
                    self.shown.append(self.checked.pop(0))
                return
            # As many as could still be shown, checked together in rounds of one block each
            # (the browser fetches a round in parallel); the budget is spent in candidate order.
            size = min(want - len(self.shown), budget)
            batch, self.pending = self.pending[:size], self.pending[size:]
            checks = [_Check(self.query, c) for c in batch]
            while True:
                requests = []
                for check in checks:
                    block = check.next_block()
                    if block is not None and budget > 0:
                        requests.append((check, block))
                        budget -= 1
                if not requests:
                    break
                for check, block in requests:
                    check.scan(block, self.reader.get(block_path(block)))
            for check in checks:
                self.provisional |= check.finish()
                self.checked.append(check.c)
