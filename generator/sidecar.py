"""Editors' sidecar files: ``seeds/<name>.yml`` corrects fields and annotates one report.

```yaml
publish_date: 2021-03-30          # any editable front-matter field: the correction wins
notes:                            # editor's annotations, shown as numbered markers
  - anchor: s1-2-p1               # a paragraph, by its anchor …
    note: 此处“42次”含线上学习。
  - phrase: 矛调中心建设成果       # … or by a phrase quoted from its text (first occurrence)
    note: 矛调中心即矛盾纠纷调处化解中心。
  - metric: 251余万元              # a figure, by its id (m35) or as written in the text
    note: 原文“251余万元”的写法有误，应为“251万余元”。
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .exceptions import SidecarError
from .schema import EDITABLE_FIELDS, check_value

NOTE_TARGETS = ("anchor", "phrase", "metric")
NOTE_KEYS = (*NOTE_TARGETS, "note")


@dataclass(frozen=True)
class Note:
    """An editor's note as written in the sidecar; resolved against the text later."""

    number: int  # 1-based position in the sidecar's notes list
    target: str  # "anchor" | "phrase" | "metric"
    value: str  # what it looks for
    text: str  # the note itself


@dataclass
class Sidecar:
    path: Path
    corrections: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def sidecar_path(report: Path) -> Path:
    return report.with_suffix(".yml")


def load_sidecar(path: Path) -> Sidecar:
    """Corrections and notes from ``path`` (empty when there is no sidecar), validated.

    Raises:
        SidecarError: the YAML is malformed (with line and column), is not a mapping, names
            a field that cannot be corrected, gives a value of the wrong kind, or has a note
            that does not say what it annotates. Every problem is reported at once.
    """
    sidecar = Sidecar(path)
    if not path.exists():
        return sidecar
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise SidecarError(path, f"malformed YAML: {exc.problem or exc}", line, column) from exc
    except UnicodeDecodeError as exc:
        raise SidecarError(path, f"not UTF-8 text: {exc}") from exc
    if data is None:
        return sidecar
    if not isinstance(data, dict):
        raise SidecarError(path, "a sidecar is a mapping of field: corrected value (and notes:)")
    problems: list[str] = []
    for name, value in data.items():
        if name == "notes":
            sidecar.notes = _notes(value, problems)
            continue
        if name not in EDITABLE_FIELDS:
            problems.append(f"unknown field {name!r}; allowed: {', '.join(EDITABLE_FIELDS)}, notes")
            continue
        # YAML reads 2021-03-30 as a date; the schema stores ISO strings.
        if isinstance(value, date):
            value = value.isoformat()
        problems.extend(check_value(name, value))
        sidecar.corrections[name] = value
    if problems:
        raise SidecarError(path, "; ".join(problems))
    return sidecar


def _notes(entries: Any, problems: list[str]) -> list[Note]:
    if not isinstance(entries, list):
        problems.append("notes: expected a list of notes")
        return []
    notes = []
    for number, entry in enumerate(entries, start=1):
        where = f"note {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping with note: and one of {NOTE_TARGETS}")
            continue
        unknown = sorted(set(entry) - set(NOTE_KEYS))
        if unknown:
            problems.append(f"{where}: unknown keys {unknown}; allowed: {', '.join(NOTE_KEYS)}")
        targets = [key for key in NOTE_TARGETS if key in entry]
        text = entry.get("note")
        if len(targets) != 1:
            problems.append(f"{where}: give exactly one of {', '.join(NOTE_TARGETS)}")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: note: must be non-empty text")
        if len(targets) == 1 and isinstance(text, str) and text.strip():
            notes.append(Note(number, targets[0], str(entry[targets[0]]), text.strip()))
    return notes
