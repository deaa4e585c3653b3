"""One docs tree: the hand-written pages joined to the generated ones.

MkDocs publishes ``build/docs`` as its ``docs_dir`` as it is, so a plain ``mkdocs build``
(no hook) or another generator reading ``mkdocs.yml`` (Zensical) publishes every report. The
hand-written pages' snippet includes (``--8<-- "overview.md"``) are replaced by the snippet
the converter wrote, so the tree needs no include path either; the snippets folder is still
written for hand-written pages served from ``docs/`` by an older configuration.
"""

from __future__ import annotations

import re
from pathlib import Path

from .exceptions import ConfigError
from .writer import OutputTree

#: pymdownx.snippets' one-line include; a leading ``;`` escapes it (kept as written, minus ``;``).
#: hooks/archive.py reads the same includes.
SNIPPET = re.compile(
    r"""^(?P<escape>;?)[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<name>[^"'\n]+)\2[ \t]*$""", re.M
)


def join_docs(docs: Path, pages: OutputTree, snippets: OutputTree) -> None:
    """Add every file of ``docs`` to ``pages``; a generated page of the same name is an error.

    Hidden files and folders (``.git``, editors' ``.swp``) and symbolic links are not pages of
    the site and are left out, as MkDocs leaves out dot files.
    """
    if not docs.is_dir():
        raise ConfigError(f"{docs}: no folder of hand-written pages to publish with the reports")
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink():
            continue
        if not path.is_file():
            continue
        name = relative.as_posix()
        if pages.get(name) is not None:
            raise ConfigError(f"generated {name} would replace the hand-written {path}; rename one")
        data = path.read_bytes()
        if path.suffix == ".md":
            data = _include(path, data.decode("utf-8"), snippets).encode("utf-8")
        pages.add(name, data)


def _include(path: Path, text: str, snippets: OutputTree) -> str:
    def replace(match: re.Match[str]) -> str:
        if match["escape"]:
            return match.group()[1:]
        content = snippets.get(match["name"])
        if content is None:
            line = text.count("\n", 0, match.start()) + 1
            raise ConfigError(
                f"{path}:{line}: includes {match['name']!r}, which the build does not write"
            )
        return content.decode("utf-8").rstrip("\n")

    return SNIPPET.sub(replace, text)
