"""The search index (generator/search.py) and its query algorithm, without a browser.

``IndexReader`` is the browser's algorithm in Python (tests/test_browser_search.py checks that
the two agree), so these tests pin down what a reader gets: which reports, in which order,
and what a query downloads.

``python -m tests.test_search --bench 1000`` builds an index of 1,000 synthetic reports and
prints its size, its costs (index_report per report; IndexWriter's add and finish) and the
bytes each of a set of queries downloads. ``--corpus DIR`` converts and indexes the report
files of DIR (``python -m bench.corpus``) in worker processes instead, as a build does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import random
import re
import sys
import time
import tracemalloc
import unicodedata
import zlib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import search
from generator.search import (
    IndexReader,
    IndexWriter,
    bigrams,
    char_map,
    decode_blocks,
    fold,
    index_report,
    parse_query,
    presence_path,
    shard_of,
    split_blocks,
    vlq,
    vlq_decode,
    write_index,
)

from .conftest import ROOT, SEEDS

JS = ROOT / "docs" / "javascripts" / "archive-search.js"
#: The seeds by their three-digit prefix.
S000, S001, S002, S003, S004 = (
    "000_fd4662651861cbed",
    "001_aad3a219ed66e48e",
    "002_8025236fb969047e",
    "003_b2c3a3e35ec255cb",
    "004_7980e3df0de4e6bc",
)


# --- corpora ------------------------------------------------------------------------------


@dataclass
class FakeDocument:
    intro: list
    sections: list

    def iter_sections(self):
        return iter(self.sections)


@dataclass
class FakeReport:
    """Just what write_index reads from a Report."""

    id: str
    fm: dict
    document: FakeDocument
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"reports/{self.id}.html"

    def front_matter(self) -> dict:
        return self.fm


def fake_report(report_id: str, paragraphs: list[str], **fm) -> FakeReport:
    meta = {"title": f"{report_id}号报告", "report_year": 2020, "province": "浙江省"}
    meta |= {"doc_type": "依法治理工作报告", "city": None, "county": None, "township": None}
    meta |= fm
    paras = [SimpleNamespace(anchor=f"s1-p{i + 1}", text=t) for i, t in enumerate(paragraphs)]
    section = SimpleNamespace(anchor="s1", title="一、工作情况", paragraphs=paras)
    return FakeReport(report_id, meta, FakeDocument([], [section]))


def build(reports) -> tuple[dict[str, bytes], search.SearchIndexStats]:
    files: dict[str, bytes] = {}

    def add(path: str, content: str | bytes) -> None:
        assert path not in files, path
        files[path] = content.encode() if isinstance(content, str) else content

    stats = write_index(reports, add)
    return files, stats


def reader_of(files: dict[str, bytes]) -> IndexReader:
    return IndexReader(files.__getitem__)


def load(files: dict[str, bytes], path: str):
    return search.load(path, files[path])


@pytest.fixture(scope="module")
def seeds():
    from generator.build import gather

    result = gather(SEEDS)
    assert not result.errors
    return result.reports


@pytest.fixture(scope="module")
def seed_index(seeds):
    files, stats = build(seeds)
    return files, stats, reader_of(files)


def ids(result) -> list[str]:
    return [h.url.removeprefix("reports/").removesuffix(".html") for h in result.hits]


def best_passage(hit):
    return next(p for p in hit.passages if p.anchor == hit.anchor)


def full_text(report) -> list[str]:
    return [text for _, text in search.report_entries(report)]


# --- folding and bigrams ------------------------------------------------------------------


def test_fold_keeps_length_and_maps_traditional_full_width_and_case():
    text = "社區矯正 楓橋經驗　ＡＢＣ１２３％ Law"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "社区矫正 枫桥经验 abc123% law"


def test_fold_never_merges_distinct_simplified_words():
    assert fold("调节") != fold("调解")
    assert fold("調節") == "调节" and fold("調解") == "调解"


def test_char_map_is_one_bmp_unit_to_one():
    folds = char_map()
    assert len(folds) > 3000
    for traditional, simplified in folds.items():
        assert len(traditional) == len(simplified) == 1
        assert ord(simplified) <= 0xFFFF, traditional
    # Simplified text is left alone by the map.
    assert fold("社区矫正人民调解委员会民法典") == "社区矫正人民调解委员会民法典"


def test_python_word_characters_are_unicode_letters_and_numbers():
    # The browser's runs are [\p{L}\p{N}]; Python's are [^\W_]: the same set.
    pattern = re.compile(r"[^\W_]")
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        assert bool(pattern.match(char)) == (unicodedata.category(char)[0] in "LN"), hex(code)


def test_bigrams_stop_at_punctuation_and_spaces():
    assert bigrams("调解成功率达99%,人民 调解") == [
        "调解",
        "解成",
        "成功",
        "功率",
        "率达",
        "达9",
        "99",
        "人民",
        "调解",
    ]


def test_query_terms_ignore_single_characters():
    query = parse_query(fold("法  社區矯正 调解 调解"))
    assert [t.text for t in query.terms] == ["社区矫正", "调解"]
    assert query.ignored == ("法",)
    assert query.bigrams == sorted({"社区", "区矫", "矫正", "调解"})


# --- encoding -----------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=10**9)))
def test_vlq_round_trips(numbers):
    assert vlq_decode("".join(vlq(n) for n in numbers)) == numbers


def test_vlq_small_numbers_take_one_character():
    assert [vlq(n) for n in (0, 1, 31)] == ["A", "B", "f"]
    assert len(vlq(32)) == 2
    with pytest.raises(ValueError):
        vlq_decode("g")  # a continuation with nothing after it


def test_shard_of_is_fnv1a_over_utf16_units():
    # The same values archive-search.js computes (tests/test_browser_search.py checks them).
    h = 0x811C9DC5
    for unit in ("调", "解"):
        h = ((h ^ ord(unit)) * 0x01000193) & 0xFFFFFFFF
    assert shard_of("调解", 1 << 32) == h
    assert shard_of("调解", 16) == h & 15


def test_constants_match_the_browser():
    js = JS.read_text(encoding="utf-8")
    for name in (
        "FORMAT",
        "TEXT_BUCKET",
        "MAX_BLOCKS_PER_REPORT",
        "VERIFY_BLOCKS",
        "PAGE_SIZE",
        "PASSAGES",
    ):
        match = re.search(rf"var {name} = (\d+);", js)
        assert match, name
        assert int(match.group(1)) == getattr(search, name), name
    assert f'var UNKNOWN = "{search.UNKNOWN}";' in js


def test_browser_code_never_parses_text_as_html():
    js = JS.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js, sink


# --- the index ----------------------------------------------------------------------------


def test_two_builds_are_byte_identical(seeds):
    first, _ = build(seeds)
    second, _ = build(list(reversed(seeds)))
    assert first == second


def _convert_and_index(path: Path) -> search.ReportIndex:
    """What a build's worker process does with one report file."""
    from generator.build import convert

    return index_report(convert(path))


def test_parts_from_worker_processes_give_the_files_of_write_index(seeds, seed_paths):
    expected, stats = build(seeds)
    with ProcessPoolExecutor(2) as pool:
        parts = list(pool.map(_convert_and_index, seed_paths))
        for shard_map in (map, pool.map):
            writer = IndexWriter()
            for part in sorted(parts, key=lambda p: p.id):
                writer.add(part)
            files: dict[str, bytes] = {}
            assert writer.finish(files.__setitem__, shard_map=shard_map) == stats
            assert files == expected


def test_index_report_is_a_pure_function_of_the_report(seeds):
    part = index_report(seeds[0])
    assert index_report(seeds[0]) == part
    assert pickle.loads(pickle.dumps(part)) == part


def test_reports_must_be_added_in_id_order_once_each():
    a, b = (index_report(fake_report(i, ["人民调解"])) for i in ("a", "b"))
    writer = IndexWriter()
    writer.add(a)
    writer.add(b)
    with pytest.raises(ValueError, match="'a' after 'b'"):
        writer.add(a)
    with pytest.raises(ValueError, match="'b' after 'b'"):
        writer.add(b)


def test_blocks_are_numbered_in_the_order_reports_are_added():
    reports = [fake_report(i, [f"{i}字人民调解"]) for i in ("b", "a", "c")]
    files, _ = build(reports)
    meta = json.loads(files["search/meta.json"])
    assert vlq_decode(meta["report_blocks"]) == [1, 1, 1]
    assert [load(files, search.block_path(n))["u"] for n in range(3)] == [
        "reports/a.html",
        "reports/b.html",
        "reports/c.html",
    ]


def test_a_writer_finishes_once_and_takes_nothing_after():
    writer = IndexWriter()
    writer.add(index_report(fake_report("a", ["人民调解"])))
    writer.finish(lambda path, content: None)
    with pytest.raises(RuntimeError):
        writer.finish(lambda path, content: None)
    with pytest.raises(RuntimeError):
        writer.add(index_report(fake_report("b", ["人民调解"])))


def test_text_blocks_are_raw_deflate_starting_with_the_version(seed_index):
    files, _, reader = seed_index
    text = zlib.decompress(files[search.block_path(0)], wbits=-15).decode()
    assert text.startswith('{"":"' + reader.meta["version"] + '",')
    assert all(path.endswith(".json.deflate") for path in files if path.startswith("search/t/"))


def test_counts_of_255_and_more_are_exact():
    # One paragraph per block: 调解 255, 1000 and 3 times (解调 one less), around the cap of
    # the writer's one-byte counts.
    paragraphs = ["调解" * 255 + "。" * 1600, "调解" * 1000, "调解" * 3 + "。" * 2000]
    files, _ = build([fake_report("many", paragraphs)])
    meta = json.loads(files["search/meta.json"])
    shards = meta["shards"]
    for gram, expected in (("调解", [255, 1000, 3]), ("解调", [254, 999, 2])):
        presence = load(files, presence_path(shard_of(gram, shards), shards))[gram]
        counts = load(files, search.counts_path(shard_of(gram, shards), shards))[gram]
        assert len(decode_blocks(presence)) == 3
        assert [n + 1 for n in vlq_decode(counts)] == expected
    assert reader_of(files).search("调解").hits[0].count == 255 + 1000 + 3


#: Letters to fold or not (Traditional, full-width, upper case), an astral one, and separators
#: that folding changes or not.
_MIXED = st.sampled_from([*"调解調節社區矯正法治ＡＢｃ１２Ａz9 ，。、\u3000\xa0_＿-%", "𠀋", "\n"])


@given(st.lists(st.text(_MIXED, min_size=1, max_size=40), min_size=1, max_size=4))
def test_a_block_has_the_bigrams_of_its_folded_text_and_their_counts(paragraphs):
    report = fake_report("mixed", paragraphs)
    part = index_report(report)
    postings: list[tuple[int, str, int]] = []
    at = 0
    for block, size in enumerate(part.sizes):
        for key, count in zip(part.keys[at : at + size], part.counts[at : at + size], strict=True):
            postings.append((block, search._bigram(key), count))
        at += size
    expected = []
    for block, entries in enumerate(split_blocks(search.report_entries(report))):
        text = "\n".join(t for _, t in entries)
        expected.extend((block, g, n) for g, n in Counter(bigrams(fold(text))).items())
    assert sorted(postings) == sorted(expected)


def test_letters_outside_the_basic_plane_and_full_width_ones_are_indexed():
    files, _ = build([fake_report("wide", ["𠀋字法治", "ＡＢＣ１２３ Law 建设"])])
    reader = reader_of(files)
    for query in ("𠀋字", "abc123", "ＡＢＣ", "LAW"):
        assert ids(reader.search(query)) == ["wide"], query
    assert reader.search("law建设").total == 0  # no bigram across the space


def test_index_layout_and_stats(seed_index, seeds):
    files, stats, _ = seed_index
    assert all(path.startswith("search/") for path in files)
    meta = json.loads(files["search/meta.json"])
    assert meta["format"] == search.FORMAT
    assert meta["reports"] == stats.reports == len(seeds)
    assert meta["blocks"] == stats.blocks == sum(vlq_decode(meta["report_blocks"]))
    shards = meta["shards"]
    assert shards & (shards - 1) == 0
    for shard in range(shards):
        assert f"search/b/{search.shard_name(shard, shards)}.json.deflate" in files
        assert f"search/c/{search.shard_name(shard, shards)}.json.deflate" in files
    assert stats.files == len(files)
    assert stats.bytes == sum(len(v) for v in files.values())
    assert meta["provinces"] == ["广东省", "江苏省", "浙江省", "重庆市"]
    assert meta["years"] == [2021, 2020]
    # 002 has no year: index 0.
    assert vlq_decode(meta["report_year"])[2] == 0


def test_postings_are_exactly_the_blocks_and_counts_of_each_bigram(seed_index, seeds):
    files, _, _ = seed_index
    meta = json.loads(files["search/meta.json"])
    shards = meta["shards"]
    expected: dict[str, dict[int, int]] = {}
    block = 0
    for report in sorted(seeds, key=lambda r: r.id):
        for entries in split_blocks(search.report_entries(report)):
            data = load(files, search.block_path(block))
            assert data["u"] == report.url
            assert [tuple(e) for e in data["p"]] == [tuple(e) for e in entries]
            for _, text in entries:
                for gram in bigrams(fold(text)):
                    expected.setdefault(gram, {}).setdefault(block, 0)
                    expected[gram][block] += 1
            block += 1
    assert block == meta["blocks"]
    for gram in ("调解", "社区", "99", "民法"):
        presence = load(files, presence_path(shard_of(gram, shards), shards))
        counts = load(files, search.counts_path(shard_of(gram, shards), shards))
        blocks = decode_blocks(presence[gram])
        assert blocks == sorted(expected[gram])
        extra = vlq_decode(counts[gram]) if gram in counts else [0] * len(blocks)
        assert [n + 1 for n in extra] == [expected[gram][b] for b in blocks]


def test_blocks_keep_entries_whole_and_near_the_target_size():
    entries = [(f"p{i}", "字" * n) for i, n in enumerate([900, 900, 900, 3000, 10, 10])]
    blocks = split_blocks(entries)
    assert [[a for a, _ in b] for b in blocks] == [["p0", "p1"], ["p2"], ["p3"], ["p4", "p5"]]


def test_report_text_is_stored_as_is_and_stays_data():
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & “引号” \\ \u2028'
    files, _ = build([fake_report("evil", [hostile, "人民调解委员会"], title="<b>标题</b>")])
    texts = [load(files, k) for k in files if k.startswith("search/t/")]
    assert texts[0]["t"] == "<b>标题</b>"
    assert hostile in [text for _, text in texts[0]["p"]]
    result = reader_of(files).search("script")
    assert result.hits[0].passages[0].text == hostile


def test_traditional_text_is_found_by_simplified_queries_and_carries_its_folds():
    files, _ = build([fake_report("tw", ["加強人民調解委員會建設"])])
    block = load(files, search.block_path(0))
    assert block["f"] == {"強": "强", "調": "调", "員": "员", "會": "会", "設": "设"}
    for query in ("人民调解委员会", "人民調解委員會", "调解"):
        result = reader_of(files).search(query)
        assert ids(result) == ["tw"], query
        passage = result.hits[0].passages[0]
        assert [passage.text[a:b] for a, b in passage.marks] == [
            "人民調解委員會" if len(query) > 2 else "調解"
        ]


# --- queries on the seeds -----------------------------------------------------------------


def test_civil_code_finds_the_reports_that_cite_it(seed_index, seeds):
    _, _, reader = seed_index
    result = reader.search("民法典")
    assert sorted(ids(result)) == [S000, S003]
    citing = [r.id for r in seeds if any("民法典" in t for t in full_text(r))]
    assert sorted(citing) == [S000, S003]
    assert all(h.tier == 1 for h in result.hits)


def test_traditional_query_finds_simplified_text(seed_index):
    _, _, reader = seed_index
    traditional = reader.search("社區矯正")
    assert sorted(ids(traditional)) == [S000, S001, S002, S004]
    simplified = reader.search("社区矫正")
    assert [(h.url, h.count) for h in traditional.hits] == [
        (h.url, h.count) for h in simplified.hits
    ]
    assert sorted(ids(reader.search("楓橋經驗"))) == [S000, S001, S004]


def test_a_word_inside_a_compound_is_found(seed_index, seeds):
    _, _, reader = seed_index
    found = set(ids(reader.search("调解")))
    with_compound = {r.id for r in seeds if any("人民调解" in t for t in full_text(r))}
    assert {S003, S004} <= with_compound <= found


def test_no_over_matching(seed_index, seeds):
    _, _, reader = seed_index
    assert not any("调节" in t for r in seeds for t in full_text(r))
    result = reader.search("调节")
    assert result.total == 0 and result.hits == []


def test_exact_phrase_ranks_above_scattered_pieces(seed_index):
    _, _, reader = seed_index
    result = reader.search("调解成功率")
    # 001 and 002 have 调解成功率; 000 has 调解成功442件,成功率达99% in one paragraph.
    assert [(i, h.tier) for i, h in zip(ids(result), result.hits, strict=True)] == [
        (S001, 1),
        (S002, 1),
        (S000, 2),
    ]
    typed = reader.search("成功率达99%")
    assert ids(typed)[0] == S000 and typed.hits[0].tier == 1
    marks = best_passage(typed.hits[0])
    assert [marks.text[a:b] for a, b in marks.marks] == ["成功率达99%"]


def test_ranking_is_tier_then_count_then_report(seed_index, seeds):
    _, _, reader = seed_index
    by_id = {r.id: full_text(r) for r in seeds}
    for text in ("调解", "社区矫正", "法治政府", "人民调解", "调解成功率", "网格", "依法治区"):
        result = reader.search(text)
        query = parse_query(fold(text))
        expected = []
        for report_id, entries in by_id.items():
            folded = [fold(e) for e in entries]
            everywhere = set(bigrams("\n".join(folded)))
            if not all(b in everywhere for b in query.bigrams):
                continue
            statuses = [search.match_entry(f, query)[1] for f in folded]
            tier = max(min(s[i] for s in statuses) for i in range(len(query.terms)))
            count = sum(sum(search.match_entry(f, query)[0]) for f in folded)
            expected.append((tier, -count, report_id))
        assert result.total == len(expected), text
        got = [(h.tier, -h.count, i) for h, i in zip(result.hits, ids(result), strict=True)]
        assert got == sorted(expected)[: search.PAGE_SIZE], text


def test_filters_by_province_year_and_type(seed_index):
    _, _, reader = seed_index
    assert sorted(ids(reader.search("调解", province="浙江省"))) == [S000, S003]
    assert ids(reader.search("调解", year="2021")) == [S004]
    assert ids(reader.search("调解", year=search.UNKNOWN)) == [S002]
    assert sorted(ids(reader.search("调解", type="法治政府建设工作报告"))) == [S003, S004]
    assert reader.search("调解", province="浙江省", year="2021").hits == []


def test_results_link_to_the_paragraph_and_mark_the_match(seed_index):
    _, _, reader = seed_index
    hit = reader.search("枫桥经验").hits[0]
    assert hit.url.startswith("reports/") and hit.anchor
    passage = best_passage(hit)
    assert re.fullmatch(r"s\d+(-\d+)*-p\d+", passage.anchor)
    assert [passage.text[a:b] for a, b in passage.marks] == ["枫桥经验"]


def test_title_matches_link_to_the_top_of_the_page(seed_index):
    _, _, reader = seed_index
    hit = reader.search("依法治区建设工作进展情况").hits[0]
    assert hit.url == f"reports/{S000}.html" and hit.anchor == ""


def test_a_query_fetches_only_its_own_shards(seed_index):
    reader = reader_of(seed_index[0])  # a cold cache
    result = reader.search("调节")
    assert [p for p in result.fetched if p.startswith("search/b/")] == [
        presence_path(shard_of("调节", reader.meta["shards"]), reader.meta["shards"])
    ]
    assert not any(p.startswith("search/t/") for p in result.fetched)


def test_a_file_of_another_build_is_refused(seed_index):
    files = dict(seed_index[0])
    reader = reader_of(files)
    path = presence_path(shard_of("调解", reader.meta["shards"]), reader.meta["shards"])
    older = search.load(path, files[path]) | {"": "0" * 16}
    files[path] = zlib.compress(json.dumps(older).encode(), wbits=-15)
    with pytest.raises(search.StaleIndex):
        reader.search("调解")


def test_every_object_file_carries_the_version(seed_index):
    files, _, reader = seed_index
    for path, data in files.items():
        value = search.load(path, data)
        if isinstance(value, dict) and path != "search/meta.json":
            assert value[""] == reader.meta["version"], path


def test_single_character_is_not_searched(seed_index):
    _, _, reader = seed_index
    result = reader.search("法")
    assert result.hits == [] and result.query.ignored == ("法",)


# --- scale --------------------------------------------------------------------------------


def synthetic_reports(count: int, seed: int = 1) -> list[FakeReport]:
    """Reports of about 11,000 characters from the seeds' paragraphs, 2 % of characters changed.

    The changes grow the vocabulary like a real corpus's long tail. Every report draws from the
    same five reports' paragraphs, so common bigrams are denser than in a real archive: the
    sizes measured here are an upper estimate.
    """
    from generator.build import gather

    source = gather(SEEDS).reports
    pool = [p.text for r in source for p in r.document.iter_paragraphs() if len(p.text) > 20]
    heads = [s.title for r in source for s in r.document.iter_sections()]
    fms = [r.front_matter() for r in source]
    rng = random.Random(seed)
    han = [chr(c) for c in range(0x4E00, 0x9FA5)]
    common = "".join(pool)

    def noisy(text: str) -> str:
        chars = list(text)
        for i in range(len(chars)):
            if rng.random() < 0.02:
                chars[i] = rng.choice(han) if rng.random() < 0.3 else rng.choice(common)
        return "".join(chars)

    provinces = ["浙江省", "江苏省", "广东省", "重庆市", "四川省", "河南省", "山东省"]
    reports = []
    for n in range(count):
        fm = dict(rng.choice(fms))
        fm["title"] = f"{n}号 {fm['title']}"
        fm["report_year"] = rng.choice([2018, 2019, 2020, 2021, 2022, None])
        fm["province"] = rng.choice(provinces)
        sections, size, k = [], 0, 0
        while size < 10000:
            k += 1
            paras = []
            for j in range(rng.randint(1, 4)):
                text = noisy(rng.choice(pool))
                size += len(text)
                paras.append(SimpleNamespace(anchor=f"s{k}-p{j + 1}", text=text))
            sections.append(
                SimpleNamespace(anchor=f"s{k}", title=noisy(rng.choice(heads)), paragraphs=paras)
            )
        intro = [SimpleNamespace(anchor="s0-p1", text=noisy(rng.choice(pool)))]
        reports.append(FakeReport(f"r{n:05d}", fm, FakeDocument(intro, sections)))
    return reports


BENCH_QUERIES = (
    "调解",
    "工作",
    "民法典",
    "社区矫正",
    "社區矯正",
    "枫桥经验",
    "人民调解",
    "法治政府",
    "法治政府建设",
    "调解成功率",
    "调解成功率达99%",
    "矛盾纠纷多元化解",
    "依法治区 社区矫正",
    "调节",
)


def measure(files: dict[str, bytes], queries=BENCH_QUERIES) -> dict[str, dict]:
    """Per query: files and gzip bytes fetched for the first page (meta.json included)."""
    reader = reader_of(files)
    gz = {}

    def size(path: str) -> int:
        if path not in gz:
            gz[path] = len(gzip.compress(files[path], 6))
        return gz[path]

    out = {}
    for text in queries:
        reader._cache.clear()  # a cold browser: nothing cached but meta.json
        result = reader.search(text)
        fetched = ["search/meta.json", *result.fetched]
        out[text] = {
            "total": result.total,
            "tiers": "".join(str(h.tier) for h in result.hits),
            "provisional": result.provisional,
            "files": len(fetched),
            "blocks": sum(p.startswith("search/t/") for p in fetched),
            "gzip": sum(size(p) for p in fetched),
        }
    return out


def test_a_few_hundred_reports_stay_within_budget():
    files, stats = build(synthetic_reports(150))
    assert stats.reports == 150 and stats.shards > 16
    for text, row in measure(files).items():
        assert row["gzip"] < 200_000, (text, row)
        # One page never checks more than VERIFY_BLOCKS blocks, whatever the query.
        assert row["blocks"] <= search.VERIFY_BLOCKS, (text, row)


def test_pages_continue_where_the_first_stopped():
    files, _ = build(synthetic_reports(60, seed=2))
    reader = reader_of(files)
    one, two = reader.search("调解"), reader.search("调解", pages=2)
    assert len(two.hits) == 2 * search.PAGE_SIZE
    assert [h.url for h in two.hits[: search.PAGE_SIZE]] == [h.url for h in one.hits]
    keys = [(h.tier, -h.count, h.report) for h in two.hits]
    assert keys == sorted(keys)


def _convert_and_index_timed(path: Path) -> tuple[search.ReportIndex, float]:
    """A worker's work on one report file, and the CPU seconds of index_report in it."""
    from generator.build import convert

    report = convert(path)
    start = time.process_time()
    part = index_report(report)
    return part, time.process_time() - start


def bench(count: int, corpus: Path | None, workers: int) -> None:
    """Build an index as a build does and print its size, its costs and what queries fetch.

    With ``corpus`` (a folder of report files, e.g. from ``python -m bench.corpus``), its
    reports are converted and indexed in ``workers`` processes; otherwise ``count`` synthetic
    reports are indexed in this process. Times are CPU seconds of the process that does the
    work, so other load on the machine changes them less than wall time.
    """
    from multiprocessing import Pool

    from generator.sources import find_reports

    with Pool(workers) as pool:
        if corpus:
            done = pool.imap(_convert_and_index_timed, find_reports(corpus), chunksize=8)
            timed = sorted(done, key=lambda d: d[0].id)
        else:
            timed = []
            for report in sorted(synthetic_reports(count), key=lambda r: r.id):
                start = time.process_time()
                timed.append((index_report(report), time.process_time() - start))
        parts = [part for part, _ in timed]
        n = len(parts)
        characters = sum(p.characters for p in parts)
        index_ms = sum(seconds for _, seconds in timed) / n * 1000
        print(f"{n} reports, {characters:,} characters: index_report {index_ms:.2f} ms a report")
        for label, shard_map in (("in this process", map), (f"in {workers} processes", pool.imap)):
            writer = IndexWriter()
            start = time.process_time()
            for part in parts:
                writer.add(part)
            added = time.process_time() - start
            files: dict[str, bytes] = {}
            start, wall = time.process_time(), time.perf_counter()
            stats = writer.finish(files.__setitem__, shard_map=shard_map)
            finished, wall = time.process_time() - start, time.perf_counter() - wall
            print(
                f"  main process: add {added:.2f} s, finish {finished:.2f} s "
                f"(wall {wall:.2f} s) with the shards encoded {label}"
            )
    # The blocks' text is made before tracing starts; the writer keeps it, as bytes.
    text = sum(len(block) for part in parts for block in part.blocks)
    tracemalloc.start()
    writer = IndexWriter()
    for part in parts:
        writer.add(part)
    held = tracemalloc.get_traced_memory()[0]
    writer.finish(lambda path, content: None)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"  writer memory: {text / 1e6:.0f} MB of text, and {held / 1e6:.0f} MB of postings "
        f"after add, {peak / 1e6:.0f} MB at most"
    )
    kb = 1000 * n
    print(
        f"  index {stats.bytes / kb:.2f} KB a report: text {stats.text_bytes / kb:.2f}, "
        f"presence {stats.presence_bytes / kb:.2f}, counts {stats.counts_bytes / kb:.2f}; "
        f"{stats.files:,} files, {stats.shards:,} shards of each kind, {stats.blocks:,} blocks"
    )
    meta = len(gzip.compress(files["search/meta.json"]))
    print(f"  meta.json {len(files['search/meta.json']):,} bytes, {meta:,} gzipped")
    for text, row in measure(files).items():
        print(f"  {text:<14} {row}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=int, default=1000, help="number of synthetic reports")
    parser.add_argument("--corpus", type=Path, help="a folder of report files to index instead")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    bench(args.bench, args.corpus, args.workers)
    sys.exit(0)
