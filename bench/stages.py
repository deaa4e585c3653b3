"""Where build time goes: the converter or ``mkdocs build`` run with timers on their stages.

A separate, profiled pass: the timed run in :mod:`bench.run` calls the real commands
untouched, and this module wraps the functions each stage calls (by name, so a renamed
function only moves its time into "other"). Times are exclusive: a wrapped function called
inside another counts only for itself. Prints one JSON object.

    python -m bench.stages convert --seeds S --out O --snippets P
    python -m bench.stages mkdocs --site-dir D   (with ARCHIVE_BUILD_DIR/ARCHIVE_SEEDS set)
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_totals: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
#: Time spent in wrapped callees of each active wrapped call, to make times exclusive.
_stack: list[float] = []


def _timed(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        _stack.append(0.0)
        try:
            return fn(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            inner = _stack.pop()
            _totals[stage] += elapsed - inner
            _calls[stage] += 1
            if _stack:
                _stack[-1] += elapsed

    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


def _wrap(owner: Any, names: tuple[str, ...], stage: str) -> None:
    for name in names:
        fn = getattr(owner, name, None)
        if callable(fn):
            setattr(owner, name, _timed(stage, fn))


#: Converter stages: which functions (as ``generator.build`` names them) belong to each.
CONVERTER_STAGES = {
    "read + decode": ("read_source",),
    "normalize": ("normalize",),
    "structure": ("structure",),
    "metadata + places": ("extract_metadata",),
    "metrics": ("extract_metrics", "classify"),
    "annotate (laws, terms, topics, notes, checklist)": (
        "load_sidecar",
        "resolve_notes",
        "assign_topics",
        "find_in_document",
        "find_citations",
        "check",
    ),
    "validate": ("validate",),
    "related": ("relate",),
    "reuse": ("find_reuse",),
    "render report pages": ("render_report", "render_original"),
    "search index": ("write_index",),
}


def profile_converter(seeds: Path, out: Path, snippets: Path) -> dict[str, Any]:
    from generator import build as build_module
    from generator import cite, pages, report, writer

    for stage, names in CONVERTER_STAGES.items():
        _wrap(build_module, names, stage)
    _wrap(cite, ("bibtex", "csl_json"), "render report pages")
    page_functions = tuple(
        n for n in dir(pages) if n.endswith(("_page", "_pages", "_json", "_csv", "_snippet"))
    )
    _wrap(pages, page_functions, "collection pages (browse, indicators, places, …)")
    _wrap(report.Report, ("front_matter",), "front matter")
    _wrap(writer.OutputTree, ("commit", "commit_all"), "write files")
    start = time.perf_counter()
    # Joined to docs/, as the command line does: the tree mkdocs.yml publishes.
    result = build_module.build(seeds, out, snippets, docs=ROOT / "docs")
    total = time.perf_counter() - start
    return {
        "total": total,
        "reports": len(result.reports),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "stages": _stages(total),
    }


def profile_mkdocs(site_dir: Path, config_file: Path | None = None) -> dict[str, Any]:
    import logging

    from mkdocs import config as mkdocs_config
    from mkdocs import plugins
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure import files as mkdocs_files
    from mkdocs.structure import pages as mkdocs_pages

    logging.basicConfig(level=logging.WARNING)
    _wrap(mkdocs_config, ("load_config",), "load config")
    _wrap(mkdocs_build, ("get_files",), "find files")
    _wrap(mkdocs_files.Files, ("add_files_from_theme",), "find files")
    _wrap(plugins.PluginCollection, ("on_files",), "on_files (hooks/archive.py)")
    _wrap(mkdocs_build, ("get_navigation",), "navigation")
    _wrap(mkdocs_build, ("_populate_page",), "read + Markdown → HTML")
    populate = mkdocs_build._populate_page
    folders: dict[str, float] = defaultdict(float)

    def by_folder(page: Any, *args: Any, **kwargs: Any) -> Any:
        # Which kind of page the Markdown time goes to (reports/, indicators/, …).
        start = time.perf_counter()
        try:
            return populate(page, *args, **kwargs)
        finally:
            uri = page.file.src_uri
            folders[uri.split("/", 1)[0] + "/" if "/" in uri else "(top level)"] += (
                time.perf_counter() - start
            )

    mkdocs_build._populate_page = by_folder
    _wrap(mkdocs_files.Files, ("copy_static_files",), "copy static files (search index, assets)")
    _wrap(mkdocs_build, ("_build_theme_template", "_build_extra_template"), "theme templates")
    _wrap(mkdocs_build, ("_build_page",), "render page templates + write")
    _wrap(mkdocs_pages.Page, ("validate_anchor_links",), "validate anchors")
    _wrap(mkdocs_build.utils, ("clean_directory",), "clean site dir")
    start = time.perf_counter()
    cfg = mkdocs_config.load_config(
        config_file=str(config_file) if config_file else None, site_dir=str(site_dir), strict=True
    )
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    total = time.perf_counter() - start
    markdown = dict(sorted(folders.items(), key=lambda kv: -kv[1]))
    return {"total": total, "stages": _stages(total), "markdown_by_folder": markdown}


def _stages(total: float) -> dict[str, dict[str, float]]:
    out = {
        stage: {"seconds": seconds, "calls": _calls[stage]}
        for stage, seconds in sorted(_totals.items(), key=lambda kv: -kv[1])
    }
    out["other"] = {"seconds": total - sum(_totals.values()), "calls": 0}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    convert = sub.add_parser("convert")
    convert.add_argument("--seeds", type=Path, required=True)
    convert.add_argument("--out", type=Path, required=True)
    convert.add_argument("--snippets", type=Path, required=True)
    mkdocs = sub.add_parser("mkdocs")
    mkdocs.add_argument("--site-dir", type=Path, required=True)
    mkdocs.add_argument("--config-file", type=Path)
    args = parser.parse_args()
    if args.command == "convert":
        result = profile_converter(args.seeds, args.out, args.snippets)
    else:
        result = profile_mkdocs(args.site_dir, args.config_file)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
