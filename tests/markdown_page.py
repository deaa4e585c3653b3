"""A report page's Markdown rendered as MkDocs renders it: mkdocs.yml's extensions, with
generator.mdx reading the page's annotations from a folder of the test's own."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import markdown

from generator.render import ANNOTATIONS_SUFFIX

from .conftest import ROOT


@cache
def _extensions() -> tuple[list, dict]:
    from mkdocs.config import load_config

    # Only the Markdown settings are wanted; docs_dir is given one that exists so the
    # config validates on a clean clone, before any build has made build/docs.
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def body_of(page: str) -> str:
    """The Markdown after the front matter."""
    assert page.startswith("---\n")
    return page.split("\n---\n", 1)[1]


def render_page(page: str, annotations: dict | bytes, folder: Path) -> str:
    """The HTML MkDocs puts in the page's article for ``page`` (front matter and Markdown)."""
    data = annotations if isinstance(annotations, dict) else json.loads(annotations)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{data['report']}{ANNOTATIONS_SUFFIX}").write_text(
        json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    extensions, configs = _extensions()
    configs = {**configs, "generator.mdx": {"annotations_dir": str(folder)}}
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(
        body_of(page)
    )


def report_html(report) -> str:
    """The rendered article HTML of a converted report's page."""
    import tempfile

    from generator.render import annotations, render_report

    with tempfile.TemporaryDirectory() as folder:
        return render_page(render_report(report), annotations(report), Path(folder))
