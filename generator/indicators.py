"""Indicators: the curated taxonomy (generator/data/indicators.yml) that makes labels comparable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafile import entry_problems, read_entries
from .exceptions import ConfigError
from .meaning import PERIODS, SCOPES, SOURCES
from .metrics import KINDS, Metric

TAXONOMY = Path(__file__).parent / "data" / "indicators.yml"
UNCLASSIFIED = "unclassified"
_FIELDS = {
    "id", "name", "description", "kinds", "units", "match", "exclude", "context_exclude",
    "core", "periods", "scopes", "sources",
}  # fmt: skip
#: What an indicator accepts unless it says otherwise: the locality's own total in the period
#: (a flow, or a stock at the report's date).
_DEFAULTS = {"periods": ("flow", "stock"), "scopes": ("total",), "sources": ("locality",)}
_ALLOWED = {"periods": PERIODS, "scopes": SCOPES, "sources": SOURCES}
_WHY = {
    "periods": "cumulative over several years",
    "scopes": "a part, not the locality's total",
    "sources": "another body's statistics",
}
_REQUIRED = {"id", "name", "description", "kinds", "match"}


#: The core indicators: ids and meanings are a public contract (docs/data.md, issue 10);
#: the taxonomy marks each ``core: true`` (tested).
CORE_INDICATORS = (
    "disputes-accepted",
    "disputes-resolved",
    "mediation-success-rate",
    "petitions",
    "community-correction",
    "legal-consultations",
    "law-publicity-events",
    "publicity-materials",
    "government-information",
    "enforcement-staff",
    "legal-aid",
    "rule-of-law-study",
)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    description: str
    kinds: tuple[str, ...]
    units: tuple[str, ...]
    match: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    context_exclude: tuple[re.Pattern[str], ...] = ()
    core: bool = False
    periods: tuple[str, ...] = _DEFAULTS["periods"]
    scopes: tuple[str, ...] = _DEFAULTS["scopes"]
    sources: tuple[str, ...] = _DEFAULTS["sources"]

    @property
    def unit(self) -> str:
        """The unit its values are shown in: the first of ``units`` (件 for 件, 起, 宗)."""
        return self.units[0] if self.units else ""

    def accepts(self, metric: Metric) -> bool:
        """Whether the label names this measure (kind, unit and words)."""
        if metric.kind not in self.kinds or (self.units and metric.unit not in self.units):
            return False
        if any(p.search(metric.label) for p in self.exclude):
            return False
        if any(p.search(metric.context) for p in self.context_exclude):
            return False
        return any(p.search(metric.label) for p in self.match)

    def vetoes(self, metric: Metric) -> str:
        """The word of ``exclude`` that keeps a figure out although its label names this
        measure in one of its units (接收 in 接收社区矫正对象), or ``""``."""
        if metric.kind not in self.kinds or (self.units and metric.unit not in self.units):
            return ""
        if not any(p.search(metric.label) for p in self.match):
            return ""
        found = next((p.search(metric.label) for p in self.exclude if p.search(metric.label)), None)
        return found.group() if found else ""

    def refuses(self, metric: Metric) -> str:
        """Why a figure that names this measure is still not it (part, cumulative, another
        body's count), or ``""``."""
        checks = (
            ("scopes", metric.scope, metric.scope_note),
            ("periods", metric.period, metric.period_note),
            ("sources", metric.source, metric.source),
        )
        for name, value, note in checks:
            if value not in getattr(self, name):
                return f"{_WHY[name]} ({note})" if note else _WHY[name]
        return ""


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
            context_exclude = tuple(re.compile(p) for p in entry.get("context_exclude") or [])
        except re.error as exc:
            problems.append(f"{where}: bad regular expression: {exc}")
            continue
        limits = {}
        for name, allowed in _ALLOWED.items():
            limits[name] = tuple(entry.get(name) or _DEFAULTS[name])
            if set(limits[name]) - set(allowed):
                problems.append(f"{where}: {name} must be among {allowed}")
        indicators.append(
            Indicator(
                id=entry["id"],
                name=entry["name"],
                description=entry["description"],
                kinds=tuple(entry["kinds"]),
                units=tuple(str(u) for u in entry.get("units") or ()),
                match=match,
                exclude=exclude,
                context_exclude=context_exclude,
                core=bool(entry.get("core")),
                **limits,
            )
        )
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(indicators)


def classify(metrics: list[Metric], taxonomy: tuple[Indicator, ...] | None = None) -> None:
    """Set each metric's ``indicator`` to the first indicator whose measure its label names,
    if it is that measure for the locality as a whole in the period; else it stays
    unclassified and ``excluded_from``/``excluded_because`` say which and why (a part never
    falls through to a broader indicator)."""
    taxonomy = load_taxonomy() if taxonomy is None else taxonomy
    for metric in metrics:
        metric.indicator = UNCLASSIFIED
        indicator = next((i for i in taxonomy if i.accepts(metric)), None)
        if indicator is None:
            # Say so when a core measure's own rules keep the figure out: an editor, and the
            # indicator page's look-alikes, then know it was judged, not missed.
            for core in (i for i in taxonomy if i.core):
                word = core.vetoes(metric)
                if word:
                    metric.excluded_from = core.id
                    metric.excluded_because = f"the label says {word}: not this measure"
                    break
            continue
        why = indicator.refuses(metric)
        if why:
            metric.excluded_from, metric.excluded_because = indicator.id, why
        else:
            metric.indicator = indicator.id
    _one_per_sentence(metrics)


def _one_per_sentence(metrics: list[Metric]) -> None:
    """Two counts of one measure in one sentence (专题学法3次 … 集体学法23次) are two
    candidates: the larger is the locality's total, the other names it as the reason."""
    groups: dict[tuple[str, str, str], list[Metric]] = {}
    for metric in metrics:
        if metric.indicator != UNCLASSIFIED and metric.kind == "count":
            groups.setdefault((metric.paragraph, metric.context, metric.indicator), []).append(
                metric
            )
    for group in groups.values():
        top = max(group, key=lambda m: m.value)
        for metric in group:
            if metric.value != top.value:
                metric.excluded_from, metric.indicator = metric.indicator, UNCLASSIFIED
                metric.excluded_because = f"another candidate: {top.text} in the same sentence"
