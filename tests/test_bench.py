"""The benchmark's synthetic corpus: reproducible, and every report converts cleanly."""

from __future__ import annotations

from bench.corpus import generate
from generator.build import gather


def test_synthetic_corpus_is_reproducible_and_converts_without_warnings(tmp_path):
    first = generate(tmp_path / "a", 8, seed=7, chars=(2000, 4000))
    second = generate(tmp_path / "b", 8, seed=7, chars=(2000, 4000))
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    result = gather(tmp_path / "a")
    assert result.errors == [] and result.warnings == []
    assert len(result.reports) == 8
    assert all(r.front_matter()["province"] and r.metrics for r in result.reports)
