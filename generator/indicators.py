"""Indicators: the curated taxonomy (generator/data/indicators.yml) that makes labels comparable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafile import entry_problems, read_entries
from .exceptions import ConfigError
from .metrics import KINDS, Metric

TAXONOMY = Path(__file__).parent / "data" / "indicators.yml"
UNCLASSIFIED = "unclassified"
_FIELDS = {"id", "name", "description", "kinds", "units", "match", "exclude"}
_REQUIRED = {"id", "name", "description", "kinds", "match"}


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    description: str
    kinds: tuple[str, ...]
    units: tuple[str, ...]
    match: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]

    def accepts(self, metric: Metric) -> bool:
        if metric.kind not in self.kinds or (self.units and metric.unit not in self.units):
            return False
        if any(p.search(metric.label) for p in self.exclude):
            return False
        return any(p.search(metric.label) for p in self.match)


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY) -> tuple[Indicator, ...]:
    """Read and validate the taxonomy; every problem is reported at once."""
    entries = read_entries(path, "indicators")
    problems: list[str] = []
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries or [], start=1):
        where, shape = entry_problems(entry, f"{path}: indicator {number}", _FIELDS, _REQUIRED)
        problems.extend(shape)
        if not isinstance(entry, dict) or not set(entry) >= _REQUIRED:
            continue
        if not re.fullmatch(r"[a-z0-9-]+", str(entry["id"])) or entry["id"] in seen:
            problems.append(f"{where}: id {entry['id']!r} must be unique, lowercase, a-z0-9-")
        seen.add(entry["id"])
        bad_kinds = set(entry["kinds"]) - set(KINDS)
        if bad_kinds:
            problems.append(f"{where}: unknown kinds {sorted(bad_kinds)} (allowed: {KINDS})")
        try:
            match = tuple(re.compile(p) for p in entry["match"])
            exclude = tuple(re.compile(p) for p in entry.get("exclude") or [])
        except re.error as exc:
            problems.append(f"{where}: bad regular expression: {exc}")
            continue
        indicators.append(
            Indicator(
                id=entry["id"],
                name=entry["name"],
                description=entry["description"],
                kinds=tuple(entry["kinds"]),
                units=tuple(str(u) for u in entry.get("units") or ()),
                match=match,
                exclude=exclude,
            )
        )
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(indicators)


def classify(metrics: list[Metric], taxonomy: tuple[Indicator, ...] | None = None) -> None:
    """Set each metric's ``indicator`` to the first indicator that accepts it."""
    taxonomy = load_taxonomy() if taxonomy is None else taxonomy
    for metric in metrics:
        metric.indicator = next(
            (indicator.id for indicator in taxonomy if indicator.accepts(metric)), UNCLASSIFIED
        )
