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

A sidecar is named after its report's stem, ``.yml`` or ``.yaml`` in any case (``x.yaml`` and
``x.YML`` both belong to ``x.txt``); two sidecars for one report fail it. It is read like a
report (:func:`generator.sources.read_contained`: a regular file in the seeds folder, nothing a
link leads to outside it), at most ``SIDECAR_MAX_BYTES`` (64 KB). The YAML is plain data:
anchors, aliases and explicit tags are refused before anything is built (a few hundred bytes of
aliases expand to gigabytes), nesting is bounded, and dates stay text (YAML's own timestamp
type would fail on 2021-13-40 with no line), so every problem is reported as
``seeds/x.yml:LINE: field: message``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import places, sources
from .exceptions import SidecarError, SourceError
from .schema import EDITABLE_FIELDS, NAME_MAX, check_text, check_value, shown
from .sources import SIDECAR_SUFFIXES, listed_names, read_contained

NOTE_TARGETS = ("anchor", "phrase", "metric")
NOTE_KEYS = (*NOTE_TARGETS, "note")

#: Longest note, in characters (a note may have several lines).
NOTE_MAX = 2000
#: A sidecar is a mapping whose notes are a list of mappings: three levels. Deeper nesting
#: is no sidecar, and thousands of levels would exhaust PyYAML's recursion.
MAX_DEPTH = 4
#: Place fields an editor may correct, and the gazetteer level each must name.
PLACE_LEVELS = {
    "province": places.PROVINCE,
    "city": places.CITY,
    "county": places.COUNTY,
    "township": places.TOWNSHIP,
}
#: Longest plain scalar YAML may turn into an int: Python refuses to parse more than 4,300
#: digits, and no field holds a number of more than 30.
_INT_DIGITS_MAX = 30

#: Every spelling of a sidecar's extension: .yml, .YML, .Yml, …, .yaml, .YAML, …
_SUFFIX_VARIANTS = tuple(
    "." + "".join(letters)
    for suffix in SIDECAR_SUFFIXES
    for letters in itertools.product(*((c, c.upper()) for c in suffix[1:]))
)

#: One problem with a sidecar and the line it is on.
Problem = tuple[int, str]


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
    #: ``seeds/x.yml:LINE: field: message`` for corrections that are allowed but doubtful
    #: (a place name the gazetteer does not know).
    warnings: list[str] = field(default_factory=list)


def sidecar_paths(report: Path) -> list[Path]:
    """Every sidecar beside ``report``: its stem with ``.yml`` or ``.yaml`` in any case.

    Found in the listing of the last scan of the folder while the folder is unchanged
    (:func:`generator.sources.listed_names`), else looked up by name: a file system that
    ignores case then finds one file under several names, which counts once.
    """
    return _candidates(report.parent, report.stem)


def sidecar_path(report: Path) -> Path:
    """The sidecar of ``report``: the one that exists, else where one would be (``x.yml``)."""
    found = sidecar_paths(report)
    return found[0] if found else report.with_name(report.stem + ".yml")


def _candidates(folder: Path, stem: str) -> list[Path]:
    names = listed_names(folder)
    if names is not None:
        return sorted(
            folder / name for name in (f"{stem}{ext}" for ext in _SUFFIX_VARIANTS) if name in names
        )
    found: dict[tuple[int, int], Path] = {}
    for suffix in _SUFFIX_VARIANTS:
        path = folder / f"{stem}{suffix}"
        try:
            info = path.lstat()
        except OSError:
            continue
        found.setdefault((info.st_dev, info.st_ino), path)
    return sorted(found.values())


def load_sidecar(path: Path) -> Sidecar:
    """Corrections and notes from ``path`` (empty when there is no sidecar), validated.

    Raises:
        SidecarError: the sidecar cannot be read safely (a link out of the folder, a FIFO,
            too large), another sidecar names the same report, the YAML is malformed or uses
            anchors, aliases or tags, or a field or note is wrong. Every problem is reported
            at once, each with its line: the first in the error's ``line``, the others on
            lines of their own, ``path:line: field: message``.
    """
    sidecar = Sidecar(path)
    if not path.is_symlink() and not path.exists():
        return sidecar
    others = [p for p in _candidates(path.parent, path.stem) if p != path]
    if others:
        names = ", ".join(p.name for p in others)
        raise SidecarError(path, f"two sidecars for one report: {path.name} and {names}; keep one")
    try:
        raw = read_contained(path, limit=sources.SIDECAR_MAX_BYTES, what="sidecar")
    except SourceError as exc:
        raise SidecarError(path, exc.message) from None
    text = _decode(path, raw)
    root = _compose(path, text)
    if root is None:
        return sidecar
    if not isinstance(root, yaml.MappingNode):
        raise SidecarError(
            path,
            "a sidecar is a mapping of field: corrected value (and notes:)",
            root.start_mark.line + 1,
        )
    problems = _duplicate_keys(root)
    for key, value in root.value:
        name, line = _key(key), key.start_mark.line + 1
        if name == "notes":
            sidecar.notes = _notes(path, value, problems)
            continue
        if name not in EDITABLE_FIELDS:
            problems.append(
                (line, f"unknown field {shown(name)}; allowed: {', '.join(EDITABLE_FIELDS)}, notes")
            )
            continue
        data = _construct(path, value)
        found = check_value(name, data)
        problems.extend((line, problem) for problem in found)
        if not found:
            sidecar.corrections[name] = data
            sidecar.warnings.extend(_place_warning(path, line, name, data))
    if problems:
        raise _error(path, problems)
    return sidecar


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SidecarError(
            path, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded", line
        ) from None


class _Loader(yaml.SafeLoader):
    """A safe loader that leaves dates as text: the schema checks them, with their line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    if len(node.value) > _INT_DIGITS_MAX:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(node.value):,} digits", node.start_mark
        )
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _compose(path: Path, text: str) -> yaml.Node | None:
    """The YAML's node tree, once its events show no anchor, alias, tag or deep nesting."""
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                raise SidecarError(path, f"YAML alias *{event.anchor} is not allowed", line)
            if getattr(event, "anchor", None) is not None:
                raise SidecarError(path, f"YAML anchor &{event.anchor} is not allowed", line)
            if getattr(event, "tag", None) is not None:
                raise SidecarError(path, f"YAML tag {shown(event.tag)} is not allowed", line)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise SidecarError(path, "nested too deeply for a sidecar", line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise SidecarError(path, f"malformed YAML: {exc.problem or exc}", line, column) from None
    except yaml.reader.ReaderError as exc:  # a control character; it has no line, only a position
        line = text.count("\n", 0, exc.position) + 1
        raise SidecarError(
            path, f"malformed YAML: character U+{exc.character:04X} is not allowed", line
        ) from None


def _construct(path: Path, node: yaml.Node) -> Any:
    """The Python value of ``node`` (plain data: the events were checked)."""
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or node.start_mark
        raise SidecarError(path, f"malformed YAML: {exc.problem or exc}", mark.line + 1) from None
    finally:
        loader.dispose()


def _duplicate_keys(root: yaml.MappingNode) -> list[Problem]:
    """A key given twice in any mapping (YAML would silently keep the last value)."""
    problems: list[Problem] = []
    pending: list[yaml.Node] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        if not isinstance(node, yaml.MappingNode):
            continue
        first: dict[str, int] = {}
        for key, value in node.value:
            name, line = _key(key), key.start_mark.line + 1
            if name in first:
                problems.append(
                    (line, f"{name}: given twice (first on line {first[name]}); keep one")
                )
            first.setdefault(name, line)
            pending.append(value)
    return problems


def _key(node: yaml.Node) -> str:
    """A mapping key as written; a list or mapping used as a key (``? [a, b]``) is no name."""
    return node.value if isinstance(node, yaml.ScalarNode) else "(a list or mapping as key)"


def _notes(path: Path, node: yaml.Node, problems: list[Problem]) -> list[Note]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode):
        problems.append((line, "notes: expected a list of notes"))
        return []
    notes = []
    for number, item in enumerate(node.value, start=1):
        line = item.start_mark.line + 1
        where = f"notes: note {number}"
        if not isinstance(item, yaml.MappingNode):
            problems.append(
                (line, f"{where}: expected a mapping with note: and one of {NOTE_TARGETS}")
            )
            continue
        entry = {_key(key): value for key, value in item.value}
        unknown = sorted(set(entry) - set(NOTE_KEYS))
        if unknown:
            problems.append(
                (line, f"{where}: unknown keys {shown(unknown)}; allowed: {', '.join(NOTE_KEYS)}")
            )
        targets = [key for key in NOTE_TARGETS if key in entry]
        if len(targets) != 1:
            problems.append((line, f"{where}: give exactly one of {', '.join(NOTE_TARGETS)}"))
        found = len(problems)
        text = _note_text(path, entry.get("note"), f"{where}: note", NOTE_MAX, problems, line)
        value = None
        if len(targets) == 1:
            target = entry[targets[0]]
            where = f"{where}: {targets[0]}"
            value = _note_text(path, target, where, NAME_MAX, problems, line, multiline=False)
        if len(problems) == found and text is not None and value is not None:
            notes.append(Note(number, targets[0], value, text.strip()))
    return notes


def _note_text(
    path: Path,
    node: yaml.Node | None,
    where: str,
    limit: int,
    problems: list[Problem],
    line: int,
    *,
    multiline: bool = True,
) -> str | None:
    """The text of one key of a note (a figure written as 5800 counts as text), or None."""
    if node is None:
        problems.append((line, f"{where}: missing"))
        return None
    line = node.start_mark.line + 1
    value = _construct(path, node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = node.value
    if not isinstance(value, str):
        problems.append((line, f"{where}: must be text"))
        return None
    found = check_text(value, limit, multiline=multiline)
    problems.extend((line, f"{where}: {problem}") for problem in found)
    return None if found else value


def _place_warning(path: Path, line: int, name: str, value: Any) -> list[str]:
    """A corrected place that the gazetteer does not know at that level: allowed (the
    gazetteer lags behind re-organisations) but worth a second look."""
    if name not in PLACE_LEVELS or not value:
        return []
    level = PLACE_LEVELS[name]
    # A municipality (重庆市) is its own city: a province-level name is a city name too.
    levels = (places.CITY, places.PROVINCE) if name == "city" else (level,)
    if any(d.level in levels for d in places.lookup(value)):
        return []
    return [f"{path}:{line}: {name}: {shown(value)} is not a {name} name in the gazetteer"]


def _error(path: Path, problems: list[Problem]) -> SidecarError:
    """One error for every problem: the first located in the error itself, each further one
    on a line of its own in the same ``path:line: message`` form."""
    ordered = sorted(set(problems))
    (line, first), rest = ordered[0], ordered[1:]
    message = "\n".join([first, *(f"{path}:{n}: {problem}" for n, problem in rest)])
    return SidecarError(path, message, line)
