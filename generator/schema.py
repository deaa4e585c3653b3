"""The front-matter schema: every field a report page carries, validated like configuration.

Field names and meanings are a public contract (docs/data.md documents them; reports.json
and every page's front matter use them). Validation reports every failing key, not the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

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
    pattern: str | None = None


def _f(name, types, doc, *, nullable=False, editable=True, choices=(), pattern=None) -> Field:
    return Field(name, types, nullable, editable, doc, choices, pattern)


#: In the order they are written. ``editable`` fields may be corrected in a sidecar file.
FIELDS: tuple[Field, ...] = (
    _f(
        "id",
        (str,),
        "Stable, URL-safe identifier derived from the file name.",
        editable=False,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
    ),
    _f("source_file", (str,), "The file name in the seeds folder.", editable=False),
    _f(
        "sha256",
        (str,),
        "SHA-256 of the received bytes.",
        editable=False,
        pattern=r"^[0-9a-f]{64}$",
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
        pattern=r"^\d{4}-\d{2}-\d{2}$",
    ),
    _f(
        "signed_date",
        (str,),
        "Date under the closing signature (ISO 8601).",
        nullable=True,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
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
        pattern=r"^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$",
    ),
    _f("anonymized", (bool,), "The text hides its author behind placeholders such as XX街道."),
    _f("locality_evidence", (list,), "Phrases of the text that decided the place."),
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
    """Problems with one field's value."""
    spec = _BY_NAME[name]
    if value is None:
        return [] if spec.nullable else [f"{name}: must not be empty"]
    # bool is an int subclass; a year of True is not a year.
    if not isinstance(value, spec.types) or (isinstance(value, bool) and bool not in spec.types):
        expected = " or ".join(t.__name__ for t in spec.types)
        return [f"{name}: expected {expected}, got {type(value).__name__} {value!r}"]
    if spec.choices and value not in spec.choices:
        return [f"{name}: {value!r} is not one of {', '.join(map(str, spec.choices))}"]
    if spec.pattern and not re.match(spec.pattern, value):
        return [f"{name}: {value!r} does not match {spec.pattern}"]
    if spec.pattern and "\\d{4}-" in spec.pattern:
        try:
            date.fromisoformat(value)
        except ValueError:
            return [f"{name}: {value!r} is not a real date"]
    return []
