"""The bulk data files: corpus.jsonl, archive.sqlite and datapackage.json (generator/exports.py)."""

from __future__ import annotations

import json
import lzma
import re
import sqlite3
from pathlib import Path

import pytest

from generator import exports
from generator.chars import count_han
from generator.schema import FIELD_NAMES

from .conftest import ROOT
from .test_hard_input import _elements
from .test_site import SEED_IDS

DATA = Path(exports.CORPUS).parent.name


@pytest.fixture(scope="module")
def corpus(built_site) -> dict[str, dict]:
    raw = lzma.decompress((built_site / exports.CORPUS).read_bytes()).decode("utf-8")
    rows = [json.loads(line) for line in raw.splitlines()]
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="module")
def archive(built_site, tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "archive.sqlite"
    path.write_bytes(lzma.decompress((built_site / exports.ARCHIVE).read_bytes()))
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def _search(conn: sqlite3.Connection, match: str) -> list[tuple[str, str, str]]:
    """(report_id, anchor, text) of the paragraphs the full-text index gives for ``match``."""
    return conn.execute(
        "SELECT p.report_id, p.anchor, p.text FROM paragraphs_fts"
        " JOIN paragraphs p ON p.id = paragraphs_fts.rowid"
        " WHERE paragraphs_fts MATCH ? ORDER BY p.id",
        (match,),
    ).fetchall()


def _containing(conn: sqlite3.Connection, word: str) -> list[tuple[str, str, str]]:
    return conn.execute(
        "SELECT report_id, anchor, text FROM paragraphs WHERE instr(text, ?) ORDER BY id",
        (word,),
    ).fetchall()


# --- corpus.jsonl -----------------------------------------------------------------------------


def test_corpus_has_one_line_per_seed_with_every_front_matter_field(corpus, built_site):
    assert sorted(corpus) == SEED_IDS
    records = json.loads((built_site / DATA / "reports.json").read_text(encoding="utf-8"))
    for record in records:
        row = corpus[record["id"]]
        assert list(row)[: len(FIELD_NAMES)] == list(FIELD_NAMES)
        assert {name: row[name] for name in FIELD_NAMES} == {
            name: record[name] for name in FIELD_NAMES
        }
        assert row["url"] == record["url"]


def test_corpus_text_of_every_seed_has_char_count_han_characters_and_is_its_page(
    corpus, built_site
):
    for report_id, row in corpus.items():
        assert count_han(row["text"]) == row["char_count"], report_id
        html = (built_site / row["url"]).read_text(encoding="utf-8")
        on_page = _elements(html, lambda tag, attrs: "report-para" in (attrs.get("class") or ""))
        # Every paragraph of the page, in its order, with the same text, and nothing more.
        assert [(e["attrs"]["id"], e["text"].strip()) for e in on_page] == [
            (p["anchor"], p["text"]) for p in row["paragraphs"]
        ], report_id
        titles = {s["anchor"]: s["title"] for s in row["sections"]}
        headings = _elements(html, lambda tag, attrs, ids=titles: attrs.get("id") in ids)
        assert {e["attrs"]["id"]: e["text"].strip() for e in headings} == titles, report_id
        # The text is the title, then the headings and paragraphs in reading order (a
        # heading, its own paragraphs, then its subsections), then the sign-off.
        own = [p["text"] for p in row["paragraphs"] if not p["sections"]]
        for s in row["sections"]:
            own.append(s["title"])
            own += [p["text"] for p in row["paragraphs"] if p["sections"][-1:] == [s["anchor"]]]
        lines = row["text"].split("\n")
        assert lines[0] == (row["title"] if not row["title_derived"] else ""), report_id
        assert lines[1 : 1 + len(own)] == own, report_id


def test_corpus_paragraph_sections_name_headings_of_the_report_outermost_first(corpus):
    for report_id, row in corpus.items():
        parents = {s["anchor"]: s["parent"] for s in row["sections"]}
        anchors = [p["anchor"] for p in row["paragraphs"]]
        assert len(anchors) == len(set(anchors)), report_id
        for p in row["paragraphs"]:
            path = p["sections"]
            assert all(a in parents for a in path), (report_id, p["anchor"])
            expected = [None, *path[:-1]] if path else []
            assert [parents[a] for a in path] == expected, (report_id, p["anchor"])


# --- archive.sqlite: the search index -----------------------------------------------------------


def test_bigrams_of_han_runs_and_letters_and_digits_as_they_are():
    assert exports.bigrams("人民调解") == "人民 民调 调解"
    assert exports.bigrams("调解。人民") == "调解 人民", "no bigram across punctuation"
    assert exports.bigrams("2020年受理12345热线") == "2020 年受 受理 12345 热线"
    assert exports.bigrams("《民法典》A") == "民法 法典 A"
    assert exports.fts_query("人民调解") == '"人民 民调 调解"'


def test_fts_query_of_text_with_query_syntax_is_one_literal_phrase(archive):
    query = exports.fts_query('调解" OR NEAR(民法典 *) -"')
    assert query == '"调解 OR NEAR 民法 法典"'
    assert _search(archive, query) == []


def test_words_are_dictionary_and_glossary_words_of_three_characters_or_more():
    found = exports.words("坚持发展新时代枫桥经验，人民调解委员会调解纠纷").split()
    assert {"枫桥经验", "人民调解", "委员会", "人民调解委员会"} <= set(found)
    assert all(len(word) >= 3 for word in found), found


def test_search_for_调解_finds_人民调解_inside_the_seeds_with_report_and_anchor(archive):
    hits = _search(archive, exports.fts_query("调解"))
    assert hits == _containing(archive, "调解")
    inside = [(report_id, anchor) for report_id, anchor, text in hits if "人民调解" in text]
    assert inside, "人民调解 not found by a search for 调解"
    assert all(
        report_id in SEED_IDS and re.fullmatch(r"s\d+(-\d+)*-p\d+", anchor)
        for report_id, anchor in inside
    )


@pytest.mark.parametrize("word", ["调解", "网格", "社区矫正", "矛盾纠纷", "扫黑除恶专项斗争"])
def test_bigram_phrase_finds_exactly_the_paragraphs_containing_the_word(archive, word):
    hits = _search(archive, exports.fts_query(word))
    assert hits, word
    assert hits == _containing(archive, word)


def test_word_found_in_no_seed_finds_nothing(archive):
    assert _containing(archive, "宇宙飞船") == []
    assert _search(archive, exports.fts_query("宇宙飞船")) == []
    assert _search(archive, '"宇宙飞船"') == []


@pytest.mark.parametrize("word", ["调解", "人民调解", "社区矫正", "枫桥经验"])
def test_a_word_as_datasette_quotes_it_finds_paragraphs_that_contain_it(archive, word):
    # Datasette's search box sends each word in double quotes: one unicode61 token.
    hits = _search(archive, f'"{word}"')
    assert hits, word
    assert set(hits) <= set(_containing(archive, word)), word


# --- archive.sqlite: tables and keys ------------------------------------------------------------


def test_archive_keys_join_every_table(archive, corpus):
    assert archive.execute("PRAGMA foreign_key_check").fetchall() == []
    tables = {row[0] for row in archive.execute("SELECT name FROM sqlite_master")}
    assert {t.name for t in exports.TABLES} | {"paragraphs_fts"} <= tables
    assert [r[0] for r in archive.execute("SELECT id FROM reports ORDER BY id")] == SEED_IDS
    paragraphs = archive.execute("SELECT report_id, anchor FROM paragraphs ORDER BY id")
    assert paragraphs.fetchall() == [
        (report_id, p["anchor"]) for report_id in SEED_IDS for p in corpus[report_id]["paragraphs"]
    ]
    # Figures and citations name paragraphs that exist.
    for table in ("figures", "citations"):
        lost = archive.execute(
            f"SELECT count(*) FROM {table} t LEFT JOIN paragraphs p"
            " ON p.report_id = t.report_id AND p.anchor = t.paragraph WHERE p.id IS NULL"
        )
        assert lost.fetchone() == (0,), table


def test_archive_figures_are_the_rows_of_metrics_csv(archive, built_site):
    import csv
    import io

    text = (built_site / DATA / "metrics.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    figures = archive.execute(
        "SELECT report_id, metric_id, indicator, value, unit FROM figures"
        " ORDER BY report_id, CAST(substr(metric_id, 2) AS INTEGER)"
    ).fetchall()
    assert figures == [
        (r["report_id"], r["metric_id"], r["indicator"], float(r["value"]), r["unit"]) for r in rows
    ]


def test_archive_join_of_figures_to_reports_and_topics(archive, built_site):
    records = json.loads((built_site / DATA / "reports.json").read_text(encoding="utf-8"))
    counts = dict(
        archive.execute(
            "SELECT r.id, count(f.metric_id) FROM reports r"
            " LEFT JOIN figures f ON f.report_id = r.id GROUP BY r.id"
        ).fetchall()
    )
    assert counts == {r["id"]: r["metric_count"] for r in records}
    for record in records:
        topics = archive.execute(
            "SELECT topic_id FROM report_topics WHERE report_id = ? ORDER BY rank", (record["id"],)
        )
        assert [t[0] for t in topics] == record["topics"]
        terms = archive.execute(
            "SELECT term_id, occurrences FROM report_terms WHERE report_id = ?", (record["id"],)
        )
        assert dict(terms.fetchall()) == record["terms"]
        laws = archive.execute(
            "SELECT law_id, count(*) FROM citations WHERE report_id = ? GROUP BY law_id",
            (record["id"],),
        )
        assert dict(laws.fetchall()) == {law["id"]: law["citations"] for law in record["laws"]}


def test_data_files_are_the_same_bytes_when_built_twice():
    from generator.build import gather

    from .conftest import SEEDS

    reports = gather(SEEDS, jobs=1).reports
    assert exports.data_files(reports) == exports.data_files(list(reversed(reports)))


# --- datapackage.json ---------------------------------------------------------------------------


def test_datapackage_describes_every_data_file_and_validates(built_site):
    from frictionless import validate

    folder = built_site / DATA
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    paths = {resource["path"] for resource in package["resources"]}
    assert paths == {p.name for p in folder.iterdir()} - {"datapackage.json"}
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_that_misstates_a_type_fails_validation(built_site, tmp_path):
    """The validation reads the rows: a wrong type in the package is found."""
    from frictionless import validate

    for file in (built_site / DATA).iterdir():
        (tmp_path / file.name).write_bytes(file.read_bytes())
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    metrics = next(r for r in package["resources"] if r["name"] == "metrics")
    next(f for f in metrics["schema"]["fields"] if f["name"] == "unit")["type"] = "integer"
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert {"metrics"} == {task.name for task in report.tasks if not task.valid}


# --- docs/data.md -------------------------------------------------------------------------------


def _data_page() -> str:
    return (ROOT / "docs" / "data.md").read_text(encoding="utf-8")


def test_data_page_lists_every_data_file_and_table():
    page = _data_page()
    for path in (exports.CORPUS, exports.ARCHIVE, exports.PACKAGE):
        assert f"({path})" in page, path
    for table in exports.TABLES:
        assert f"| `{table.name}` |" in page, table.name


def test_data_page_sql_examples_run_on_the_archive(archive):
    blocks = re.findall(r"```sql\n(.*?)\n```", _data_page(), re.S)
    assert blocks
    for sql in blocks:
        assert archive.execute(sql).fetchall(), sql


def test_datapackage_tables_are_the_columns_and_keys_of_the_archive(built_site, archive):
    package = json.loads((built_site / exports.PACKAGE).read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["path"] == Path(exports.ARCHIVE).name]
    for table in resource["tables"]:
        columns = archive.execute(f'PRAGMA table_info("{table["name"]}")').fetchall()
        assert [f["name"] for f in table["schema"]["fields"]] == [c[1] for c in columns]
        key = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
        assert table["schema"].get("primaryKey", []) == key, table["name"]
        foreign = archive.execute(f'PRAGMA foreign_key_list("{table["name"]}")').fetchall()
        assert sorted(
            (k["fields"][0], k["reference"]["resource"], k["reference"]["fields"][0])
            for k in table["schema"].get("foreignKeys", [])
        ) == sorted((f[3], f[2], f[4]) for f in foreign), table["name"]
