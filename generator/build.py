"""Orchestration: read every report, then compute the collection's pages, then write.

The only module that sequences the stages. One bad report never stops the others: its error
is collected, the rest are converted, and the caller decides (``--strict``) whether errors
and warnings fail the run.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tqdm import tqdm

from . import cite, pages
from .annotate import resolve_notes
from .cache import ConversionCache
from .cache import save as save_converted
from .checklist import check
from .escape import absolute_url
from .exceptions import CollisionError, GeneratorError, SourceError
from .glossary import document_phrases, find_in_document
from .indicators import classify
from .laws import find_citations
from .metadata import extract_metadata
from .metrics import extract_metrics
from .normalize import normalize
from .related import relate
from .render import (
    GLOSSARY_SCRIPT,
    PageParts,
    assemble,
    glossary_script,
    has_original_view,
    render_original,
    render_parts,
)
from .report import Report, report_id
from .schema import validate
from .search import IndexWriter, ReportIndex, index_report
from .sidecar import load_sidecar, sidecar_path
from .sources import find_reports, read_source
from .structure import structure
from .topics import assign_topics
from .writer import OutputTree

log = logging.getLogger("generator")

#: The search index's folder in the output; its files are all written by :func:`write_search`.
SEARCH_FOLDER = "search"

#: Fewer files than this per worker are converted in this process: starting workers costs
#: more than it saves (a preview rebuild usually converts one file).
PER_WORKER_MIN = 16


@dataclass
class BuildResult:
    reports: list[Report] = field(default_factory=list)
    errors: list[GeneratorError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    #: Report id → its page apart from related reports (render.render_parts).
    parts: dict[str, PageParts] = field(default_factory=dict, repr=False)
    #: Report id → its part of the search index (search.index_report).
    index: dict[str, ReportIndex] = field(default_factory=dict, repr=False)
    #: With ``build(defer_search=True)``: writes the search index, returns what changed.
    write_search: Callable[[], list[Path]] | None = field(default=None, repr=False)

    def failed(self, strict: bool) -> bool:
        """Errors and warnings are always printed; only ``--strict`` makes them fail the run."""
        return strict and bool(self.errors or self.warnings)


def convert(path: Path) -> Report:
    """Carry one report file through every per-report stage."""
    source = read_source(path)
    normalized = normalize(source.text)
    document = structure(normalized)
    if not document.intro and not any(True for _ in document.iter_sections()):
        left = "besides the title line" if document.title else "after removing page chrome"
        raise SourceError(path, f"no report text {left}")
    metadata = extract_metadata(document, normalized)
    sidecar = load_sidecar(sidecar_path(path))
    metrics = extract_metrics(document)
    classify(metrics)
    report = Report(
        report_id(path.name), source, normalized, document, metadata, sidecar.corrections, metrics
    )
    report.annotations = resolve_notes(sidecar, document, metrics)
    report.topics = assign_topics(document)
    report.terms = find_in_document(document)
    report.citations = find_citations(document)
    report.phrases = document_phrases(document, report.terms)
    fm = report.front_matter()
    published = date.fromisoformat(fm["publish_date"]) if fm["publish_date"] else None
    report.checklist = check(document, fm["report_year"], published)
    problems = validate(report.front_matter())
    if problems:
        raise SourceError(path, "front matter invalid: " + "; ".join(problems))
    return report


@dataclass
class Converted:
    """What converting one file gives: the report and its rendered parts, or the error."""

    path: Path
    report: Report | None = None
    parts: PageParts | None = None
    index: ReportIndex | None = None
    error: GeneratorError | None = None


def convert_and_render(path: Path) -> Converted:
    """One file through every per-report stage, including its page apart from related links.

    Runs in worker processes: everything here depends on this file (and its sidecar) alone.
    """
    try:
        report = convert(path)
    except GeneratorError as exc:
        return Converted(path, error=exc)
    except (OSError, ValueError) as exc:
        return Converted(path, error=SourceError(path, f"{type(exc).__name__}: {exc}"))
    parts = render_parts(report)
    index = index_report(report)
    report.slim()
    return Converted(path, report, parts, index)


def gather(
    seeds: Path, *, cache: Path | None = None, jobs: int | None = None, progress: bool = False
) -> BuildResult:
    """Convert every report in ``seeds``; collect errors and warnings instead of stopping.

    With ``cache``, a file whose bytes, sidecar and converter are unchanged is not converted
    again (see :mod:`generator.cache`). The others are converted by ``jobs`` processes.
    """
    result = BuildResult()
    by_id: dict[str, Report] = {}
    by_hash: dict[str, Report] = {}
    for item in convert_all(find_reports(seeds), cache=cache, jobs=jobs, progress=progress):
        if item.error is not None:
            result.errors.append(item.error)
            continue
        report = item.report
        path = item.path
        duplicate = by_hash.get(report.source.sha256)
        if duplicate:
            result.warnings.append(
                f"{path}: same content as {duplicate.source.path} "
                f"(sha256 {report.source.sha256[:12]}…); kept one page"
            )
            continue
        clash = by_id.get(report.id)
        if clash:
            result.errors.append(
                CollisionError(
                    f"{path} and {clash.source.path} both map to the id {report.id!r}; rename one"
                )
            )
            continue
        by_id[report.id] = report
        by_hash[report.source.sha256] = report
        result.warnings.extend(_warnings(report))
        result.reports.append(report)
        result.parts[report.id] = item.parts
        result.index[report.id] = item.index
    result.reports.sort(key=lambda r: r.id)
    return result


def _pool_size(jobs: int | None, tasks: int) -> int:
    return min(jobs or os.cpu_count() or 1, max(1, tasks // PER_WORKER_MIN))


def _fork_pool(workers: int):
    # fork: the workers inherit the loaded gazetteer, glossary and laws.
    return multiprocessing.get_context("fork").Pool(workers)


def _convert_and_cache(task: tuple[Path, Path | None]) -> Converted:
    # The worker stores its own result: pickling it in the parent would serialise the work.
    path, entry = task
    item = convert_and_render(path)
    if entry is not None and item.error is None:
        save_converted(entry, item)
    return item


def convert_all(
    paths: list[Path], *, cache: Path | None, jobs: int | None, progress: bool
) -> Iterator[Converted]:
    """Every file converted, in the order given, from the cache where possible."""
    store = ConversionCache(cache) if cache else None
    cached: dict[Path, Converted] = {}
    todo: list[tuple[Path, Path | None]] = []
    for path in paths:
        entry, hit = store.lookup(path) if store else (None, None)
        if hit is not None:
            cached[path] = hit
        else:
            todo.append((path, entry))
    workers = _pool_size(jobs, len(todo))
    bar = tqdm(
        total=len(paths),
        initial=len(cached),
        unit=" reports",
        desc="converting",
        # On a terminal only: CI logs get the one-line summary, not a bar.
        disable=not progress or not sys.stderr.isatty() or bool(os.environ.get("CI")),
        leave=False,
    )
    with bar:
        if workers > 1:
            # The first file here: it loads the gazetteer, glossary, laws and OpenCC in this
            # process, which the forked workers then share, and which a later preview
            # rebuild (one file, converted here) finds loaded.
            first = _convert_and_cache(todo[0])
            pool = _fork_pool(workers)
            fresh = itertools.chain([first], pool.imap(_convert_and_cache, todo[1:], chunksize=4))
        else:
            pool, fresh = None, map(_convert_and_cache, todo)
        try:
            done = {}
            for (path, entry), item in zip(todo, fresh, strict=True):
                bar.update()
                if store and entry is not None:
                    store.remember(entry, item)
                done[path] = item
        finally:
            if pool:
                pool.close()
                pool.join()
    if store:
        store.prune()
    for path in paths:
        yield cached.get(path) or done[path]


def _warnings(report: Report) -> list[str]:
    fm = report.front_matter()
    where = report.source.path
    out = []
    if fm["province"] is None:
        out.append(f"{where}: no place found in the text; add province/city/county in a sidecar")
    if fm["report_year"] is None and not fm["anonymized"]:
        out.append(f"{where}: no report year found; add report_year in a sidecar")
    return out


def render_all(
    reports: list[Report],
    pages_out: OutputTree,
    snippets_out: OutputTree,
    parts: dict[str, PageParts] | None = None,
    index: dict[str, ReportIndex] | None = None,
    jobs: int | None = None,
    search: bool = True,
    failures: list[GeneratorError] | None = None,
    site_url: str = "",
) -> None:
    """Queue every generated file: report pages, browse pages, snippets, data.

    ``failures``: the reports that could not be converted, listed on the editors' page and
    counted on the home page. ``site_url``: the site's address, for absolute URLs in the
    citation downloads (site-relative ones without it).
    """
    failures = failures or []
    related = relate(reports)
    for report in reports:
        report.related = related.get(report.id, [])
    parts = parts or {}
    for report in reports:
        page_parts = parts.get(report.id) or render_parts(report)
        pages_out.add(report.page_path, assemble(report, page_parts))
        if has_original_view(report):
            pages_out.add(f"reports/{report.id}.original.md", render_original(report))
        relative = f"reports/{report.id}.html"
        url = absolute_url(site_url, relative)
        pages_out.add(f"reports/{report.id}.bib", cite.bibtex(report, url))
        pages_out.add(f"reports/{report.id}.csl.json", cite.csl_json(report, url))
    pages_out.add(GLOSSARY_SCRIPT, glossary_script())
    pages_out.add("browse/years.md", pages.years_page(reports))
    pages_out.add("browse/places.md", pages.places_page(reports))
    pages_out.add("browse/types.md", pages.types_page(reports))
    pages_out.add("data/reports.json", pages.reports_json(reports))
    pages_out.add("data/metrics.csv", pages.metrics_csv(reports))
    for path, text in pages.indicator_pages(reports).items():
        pages_out.add(path, text)
    pages_out.add("editors.md", pages.editors_page(reports, failures))
    pages_out.add("checklist.md", pages.checklist_page(reports))
    pages_out.add("annotations.md", pages.annotations_page(reports))
    for path, text in pages.place_pages(reports).items():
        pages_out.add(path, text)
    for path, text in pages.topic_pages(reports).items():
        pages_out.add(path, text)
    pages_out.add("glossary.md", pages.glossary_page(reports))
    for path, text in pages.law_pages(reports).items():
        pages_out.add(path, text)
    # Pages after the first of every paginated listing (x-2.md, …).
    for path, text in pages.continuation_pages(reports, failures).items():
        pages_out.add(path, text)
    snippets_out.add("overview.md", pages.overview_snippet(reports, failures))
    if search:
        write_search(reports, index or {}, pages_out.add, jobs)


def write_search(
    reports: list[Report],
    index: dict[str, ReportIndex],
    add: Callable[[str, str | bytes], None],
    jobs: int | None = None,
) -> None:
    """The full-text search index (search/…), read by docs/javascripts/archive-search.js.

    Parts are merged in id order (reports is sorted) and let go of one by one.
    """
    writer = IndexWriter()
    for report in reports:
        writer.add(index.pop(report.id, None) or index_report(report))
    # Encoding the shards in a pool pays off only on large archives (forking costs ~0.5 s).
    workers = _pool_size(jobs, len(reports) // 256)
    if workers > 1:
        with _fork_pool(workers) as pool:
            writer.finish(add, shard_map=pool.imap)
    else:
        writer.finish(add)


def build(
    seeds: Path,
    out: Path,
    snippets: Path,
    *,
    cache: Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
    defer_search: bool = False,
    site_url: str = "",
) -> BuildResult:
    """Gather, then render, then write.

    ``defer_search``: write everything but the search index, and leave the index's files as
    they are; ``result.write_search()`` then writes it (the preview shows an edited page
    first and updates the index after). Returns the files that changed or went away.
    """
    result = gather(seeds, cache=cache, jobs=jobs, progress=progress)
    # The reports live until the end: the collector need not scan their millions of objects
    # again while the pages are made.
    gc.freeze()
    try:
        pages_out = OutputTree(out, preserve=(SEARCH_FOLDER,) if defer_search else ())
        snippets_out = OutputTree(snippets)
        render_all(
            result.reports,
            pages_out,
            snippets_out,
            result.parts,
            result.index,
            jobs,
            search=not defer_search,
            failures=result.errors,
            site_url=site_url,
        )
        result.written = pages_out.commit() + snippets_out.commit()
    finally:
        gc.unfreeze()  # a preview process builds again; its old reports must stay collectable
    if defer_search:
        result.write_search = lambda: _write_search_tree(result, out, jobs)
    return result


def _write_search_tree(result: BuildResult, out: Path, jobs: int | None) -> list[Path]:
    tree = OutputTree(out, scope=SEARCH_FOLDER)
    write_search(result.reports, result.index, tree.add, jobs)
    tree.commit()
    return tree.changed + tree.removed
