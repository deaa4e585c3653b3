"""Editors' sidecar files: ``seeds/<name>.yml`` corrects front-matter fields of one report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .exceptions import SidecarError
from .schema import EDITABLE_FIELDS, check_value


def sidecar_path(report: Path) -> Path:
    return report.with_suffix(".yml")


def load_sidecar(path: Path) -> dict[str, Any]:
    """Corrections from ``path`` (empty when there is no sidecar), validated field by field.

    Raises:
        SidecarError: the YAML is malformed (with line and column), is not a mapping, names
            a field that cannot be corrected, or gives a value of the wrong kind. Every
            problem is reported at once.
    """
    if not path.exists():
        return {}
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
        return {}
    if not isinstance(data, dict):
        raise SidecarError(path, "a sidecar is a mapping of field: corrected value")
    problems = []
    corrections = {}
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            problems.append(
                f"unknown field {name!r}; "
                f"fields an editor can correct: {', '.join(EDITABLE_FIELDS)}"
            )
            continue
        # YAML reads 2021-03-30 as a date; the schema stores ISO strings.
        if isinstance(value, date):
            value = value.isoformat()
        problems.extend(check_value(name, value))
        corrections[name] = value
    if problems:
        raise SidecarError(path, "; ".join(problems))
    return corrections
