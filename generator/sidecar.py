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

#: One problem with a sidecar and the line it is on (None when it has none).
Problem = tuple[int | None, str]


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
            a field twice or a field that cannot be corrected, gives a value of the wrong
            kind, or has a note that does not say what it annotates. Every problem is
            reported at once, each with its line.
    """
    sidecar = Sidecar(path)
    if not path.exists():
        return sidecar
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SidecarError(path, f"not UTF-8 text: {exc}") from exc
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise SidecarError(path, f"malformed YAML: {exc.problem or exc}", line, column) from exc
    except yaml.reader.ReaderError as exc:  # a control character; it has no line, only a position
        line = text.count("\n", 0, exc.position) + 1
        raise SidecarError(
            path, f"malformed YAML: character U+{exc.character:04X} is not allowed", line
        ) from exc
    if data is None:
        return sidecar
    if not isinstance(data, dict):
        raise SidecarError(path, "a sidecar is a mapping of field: corrected value (and notes:)")
    lines, note_lines, problems = _key_lines(root)
    for name, value in data.items():
        line = lines.get(str(name))
        if name == "notes":
            sidecar.notes = _notes(value, problems, note_lines)
            continue
        if name not in EDITABLE_FIELDS:
            problems.append(
                (line, f"unknown field {name!r}; allowed: {', '.join(EDITABLE_FIELDS)}, notes")
            )
            continue
        # YAML reads 2021-03-30 as a date; the schema stores ISO strings.
        if isinstance(value, date):
            value = value.isoformat()
        problems.extend((line, problem) for problem in check_value(name, value))
        sidecar.corrections[name] = value
    if len(problems) == 1 and problems[0][0] is not None:
        raise SidecarError(path, problems[0][1], problems[0][0])
    if problems:
        raise SidecarError(
            path, "; ".join(f"line {n}: {p}" if n else p for n, p in sorted(problems, key=_by_line))
        )
    return sidecar


def _by_line(problem: Problem) -> int:
    return problem[0] or 0


def _key_lines(root: yaml.Node) -> tuple[dict[str, int], list[int], list[Problem]]:
    """Line of each top-level field and of each note; a field given twice is a problem
    (YAML would silently keep only the last value)."""
    lines: dict[str, int] = {}
    note_lines: list[int] = []
    problems: list[Problem] = []
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        name, line = str(key.value), key.start_mark.line + 1
        if name in lines:
            problems.append((line, f"field {name!r} given twice (first on line {lines[name]})"))
        lines.setdefault(name, line)
        if name == "notes" and isinstance(value, yaml.SequenceNode):
            note_lines = [item.start_mark.line + 1 for item in value.value]
    return lines, note_lines, problems


def _notes(entries: Any, problems: list[Problem], lines: list[int]) -> list[Note]:
    if not isinstance(entries, list):
        problems.append((None, "notes: expected a list of notes"))
        return []
    notes = []
    for number, entry in enumerate(entries, start=1):
        where = f"note {number}"
        line = lines[number - 1] if len(lines) == len(entries) else None
        if not isinstance(entry, dict):
            problems.append(
                (line, f"{where}: expected a mapping with note: and one of {NOTE_TARGETS}")
            )
            continue
        unknown = sorted(set(entry) - set(NOTE_KEYS))
        if unknown:
            problems.append(
                (line, f"{where}: unknown keys {unknown}; allowed: {', '.join(NOTE_KEYS)}")
            )
        targets = [key for key in NOTE_TARGETS if key in entry]
        text = entry.get("note")
        if len(targets) != 1:
            problems.append((line, f"{where}: give exactly one of {', '.join(NOTE_TARGETS)}"))
        if not isinstance(text, str) or not text.strip():
            problems.append((line, f"{where}: note: must be non-empty text"))
        if len(targets) == 1 and isinstance(text, str) and text.strip():
            notes.append(Note(number, targets[0], str(entry[targets[0]]), text.strip()))
    return notes
