"""The front-matter schema: every field a report page carries, validated like configuration.

Field names and meanings are a public contract (docs/data.md documents them; reports.json
and every page's front matter use them). Validation reports every failing key, not the first.

Values are checked for what they are, not only for their type, because they land in pages,
tables, YAML, BibTeX and file names: names and titles are one line of bounded length without
control characters, codes and years are ASCII digits in range, dates are real calendar dates
and a division code is one the gazetteer knows. The same checks apply to what the converter
derives from a report and to an editor's corrections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import places
from .chars import CONTROL_CHAR
from .evidence import RULES

#: Years a report can be about: the People's Republic's rule-of-law reports start after 1949.
YEARS = (1949, 2100)
#: Longest title, and longest name of a place or an issuer, in characters.
TITLE_MAX = 200
NAME_MAX = 100
#: Longest phrase of locality evidence, and how many a report may list.
EVIDENCE_MAX = 100
EVIDENCE_ITEMS = 20
#: Fields whose value carries evidence (the ``evidence`` mapping's keys), in card order.
EVIDENCE_FIELDS = ("title", "report_year", "publish_date", "issuer")
#: Longest phrase of a field's evidence: a whole title may be the phrase.
EVIDENCE_PHRASE_MAX = TITLE_MAX
#: Longest explanation of an evidence rule.
EXPLANATION_MAX = 200
#: Single-line text fields and their longest value.
_TEXT_MAX = {
    "title": TITLE_MAX,
    "issuer": NAME_MAX,
    "province": NAME_MAX,
    "city": NAME_MAX,
    "county": NAME_MAX,
    "township": NAME_MAX,
}
_YEAR_FIELDS = ("report_year", "plan_year")
#: A value quoted in a message is cut here: a message must not carry a 50 MB value.
_SHOWN_MAX = 60
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: What a field with a pattern holds, in words, for messages.
_FORMS = {
    "id": "an id (a-z, 0-9, _ and -)",
    "sha256": "a SHA-256 digest (64 hex digits)",
    "division_code": "a division code (2, 4, 6 or 9 ASCII digits)",
}

DOC_TYPES = ("法治政府建设工作报告", "依法治理工作报告", "政法工作总结", "法治建设工作报告")
SCRIPTS = ("traditional", "simplified")


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[type, ...]
    nullable: bool
    editable: bool
    doc: str
    choices: tuple[Any, ...] = ()
    pattern: str | None = None  # the whole value must match (re.fullmatch)


def _f(name, types, doc, *, nullable=False, editable=True, choices=(), pattern=None) -> Field:
    return Field(name, types, nullable, editable, doc, choices, pattern)


#: In the order they are written. ``editable`` fields may be corrected in a sidecar file.
FIELDS: tuple[Field, ...] = (
    _f(
        "id",
        (str,),
        "Stable, URL-safe identifier derived from the file name.",
        editable=False,
        pattern=r"[a-z0-9][a-z0-9_-]*",
    ),
    _f("source_file", (str,), "The file name in the seeds folder.", editable=False),
    _f(
        "sha256",
        (str,),
        "SHA-256 of the received bytes.",
        editable=False,
        pattern=r"[0-9a-f]{64}",
    ),
    _f(
        "source_format",
        (str,),
        "Format of the received file: text, html, docx or pdf.",
        editable=False,
        choices=("text", "html", "docx", "pdf"),
    ),
    _f(
        "source_url",
        (str,),
        "Address of the published page (a saved page's canonical link, or a sidecar's).",
        nullable=True,
        pattern=r"https?://[^\s<>\"']+",
    ),
    _f("encoding", (str,), "Detected encoding of the received file.", editable=False),
    _f("script", (str,), "Script of the received text.", editable=False, choices=SCRIPTS),
    _f(
        "char_count",
        (int,),
        "Han characters in the clean text (title, body, sign-off).",
        editable=False,
    ),
    _f("title", (str,), "The document's own title in Simplified Chinese, or a derived one."),
    _f("title_derived", (bool,), "True when the report had no title and the archive made one."),
    _f("doc_type", (str,), "Kind of report.", choices=DOC_TYPES),
    _f("report_year", (int,), "Year the report covers.", nullable=True),
    _f(
        "plan_year",
        (int,),
        "Year the report's plans are for; null when it has none.",
        nullable=True,
    ),
    _f(
        "publish_date",
        (str,),
        "Date of publication (ISO 8601).",
        nullable=True,
        pattern=_DATE,
    ),
    _f(
        "signed_date",
        (str,),
        "Date under the closing signature (ISO 8601).",
        nullable=True,
        pattern=_DATE,
    ),
    _f("issuer", (str,), "The body that issued the report.", nullable=True),
    _f("province", (str,), "Province-level division.", nullable=True),
    _f(
        "city",
        (str,),
        "Prefecture-level division (a municipality repeats its name).",
        nullable=True,
    ),
    _f("county", (str,), "County-level division.", nullable=True),
    _f("township", (str,), "Township or street office; empty when anonymised.", nullable=True),
    _f(
        "division_code",
        (str,),
        "Most specific gazetteer code (国家统计局 2023).",
        nullable=True,
        pattern=r"[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?",
    ),
    _f(
        "township_alternatives",
        (list,),
        "When the township's name is shared and the text does not decide: each namesake as "
        "code and address.",
        editable=False,
    ),
    _f("anonymized", (bool,), "The text hides its author behind placeholders such as XX街道."),
    _f("locality_evidence", (list,), "Phrases of the text that decided the place."),
    _f(
        "evidence",
        (dict,),
        "Where title, report_year, publish_date and issuer came from: field → rule, phrase, "
        "explanation.",
        editable=False,
    ),
    _f("edited_fields", (list,), "Fields an editor corrected in the sidecar file.", editable=False),
    _f("processing", (dict,), "What normalisation removed or repaired.", editable=False),
)

FIELD_NAMES = tuple(f.name for f in FIELDS)
EDITABLE_FIELDS = tuple(f.name for f in FIELDS if f.editable)
_BY_NAME = {f.name: f for f in FIELDS}


def validate(data: dict[str, Any]) -> list[str]:
    """Every problem with ``data`` as ``field: message``; an empty list when it is valid."""
    problems = []
    for name in data:
        if name not in _BY_NAME:
            problems.append(f"{name}: unknown field (allowed: {', '.join(FIELD_NAMES)})")
    for spec in FIELDS:
        if spec.name not in data:
            problems.append(f"{spec.name}: missing")
            continue
        problems.extend(check_value(spec.name, data[spec.name]))
    return problems


def check_value(name: str, value: Any) -> list[str]:
    """Problems with one field's value, each as ``field: message``."""
    spec = _BY_NAME[name]
    if value is None:
        return [] if spec.nullable else [f"{name}: must not be empty"]
    # bool is an int subclass; a year of True is not a year.
    if not isinstance(value, spec.types) or (isinstance(value, bool) and bool not in spec.types):
        expected = " or ".join(t.__name__ for t in spec.types)
        hint = ""
        if str in spec.types and isinstance(value, int | float) and spec.pattern:
            hint = f'; write it in quotes: {name}: "{value}"'
        return [f"{name}: expected {expected}, got {type(value).__name__} {shown(value)}{hint}"]
    if spec.choices and value not in spec.choices:
        return [f"{name}: {shown(value)} is not one of {', '.join(map(str, spec.choices))}"]
    if name in _TEXT_MAX:
        return [f"{name}: {p}" for p in check_text(value, _TEXT_MAX[name])]
    if name in _YEAR_FIELDS and not YEARS[0] <= value <= YEARS[1]:
        return [f"{name}: {shown(value)} is not a year from {YEARS[0]} to {YEARS[1]}"]
    if name == "locality_evidence":
        return _check_evidence(value)
    if name == "evidence":
        return _check_field_evidence(value)
    if name == "township_alternatives":
        return _check_alternatives(value)
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        if spec.pattern == _DATE:
            return [f"{name}: {shown(value)} is not a date (YYYY-MM-DD)"]
        return [f"{name}: {shown(value)} is not {_FORMS.get(name, spec.pattern)}"]
    if spec.pattern == _DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            return [f"{name}: {shown(value)} is not a date (no such day)"]
    if name == "division_code" and places.division(value) is None:
        return [f"{name}: {shown(value)} is not a division code of the gazetteer"]
    return []


def check_text(value: str, limit: int, *, multiline: bool = False) -> list[str]:
    """Problems with a text value: blank, too long, control characters, line breaks."""
    if not value.strip():
        return ["must not be blank"]
    if len(value) > limit:
        return [f"{len(value):,} characters, more than {limit} ({shown(value)})"]
    found = CONTROL_CHAR.search(value.replace("\n", "") if multiline else value)
    if found:
        char = found.group()
        what = "a line break" if char in "\n\r\x85\u2028\u2029" else "a control character"
        return [f"{what} (U+{ord(char):04X}) is not allowed in {shown(value)}"]
    return []


def _check_evidence(value: list) -> list[str]:
    name = "locality_evidence"
    if len(value) > EVIDENCE_ITEMS:
        return [f"{name}: {len(value):,} phrases, more than {EVIDENCE_ITEMS}"]
    problems = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str):
            problems.append(f"{name}: phrase {number} is {type(item).__name__}, not text")
            continue
        problems.extend(f"{name}: phrase {number}: {p}" for p in check_text(item, EVIDENCE_MAX))
    return problems


#: How many namesakes a report may list (the most shared township names have a few dozen).
ALTERNATIVES_MAX = 200


def _check_alternatives(value: list) -> list[str]:
    name = "township_alternatives"
    if len(value) > ALTERNATIVES_MAX:
        return [f"{name}: {len(value):,} places, more than {ALTERNATIVES_MAX}"]
    problems = []
    for number, item in enumerate(value, start=1):
        where = f"{name}: place {number}"
        if not isinstance(item, dict) or set(item) != {"code", "place"}:
            problems.append(f"{where}: expected a mapping of code and place")
            continue
        code, place = item["code"], item["place"]
        if not isinstance(code, str) or places.division(code) is None:
            problems.append(f"{where}: {shown(code)} is not a division code of the gazetteer")
        if not isinstance(place, str) or check_text(place, 100):
            problems.append(f"{where}: place {shown(place)} is not a one-line name")
    return problems


def _check_field_evidence(value: dict) -> list[str]:
    name = "evidence"
    problems = []
    for key, entry in value.items():
        if key not in EVIDENCE_FIELDS:
            problems.append(
                f"{name}: {shown(key)} is not a field with evidence "
                f"(allowed: {', '.join(EVIDENCE_FIELDS)})"
            )
            continue
        where = f"{name}: {key}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping of rule, phrase, explanation")
            continue
        if set(entry) != {"rule", "phrase", "explanation"}:
            problems.append(
                f"{where}: keys {shown(sorted(map(str, entry)))}, not rule, phrase, explanation"
            )
            continue
        if not isinstance(entry["rule"], str) or entry["rule"] not in RULES:
            problems.append(f"{where}: rule {shown(entry['rule'])} is not a known rule")
        for part, limit in (("phrase", EVIDENCE_PHRASE_MAX), ("explanation", EXPLANATION_MAX)):
            text = entry[part]
            if not isinstance(text, str):
                problems.append(f"{where}: {part} is {type(text).__name__}, not text")
                continue
            problems.extend(f"{where}: {part}: {p}" for p in check_text(text, limit))
    return problems


def shown(value: Any) -> str:
    """``value`` as quoted in a message: its repr (control characters escaped), cut short."""
    text = repr(value[: _SHOWN_MAX + 1] if isinstance(value, str) else value)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 1] + "…"
