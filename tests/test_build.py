"""The orchestrator at scale: worker processes, the conversion cache, the progress bar."""

from __future__ import annotations

import io
import shutil

import pytest

from generator import build as build_module
from generator import cache as cache_module
from generator.build import PER_WORKER_MIN, build, gather

from .conftest import SEEDS


def _copies(folder, count: int):
    """``count`` distinct reports: the seeds, each with a different closing line."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for number in range(count):
        source = seeds[number % len(seeds)]
        text = source.read_bytes().decode("utf-8")
        (folder / f"r{number:03d}.txt").write_text(
            f"{text}\n本报告副本编号{number}。\n", encoding="utf-8"
        )
    return folder


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_worker_processes_write_exactly_what_one_process_writes(tmp_path):
    seeds = _copies(tmp_path / "seeds", 2 * PER_WORKER_MIN)
    one = build(seeds, tmp_path / "one" / "docs", tmp_path / "one" / "snippets", jobs=1)
    two = build(seeds, tmp_path / "two" / "docs", tmp_path / "two" / "snippets", jobs=2)
    assert not one.errors and not two.errors
    assert len(one.reports) == len(two.reports) == 2 * PER_WORKER_MIN
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")


def test_an_unchanged_report_is_not_converted_again(tmp_path, monkeypatch):
    seeds = _copies(tmp_path / "seeds", 3)
    cache = tmp_path / "cache"
    out = (tmp_path / "out" / "docs", tmp_path / "out" / "snippets")
    first = build(seeds, *out, cache=cache)
    pages = _tree(tmp_path / "out")
    converted = []
    real = build_module.convert
    monkeypatch.setattr(build_module, "convert", lambda path: converted.append(path) or real(path))
    cache_module._memory.clear()  # read back from disk, as a new process would
    second = build(seeds, *out, cache=cache)
    assert converted == []
    assert [r.id for r in second.reports] == [r.id for r in first.reports]
    assert _tree(tmp_path / "out") == pages

    edited = seeds / "r001.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "补充一句。\n", encoding="utf-8")
    (seeds / "r002.yml").write_text("title: 编辑改过的标题\n", encoding="utf-8")
    third = build(seeds, *out, cache=cache)
    assert sorted(p.name for p in converted) == ["r001.txt", "r002.txt"]
    titles = {r.id: r.front_matter()["title"] for r in third.reports}
    assert titles["r002"] == "编辑改过的标题"
    assert "补充一句" in (tmp_path / "out" / "docs" / "reports" / "r001.md").read_text("utf-8")


def test_cache_entries_of_removed_reports_are_pruned(tmp_path):
    seeds = _copies(tmp_path / "seeds", 3)
    cache = tmp_path / "cache"
    gather(seeds, cache=cache)
    assert len(list(cache.rglob("*.pickle"))) == 3
    (seeds / "r000.txt").unlink()
    gather(seeds, cache=cache)
    assert len(list(cache.rglob("*.pickle"))) == 2


def test_a_report_that_fails_is_not_cached_and_fails_again(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", seeds)
    (seeds / "empty.txt").write_bytes(b"")
    for _ in range(2):
        result = gather(seeds, cache=tmp_path / "cache")
        assert [str(e).split(":")[0] for e in result.errors] == [str(seeds / "empty.txt")]
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_counts_and_rate_on_a_terminal(tmp_path, monkeypatch):
    seeds = _copies(tmp_path / "seeds", 3)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    gather(seeds, progress=True)
    shown = terminal.getvalue()
    # tqdm redraws at most ten times a second and, with leave=False, erases the bar at the end.
    assert "converting" in shown and "/3 [" in shown
    assert "reports/s" in shown  # the rate
    assert shown.endswith("\r")


@pytest.mark.parametrize("setting", ["ci", "pipe"])
def test_progress_bar_stays_out_of_ci_logs(tmp_path, monkeypatch, setting):
    seeds = _copies(tmp_path / "seeds", 3)
    stream = _Terminal() if setting == "ci" else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    if setting == "ci":
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    gather(seeds, progress=True)
    assert stream.getvalue() == ""


def test_deferred_search_index_ends_where_a_full_build_does(tmp_path):
    seeds = _copies(tmp_path / "seeds", 3)
    full = (tmp_path / "full" / "docs", tmp_path / "full" / "snippets")
    preview = (tmp_path / "preview" / "docs", tmp_path / "preview" / "snippets")
    build(seeds, *preview)
    before = _tree(preview[0] / "search")
    edited = seeds / "r001.txt"
    text = edited.read_text(encoding="utf-8").replace("。", "。编辑核对用的新句子。", 1)
    edited.write_text(text, encoding="utf-8")

    result = build(seeds, *preview, defer_search=True)
    # The pages are new, the index is still the previous build's, whole.
    assert "编辑核对用的新句子" in (preview[0] / "reports" / "r001.md").read_text(encoding="utf-8")
    assert _tree(preview[0] / "search") == before
    changed = result.write_search()
    assert changed and all("search" in p.parts for p in changed)

    build(seeds, *full)
    assert _tree(tmp_path / "preview") == _tree(tmp_path / "full")
