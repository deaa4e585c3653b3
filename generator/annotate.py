"""Editors' annotations: sidecar notes placed at a paragraph, a phrase or a figure.

A note that no longer finds what it annotates (the text changed, a typo in the phrase) fails
the build: a silently dropped note would be lost editorial work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .exceptions import SidecarError
from .metrics import Metric
from .sidecar import Note, Sidecar
from .structure import Document

_METRIC_ID = re.compile(r"^m\d+$")


@dataclass(frozen=True)
class Annotation:
    number: int  # display number, in reading order on the page
    note: Note
    paragraph: str  # paragraph anchor the marker sits in
    offset: int  # where in the paragraph's text the marker goes
    target: str  # what it annotates, for the index page: the phrase, figure or paragraph

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


def resolve_notes(sidecar: Sidecar, doc: Document, metrics: list[Metric]) -> list[Annotation]:
    """Place every note; raise one SidecarError naming every note that found nothing."""
    paragraphs = {p.anchor: p for p in doc.iter_paragraphs()}
    order = {anchor: index for index, anchor in enumerate(paragraphs)}
    placed: list[tuple[str, int, Note, str]] = []
    problems: list[str] = []
    for note in sidecar.notes:
        where = f"note {note.number} ({_short(note.text)})"
        if note.target == "anchor":
            paragraph = paragraphs.get(note.value)
            if paragraph is None:
                problems.append(f"{where}: no paragraph with anchor {note.value!r}")
                continue
            placed.append((paragraph.anchor, len(paragraph.text), note, _short(paragraph.text)))
        elif note.target == "phrase":
            hit = next(
                ((p, p.text.find(note.value)) for p in paragraphs.values() if note.value in p.text),
                None,
            )
            if hit is None:
                problems.append(f"{where}: phrase {note.value!r} not found in the report text")
                continue
            paragraph, start = hit
            placed.append((paragraph.anchor, start + len(note.value), note, note.value))
        else:
            metric = _find_metric(metrics, note.value)
            if metric is None:
                problems.append(f"{where}: no figure {note.value!r} among the report's metrics")
                continue
            placed.append((metric.paragraph, metric.end, note, metric.text))
    if problems:
        raise SidecarError(sidecar.path, "stale notes: " + "; ".join(problems))
    placed.sort(key=lambda item: (order[item[0]], item[1], item[2].number))
    return [
        Annotation(number, note, paragraph, offset, target)
        for number, (paragraph, offset, note, target) in enumerate(placed, start=1)
    ]


def _find_metric(metrics: list[Metric], wanted: str) -> Metric | None:
    """A figure by id (``m35``) or as written; ``5800㎡`` also finds ``约5800㎡``."""
    if _METRIC_ID.match(wanted):
        return next((m for m in metrics if m.id == wanted), None)
    exact = [m for m in metrics if m.text == wanted]
    return (exact or [m for m in metrics if wanted in m.text] or [None])[0]


def _short(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
