"""Measure the metric extractor against the hand-labelled gold (``make eval``).

Matching: a gold entry is located in its paragraph by its ``text`` and ``occurrence``; an
extracted metric matches it when both sit in the same paragraph, their spans overlap, and
value and unit are equal. Precision and recall count value+unit matches. Label agreement is
measured on matched pairs: two labels agree when, after removing punctuation, one contains
the other or their characters overlap with a Dice coefficient of at least 0.6 (labels are
free noun phrases: 受理矛盾纠纷 and 共受理矛盾纠纷 say the same thing).
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.build import convert
from generator.metrics import Metric, extract_metrics

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "metrics_gold"
SEEDS = ROOT / "seeds"
DICE_AGREEMENT = 0.6


@dataclass
class Scores:
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    labels_agree: int = 0
    kinds_agree: int = 0
    approx_agree: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def label_agreement(self) -> float:
        return self.labels_agree / self.matched if self.matched else 1.0

    def add(self, other: Scores) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _norm(label: str) -> str:
    return re.sub(r"[^\w]", "", label)


def labels_agree(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    common = sum(min(a.count(c), b.count(c)) for c in set(a))
    return 2 * common / (len(a) + len(b)) >= DICE_AGREEMENT


def _gold_span(entry: dict, paragraphs: dict[str, str]) -> tuple[int, int] | None:
    text = paragraphs.get(entry["anchor"])
    if text is None:
        return None
    start = -1
    for _ in range(entry.get("occurrence", 1)):
        start = text.find(entry["text"], start + 1)
        if start < 0:
            return None
    return start, start + len(entry["text"])


def _same_number(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def evaluate_seed(path: Path, verbose: bool = False) -> tuple[Scores, list[str]]:
    report = convert(path)
    paragraphs = {p.anchor: p.text for p in report.document.iter_paragraphs()}
    metrics = extract_metrics(report.document)
    gold = yaml.safe_load((GOLD / f"{path.stem}.yml").read_text(encoding="utf-8")) or []
    scores = Scores(gold=len(gold), extracted=len(metrics))
    used: set[str] = set()
    notes = []
    for entry in gold:
        span = _gold_span(entry, paragraphs)
        found: Metric | None = None
        if span:
            for metric in metrics:
                if (
                    metric.id not in used
                    and metric.paragraph == entry["anchor"]
                    and metric.start < span[1]
                    and span[0] < metric.end
                    and _same_number(metric.value, entry["value"])
                    and metric.unit == entry["unit"]
                ):
                    found = metric
                    break
        if found is None:
            notes.append(f"  MISSED  {entry['anchor']:10} {entry['text']:10} {entry['label']}")
            continue
        used.add(found.id)
        scores.matched += 1
        if labels_agree(found.label, entry["label"]):
            scores.labels_agree += 1
        elif verbose:
            notes.append(f"  LABEL   {found.text:10} gold {entry['label']!r} got {found.label!r}")
        scores.kinds_agree += found.kind == entry["kind"]
        scores.approx_agree += found.approx == entry["approx"]
        if verbose and found.kind != entry["kind"]:
            notes.append(f"  KIND    {found.text:10} gold {entry['kind']} got {found.kind}")
    for metric in metrics:
        if metric.id not in used:
            notes.append(
                f"  EXTRA   {metric.paragraph:10} {metric.text:10} {metric.value} {metric.unit} "
                f"{metric.label}"
            )
    return scores, notes


def evaluate(verbose: bool = False) -> Scores:
    total = Scores()
    for path in sorted(SEEDS.glob("*.txt")):
        scores, notes = evaluate_seed(path, verbose)
        total.add(scores)
        print(
            f"{path.stem}: gold {scores.gold:3}  extracted {scores.extracted:3}  "
            f"matched {scores.matched:3}  P {scores.precision:.3f}  R {scores.recall:.3f}  "
            f"labels {scores.label_agreement:.3f}"
        )
        if verbose:
            print("\n".join(notes))
    return total


def main() -> None:
    verbose = "-v" in sys.argv
    total = evaluate(verbose)
    print(
        f"\nALL: gold {total.gold}  extracted {total.extracted}  matched {total.matched}\n"
        f"precision (value+unit)  {total.precision:.3f}   target >= 0.95\n"
        f"recall (value+unit)     {total.recall:.3f}   target >= 0.95\n"
        f"label agreement         {total.label_agreement:.3f}   target >= 0.85\n"
        f"kind agreement          {total.kinds_agree / max(total.matched, 1):.3f}\n"
        f"approx agreement        {total.approx_agree / max(total.matched, 1):.3f}"
    )


if __name__ == "__main__":
    main()
