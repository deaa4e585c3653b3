"""Bulk data: the whole archive as JSON lines and as an SQLite database, and a Frictionless
Data Package describing every file under ``data/`` (docs/data.md, "批量数据").

The database's tables, keys and indexes are made with sqlite-utils; its rows are inserted
with ``executemany`` (sqlite-utils' own insert checks every value's type, 4 s of 5 at 1,000
reports), and the full-text index is written by hand, because it indexes text that is stored
nowhere (see :func:`_search_index`). Both big files are xz-compressed: the site is served as
it is, and the archive's size per report is a target (bench/README.md).
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import operator
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import rjieba
import sqlite_utils

from .chars import HAN
from .escape import csv_cell
from .glossary import load_glossary
from .pages import METRIC_CSV_COLUMNS
from .report import Report
from .reuse import ReuseIndex, find_reuse
from .schema import FIELDS
from .structure import Section
from .topics import load_topics

#: xz preset: 0 makes the database a fifth smaller than gzip -9 does, and the text a half
#: smaller, in about the time gzip -9 takes (higher presets gain 10 % for twice the time).
XZ_PRESET = 0

CORPUS = "data/corpus.jsonl.xz"
ARCHIVE = "data/archive.sqlite.xz"
PACKAGE = "data/datapackage.json"
REUSE = "data/reuse.csv"
#: reuse.csv's columns; the database's ``reuse`` table has the first five and a paragraph id.
REUSE_COLUMNS = ("cluster", "report_id", "anchor", "similarity", "earliest", "report_year", "title")

#: The runs a search column is made of: Han characters (written as overlapping bigrams), and
#: letters or digits (written as they are, like unicode61 reads them).
_HAN_RUN = re.compile(f"[{HAN}]+")
_SEARCH_RUN = re.compile(f"([{HAN}]+)|[^\\W{HAN}_]+")


@dataclass(frozen=True)
class Passage:
    """A paragraph of a report with where it stands: its anchor and its headings' anchors."""

    anchor: str
    #: Anchors of the headings above it, outermost first (empty before the first heading).
    sections: tuple[str, ...]
    text: str


def data_files(reports: list[Report], reuse: ReuseIndex | None = None) -> dict[str, bytes]:
    """Every file this module adds to ``data/``, by site-relative path.

    Made as streams: at 10,000 reports the database is half a gigabyte, and neither it nor
    the text is held in memory uncompressed. ``reuse``: the build's, found again without it.
    """
    reports = sorted(reports, key=lambda r: r.id)
    if reuse is None:
        reuse = find_reuse(reports)
    # lzma lets go of the GIL: the text is compressed while the database is made.
    with ThreadPoolExecutor(max_workers=1) as pool:
        corpus = pool.submit(_xz, (line.encode("utf-8") for line in corpus_lines(reports)))
        with tempfile.TemporaryDirectory(prefix="archive-") as folder:
            path = Path(folder) / "archive.sqlite"
            write_archive(reports, path, reuse)
            archive = _xz(_chunks(path))
        return {
            CORPUS: corpus.result(),
            ARCHIVE: archive,
            REUSE: reuse_csv(reports, reuse).encode("utf-8-sig"),
            PACKAGE: datapackage_json().encode("utf-8"),
        }


def _xz(chunks: Iterable[bytes]) -> bytes:
    """``chunks`` compressed as one xz stream (docs/data.md, "批量数据", says why not gzip)."""
    compressor = lzma.LZMACompressor(preset=XZ_PRESET)
    out = [compressor.compress(chunk) for chunk in chunks]
    out.append(compressor.flush())
    return b"".join(out)


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(size):
            yield chunk


# --- the text ------------------------------------------------------------------------------


def passages(report: Report) -> Iterator[Passage]:
    """The paragraphs in reading order, each with the anchors of the headings above it."""
    for p in report.document.intro:
        yield Passage(p.anchor, (), p.text)

    def walk(section: Section, path: tuple[str, ...]) -> Iterator[Passage]:
        path = (*path, section.anchor)
        for p in section.paragraphs:
            yield Passage(p.anchor, path, p.text)
        for child in section.children:
            yield from walk(child, path)

    for section in report.document.sections:
        yield from walk(section, ())


def section_records(report: Report) -> list[dict[str, Any]]:
    """Every heading: anchor, level (2–4, as ``##``–``####``), title and the enclosing one."""
    out: list[dict[str, Any]] = []

    def walk(section: Section, parent: str | None) -> None:
        out.append(
            {
                "anchor": section.anchor,
                "level": section.level,
                "title": section.title,
                "parent": parent,
            }
        )
        for child in section.children:
            walk(child, section.anchor)

    for section in report.document.sections:
        walk(section, None)
    return out


def corpus_lines(reports: list[Report]) -> Iterator[str]:
    """corpus.jsonl: one JSON object per report and line: the front matter, ``url``,
    ``text``, ``sections`` and ``paragraphs`` (each with its ``anchor``, the anchors of its
    ``sections`` and its ``text``)."""
    for report in reports:
        row = {
            **report.front_matter(),
            "url": report.url,
            "text": report.clean_text(),
            "sections": section_records(report),
            "paragraphs": [
                {"anchor": p.anchor, "sections": list(p.sections), "text": p.text}
                for p in passages(report)
            ],
        }
        yield json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- the search columns ----------------------------------------------------------------------


def bigrams(text: str) -> str:
    """``text`` as the archive's search index reads it: every run of Han characters as its
    overlapping bigrams (a run of one as itself), letters and digits as they are, in order,
    separated by spaces. 人民调解 → ``人民 民调 调解``: a word of two characters is a token
    of the index wherever it stands, inside a compound too, and a longer one a phrase."""
    tokens: list[str] = []
    for match in _SEARCH_RUN.finditer(text):
        han = match.group(1)
        if han and len(han) > 1:
            tokens.extend(map(operator.add, han, han[1:]))
        else:
            tokens.append(match.group())
    return " ".join(tokens)


def words(text: str) -> str:
    """The words of three or more Han characters in ``text``, and those inside them: the
    words jieba finds (its dictionary and the glossary's terms), each with the dictionary
    words it contains (新时代枫桥经验 → ``枫桥经验 新时代枫桥经验``). With :func:`bigrams`,
    a word of any length typed in Datasette's search box is a token of the index; words of
    two characters are bigrams already, so they are left out here (they would double the
    index)."""
    jieba = _jieba()
    out: list[str] = []
    # Search mode gives a word and the dictionary words of two and three characters in it.
    for word in jieba.cut_for_search(text, True):
        if len(word) < 3 or not _HAN_RUN.fullmatch(word):
            continue
        # Longer words inside a longer word are looked up here (枫桥经验 in 新时代枫桥经验).
        out.extend(
            word[i : i + n]
            for n in range(4, len(word))
            for i in range(len(word) - n + 1)
            if jieba.has_word(word[i : i + n])
        )
        out.append(word)
    return " ".join(out)


@lru_cache(maxsize=1)
def _jieba() -> rjieba.Jieba:
    """jieba's dictionary and every written form of the glossary's terms."""
    jieba = rjieba.Jieba()
    for term in load_glossary():
        for form in term.forms:
            if _HAN_RUN.fullmatch(form):
                jieba.add_word(form, None, None)
    return jieba


def fts_query(text: str) -> str:
    """The FTS5 query that finds ``text`` in the ``bigrams`` column: its bigrams as one
    phrase (``"人民 民调 调解"``). Han characters, letters and digits only; a single Han
    character is not a token of the index (search it with ``LIKE``)."""
    return f'"{bigrams(text)}"'


# --- the database ----------------------------------------------------------------------------


#: A table of the database: its columns (name → Python type, as sqlite-utils takes them),
#: primary key, foreign keys and indexes; docs/data.md and datapackage.json describe them.
@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, type]
    pk: str | tuple[str, ...] | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    description: str = ""


def _report_columns() -> dict[str, type]:
    # Lists and mappings are stored as JSON text, as sqlite-utils stores them.
    columns = {f.name: f.types[0] if f.types[0] in (int, bool) else str for f in FIELDS}
    return {**columns, "url": str}


_BY_REPORT = ("report_id", "reports", "id")

TABLES: tuple[Table, ...] = (
    Table("reports", _report_columns(), "id", description="一份报告一行：元数据的全部字段和 url"),
    Table(
        "sections",
        {"report_id": str, "anchor": str, "level": int, "title": str, "parent": str},
        ("report_id", "anchor"),
        (_BY_REPORT,),
        description="各级标题：锚点、级别、标题和上一级标题的锚点",
    ),
    Table(
        "paragraphs",
        {
            "id": int,
            "report_id": str,
            "anchor": str,
            "section": str,
            "position": int,
            "text": str,
        },
        # An integer key of its own: the full-text index refers to paragraphs by it, and
        # VACUUM may renumber a table's implicit rowids.
        "id",
        (_BY_REPORT,),
        (("report_id", "anchor"),),
        description="段落：报告、锚点、所在章节的锚点、在报告中的序号和正文",
    ),
    Table(
        "figures",
        {
            "report_id": str,
            "metric_id": str,
            "paragraph": str,
            "indicator": str,
            "label": str,
            "value": float,
            "unit": str,
            "kind": str,
            "approx": bool,
            "section": str,
            "text": str,
            "action": str,
            "thing": str,
            "scope": str,
            "scope_note": str,
            "period": str,
            "period_note": str,
            "source": str,
            "excluded_from": str,
            "excluded_because": str,
        },
        ("report_id", "metric_id"),
        (_BY_REPORT,),
        (("indicator",), ("report_id", "paragraph")),
        description="报告中的数字，各列同 metrics.csv，另有所在段落的锚点 paragraph",
    ),
    Table(
        "laws",
        {"id": str, "title": str, "kind": str, "curated": bool},
        "id",
        description="报告引用的法律法规和文件",
    ),
    Table(
        "citations",
        {"report_id": str, "law_id": str, "paragraph": str, "written": str},
        None,
        (_BY_REPORT, ("law_id", "laws", "id")),
        (("report_id", "paragraph"), ("law_id",)),
        description="每一处引用：报告、法规、所在段落和原文的写法",
    ),
    Table(
        "terms",
        {"id": str, "term": str, "aliases": str, "definition": str},
        "id",
        description="术语表",
    ),
    Table(
        "report_terms",
        {"report_id": str, "term_id": str, "occurrences": int},
        ("report_id", "term_id"),
        (_BY_REPORT, ("term_id", "terms", "id")),
        (("term_id",),),
        description="报告中出现的术语和次数",
    ),
    Table(
        "reuse",
        {
            "cluster": str,
            "report_id": str,
            "anchor": str,
            "paragraph_id": int,
            "similarity": float,
            "earliest": bool,
        },
        ("report_id", "anchor"),
        (_BY_REPORT, ("paragraph_id", "paragraphs", "id")),
        (("cluster",),),
        description="在别的报告中也有的段落：所属的文本簇、报告、锚点、段落 id、"
        "与簇中最早一段的相似度、是否最早的报告",
    ),
    Table(
        "topics",
        {"id": str, "name": str, "description": str},
        "id",
        description="主题",
    ),
    Table(
        "report_topics",
        {"report_id": str, "topic_id": str, "rank": int, "score": int},
        ("report_id", "topic_id"),
        (_BY_REPORT, ("topic_id", "topics", "id")),
        (("topic_id",),),
        description="报告的主题：名次（1 为最强）和得分",
    ),
)


def write_archive(reports: list[Report], path: Path, reuse: ReuseIndex | None = None) -> None:
    """``archive.sqlite`` at ``path`` (a new file): the :data:`TABLES`, joined by
    ``report_id`` (and a paragraph's ``anchor``), with a full-text index of the paragraphs
    that finds Chinese words inside compounds."""
    db = sqlite_utils.Database(path)
    try:
        # A file of this build's own, compressed once it is complete: no journal needed.
        db.conn.execute("PRAGMA journal_mode = OFF")
        db.conn.execute("PRAGMA synchronous = OFF")
        rows = _rows(reports, reuse if reuse is not None else find_reuse(reports))
        for table in TABLES:
            db.create_table(
                table.name, table.columns, pk=table.pk, foreign_keys=list(table.foreign_keys)
            )
            # The rows are made for these columns (see the module's docstring).
            marks = ", ".join("?" * len(table.columns))
            db.conn.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows[table.name])
            for columns in table.indexes:
                db[table.name].create_index(columns, unique=columns == ("report_id", "anchor"))
        _search_index(db.conn, reports)
        db.conn.commit()
        db.vacuum()
    finally:
        db.close()


def _json(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _rows(reports: list[Report], reuse: ReuseIndex) -> dict[str, Iterator[tuple]]:
    """Each table's rows as tuples in its columns' order (generators, made when inserted)."""
    fields = [f.name for f in FIELDS]
    figure_columns = list(TABLES[3].columns)[3:]
    laws = {c.law.id: c.law for r in reports for c in r.citations}
    return {
        "reports": ((*(_json(r.front_matter()[name]) for name in fields), r.url) for r in reports),
        "sections": (
            (r.id, s["anchor"], s["level"], s["title"], s["parent"])
            for r in reports
            for s in section_records(r)
        ),
        "paragraphs": (
            (number, r.id, p.anchor, p.sections[-1] if p.sections else None, position, p.text)
            for number, (r, position, p) in _numbered_paragraphs(reports)
        ),
        "figures": (
            (r.id, m.id, m.paragraph, *(_figure_value(m, name) for name in figure_columns))
            for r in reports
            for m in r.metrics
        ),
        "laws": (
            (law.id, law.title, law.kind, law.curated)
            for law in sorted(laws.values(), key=lambda law: law.id)
        ),
        "citations": (
            (r.id, c.law.id, c.paragraph, c.written) for r in reports for c in r.citations
        ),
        "terms": ((t.id, t.term, _json(list(t.aliases)), t.definition) for t in load_glossary()),
        "report_terms": ((r.id, term, n) for r in reports for term, n in r.term_counts().items()),
        "reuse": _reuse_rows(reports, reuse),
        "topics": ((t.id, t.name, t.description) for t in load_topics()),
        "report_topics": (
            (r.id, topic, rank, r.topics.scores.get(topic))
            for r in reports
            if r.topics
            for rank, topic in enumerate(r.topics.report, 1)
        ),
    }


def _reuse_rows(reports: list[Report], reuse: ReuseIndex) -> Iterator[tuple]:
    """The ``reuse`` table: each clustered paragraph of the archive's reports, with the
    ``paragraphs.id`` of the paragraph (numbered as :func:`_numbered_paragraphs` does)."""
    numbers = {
        (r.id, p.anchor): number
        for number, (r, _, p) in _numbered_paragraphs(reports)
        if (r.id, p.anchor) in reuse.by_paragraph
    }
    for cluster in reuse.clusters:
        for m in cluster.members:
            # A report left out of the build (failed after the reuse was found) has no rows.
            if (m.report, m.anchor) in numbers:
                earliest = m.report == cluster.earliest
                yield (
                    cluster.id,
                    m.report,
                    m.anchor,
                    numbers[(m.report, m.anchor)],
                    m.similarity,
                    earliest,
                )


def reuse_csv(reports: list[Report], reuse: ReuseIndex) -> str:
    """``data/reuse.csv``: one row per paragraph found in another report too, cluster by
    cluster (earliest report first), with the report's year and title; UTF-8 with BOM."""
    by_id = {r.id: r.front_matter() for r in reports}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REUSE_COLUMNS)
    for cluster in reuse.clusters:
        for m in cluster.members:
            fm = by_id.get(m.report)
            if fm is None:
                continue
            year = fm["report_year"]
            writer.writerow(
                map(
                    csv_cell,
                    [
                        cluster.id,
                        m.report,
                        m.anchor,
                        f"{m.similarity:.4f}",
                        "true" if m.report == cluster.earliest else "false",
                        "" if year is None else year,
                        fm["title"] or "",
                    ],
                )
            )
    return buffer.getvalue()


def _figure_value(metric: Any, name: str) -> Any:
    # The section as metrics.csv gives it: the anchor of the figure's innermost heading.
    return metric.section_anchor if name == "section" else getattr(metric, name)


def _numbered_paragraphs(reports: list[Report]) -> Iterator[tuple[int, tuple]]:
    """``paragraphs.id`` (1, 2, …) with each paragraph's report, position in it and passage."""
    return enumerate(
        ((r, position, p) for r in reports for position, p in enumerate(passages(r), 1)), 1
    )


def _search_index(conn: sqlite3.Connection, reports: list[Report]) -> None:
    """``paragraphs_fts``: an FTS5 index of every paragraph's :func:`bigrams` and
    :func:`words`, keyed by ``paragraphs.id``.

    The two columns are indexed, not stored: ``content="paragraphs"`` names the table the
    rows belong to (Datasette finds the index by it, and shows the paragraphs it matches),
    and ``paragraphs`` has no such columns, so the index's text costs no bytes twice. A
    query reads only the index; what would read the columns back (``highlight()``,
    ``snippet()``, ``SELECT bigrams``, the ``rebuild`` command) fails with "no such column"
    instead of giving wrong answers. sqlite-utils' ``enable_fts`` indexes stored columns
    only, hence the SQL here.
    """
    conn.execute(
        'CREATE VIRTUAL TABLE "paragraphs_fts" USING fts5('
        'bigrams, words, content="paragraphs", content_rowid="id", tokenize="unicode61")'
    )
    # Numbered as in the table; made again from the reports, one paragraph at a time.
    conn.executemany(
        "INSERT INTO paragraphs_fts (rowid, bigrams, words) VALUES (?, ?, ?)",
        (
            (number, bigrams(p.text), words(p.text))
            for number, (_, _, p) in _numbered_paragraphs(reports)
        ),
    )
    # One segment instead of one per batch: smaller, and every query reads one b-tree.
    conn.execute("INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('optimize')")


# --- the data package --------------------------------------------------------------------------


#: Frictionless field types of the Python types the schema and the tables use.
_FIELD_TYPES = {
    str: "string",
    int: "integer",
    bool: "boolean",
    float: "number",
    list: "array",
    dict: "object",
}
#: Front-matter fields that hold a date as text (``YYYY-MM-DD``).
_DATE_FIELDS = ("publish_date", "signed_date")
_REPORT_KEY = {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["id"]}}


def _front_matter_fields() -> list[dict[str, Any]]:
    out = []
    for f in FIELDS:
        field: dict[str, Any] = {
            "name": f.name,
            "type": "date" if f.name in _DATE_FIELDS else _FIELD_TYPES[f.types[0]],
            "description": f.doc,
        }
        if not f.nullable:
            field["constraints"] = {"required": True}
        out.append(field)
    return out


def _fields(pairs: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [{"name": n, "type": t, "description": d} for n, t, d in pairs]


def datapackage_json() -> str:
    """``data/datapackage.json``: a Frictionless Data Package of every file in ``data/``."""
    metric_types = {"value": "number", "approx": "boolean"}
    package = {
        "name": "fazhi-archive",
        "title": "法治政府建设报告注释档案",
        "description": "档案收录的报告：元数据、正文、数字、引用的法规、术语和主题。"
        "字段的含义见网站的“数据与引用”页（data.html）。",
        "resources": [
            {
                "name": "reports",
                "type": "table",
                "path": "reports.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "一份报告一个对象：元数据的全部字段，以及档案在报告中找到的东西。",
                "schema": {
                    "fields": _front_matter_fields()
                    + _fields(
                        [
                            ("url", "string", "报告页相对于网站根地址的路径"),
                            ("metric_count", "integer", "报告中的数字个数"),
                            ("indicators", "object", "指标 id → 数字个数"),
                            ("topics", "array", "主题 id，按得分从高到低"),
                            ("terms", "object", "术语 id → 出现次数"),
                            ("laws", "array", "引用的法律法规和文件"),
                            ("checklist", "object", "对照督察规定五项内容的结果"),
                            ("related", "array", "最相关的报告：id 和 score"),
                        ]
                    ),
                    "primaryKey": ["id"],
                },
            },
            {
                "name": "metrics",
                "type": "table",
                "path": "metrics.csv",
                "format": "csv",
                "mediatype": "text/csv",
                # With a BOM, so that Excel reads it as UTF-8.
                "encoding": "utf-8-sig",
                "description": "报告中的每一个数字一行。",
                "schema": {
                    "fields": [
                        {"name": name, "type": metric_types.get(name, "string")}
                        for name in METRIC_CSV_COLUMNS
                    ],
                    "primaryKey": ["report_id", "metric_id"],
                    "foreignKeys": [_REPORT_KEY],
                },
            },
            {
                "name": "reuse",
                "type": "table",
                "path": REUSE.removeprefix("data/"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "description": "在别的报告中也有（相同或几乎相同）的段落，一段一行，按文本簇排列，"
                "簇内最早的报告在前。",
                "schema": {
                    "fields": _fields(
                        [
                            ("cluster", "string", "文本簇 id（r1、r2……，段落多的在前）"),
                            ("report_id", "string", "报告 id"),
                            ("anchor", "string", "段落的锚点"),
                            ("similarity", "number", "与簇中最早一段的相似度（0–1）"),
                            ("earliest", "boolean", "是否簇中最早的报告"),
                            ("report_year", "integer", "报告年度"),
                            ("title", "string", "报告标题"),
                        ]
                    ),
                    "primaryKey": ["report_id", "anchor"],
                    "foreignKeys": [_REPORT_KEY],
                },
            },
            {
                "name": "corpus",
                "type": "table",
                "path": CORPUS.removeprefix("data/"),
                "format": "jsonl",
                "compression": "xz",
                "encoding": "utf-8",
                "description": "一份报告一行：元数据的全部字段、url、清理后的全文 text、"
                "各级标题 sections 和段落 paragraphs（锚点、所在各级标题的锚点、正文）。",
                "schema": {
                    "fields": _front_matter_fields()
                    + _fields(
                        [
                            ("url", "string", "报告页相对于网站根地址的路径"),
                            ("text", "string", "标题、各级标题、段落和落款，一行一项"),
                            ("sections", "array", "各级标题：anchor、level、title、parent"),
                            ("paragraphs", "array", "段落：anchor、sections、text"),
                        ]
                    ),
                    "primaryKey": ["id"],
                },
            },
            {
                "name": "archive",
                "path": ARCHIVE.removeprefix("data/"),
                "type": "file",
                "format": "sqlite",
                "mediatype": "application/vnd.sqlite3",
                "compression": "xz",
                "description": "SQLite 数据库（解压后用 sqlite3、Datasette、pandas 或 R 打开），"
                "各表见 tables；paragraphs_fts 是段落的全文索引（用法见“数据与引用”页）。",
                # Not a Data Package property: the database's tables as Table Schemas, with
                # foreign keys naming tables of the database.
                "tables": [_table_schema(t) for t in TABLES],
            },
            {
                "name": "reports-markdown",
                "path": "reports-markdown.tar.xz",
                "type": "file",
                "format": "tar",
                "mediatype": "application/x-tar",
                "compression": "xz",
                "description": "每份报告一个 Markdown 文件（报告 id 加 .md）：开头是与 "
                "reports.json 相同字段的 YAML 元数据，其后是报告的正文（标题、带锚点的各级标题"
                "和段落、落款、数字表和编者注），不含报告页另加的核对清单、主题链接、相关报告和"
                "引用框。",
            },
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def _table_schema(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [{"name": n, "type": _FIELD_TYPES[t]} for n, t in table.columns.items()]
    }
    if table.pk:
        schema["primaryKey"] = list(table.pk) if isinstance(table.pk, tuple) else [table.pk]
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": other, "fields": [key]}}
            for column, other, key in table.foreign_keys
        ]
    return {"name": table.name, "description": table.description, "schema": schema}
