"""Curated data files (indicators, glossary, topics, laws): reading and the checks they share.

Each file is a YAML list of mappings; every loader reports every problem at once, located by
file (and line where known), entry number and id, like MkDocs validates its config.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .exceptions import ConfigError


def read_entries(path: Path, what: str, loader: type = yaml.SafeLoader) -> list:
    """The list of entries in ``path``; malformed YAML is an error with line and column."""
    try:
        entries = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: malformed YAML: {exc.problem}") from exc
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list of {what}")
    return entries


Keys = set[str] | frozenset[str]


def entry_problems(
    entry: object, where: str, allowed: Keys, required: Keys
) -> tuple[str, list[str]]:
    """``where`` extended with the entry's id, and its shape problems (mapping, keys)."""
    if not isinstance(entry, dict):
        return where, [f"{where}: expected a mapping"]
    if isinstance(entry.get("id"), str):
        where += f" ({entry['id']})"
    problems = []
    unknown = sorted(map(str, set(entry) - set(allowed)))
    if unknown:
        problems.append(f"{where}: unknown keys {unknown} (allowed: {sorted(allowed)})")
    missing = sorted(set(required) - set(entry))
    if missing:
        problems.append(f"{where}: missing keys {missing}")
    return where, problems
