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
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tqdm import tqdm

from . import cite, exports, pages, reuse_pages, yoy
from .annotate import resolve_notes
from .cache import ConversionCache
from .cache import save as save_converted
from .checklist import check
from .docs_tree import join_docs
from .escape import absolute_url
from .exceptions import CollisionError, ConfigError, GeneratorError, SourceError
from .glossary import document_phrases, find_in_document
from .indicators import classify
from .laws import find_citations
from .lock import exclusive
from .metadata import extract_metadata
from .metrics import MAX_FIGURES, FigureOverflow, extract_metrics
from .normalize import normalize
from .publish import discard_staging, journal_path, recover
from .related import relate
from .render import (
    ANNOTATIONS_SUFFIX,
    GLOSSARY_SCRIPT,
    MARKDOWN_ARCHIVE,
    MARKDOWN_DOWNLOAD_SUFFIX,
    PageParts,
    assemble,
    glossary_script,
    has_original_view,
    markdown_archive,
    received_file_path,
    render_original,
    render_parts,
)
from .report import Report, report_id
from .reuse import ReuseIndex, find_reuse
from .schema import validate
from .search import IndexWriter, ReportIndex, index_report
from .sidecar import load_sidecar, sidecar_path
from .sources import Skipped, read_source, scan_seeds
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
    #: Entries of the seeds folder that were not converted, each with its reason; those of
    #: level error or warning are in ``errors`` or ``warnings`` too.
    skipped: list[Skipped] = field(default_factory=list)
    #: Report id → its page apart from related reports (render.render_parts).
    parts: dict[str, PageParts] = field(default_factory=dict, repr=False)
    #: Report id → its part of the search index (search.index_report).
    index: dict[str, ReportIndex] = field(default_factory=dict, repr=False)
    #: Report id → its files that depend on it alone (:func:`report_files`).
    files: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    #: With ``build(defer_search=True)``: writes the search index, returns what changed.
    write_search: Callable[[], list[Path]] | None = field(default=None, repr=False)
    #: Report files found in the seeds folder (converted or not).
    found: int = 0
    #: Paragraphs shared between the reports that made it (:func:`generator.reuse.find_reuse`),
    #: found once in the render stage; the pages and the data files read it.
    reuse: ReuseIndex = field(default_factory=ReuseIndex, repr=False)

    def not_converted(self) -> list[GeneratorError]:
        """Every file of the seeds folder that gave no page, and why: the errors, and the
        entries skipped with a warning (a ``.doc``, a subfolder); listed on the editors' page."""
        return self.errors + [s.error() for s in self.skipped if s.level == "warning"]

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
    metadata = extract_metadata(document, normalized, source.page)
    sidecar = load_sidecar(sidecar_path(path))
    metrics = extract_metrics(document)
    warnings = list(sidecar.warnings)
    if isinstance(metrics, FigureOverflow):
        warnings.append(
            f"{path}: more than {MAX_FIGURES:,} figures; only the first {MAX_FIGURES:,} are "
            "listed (the text is whole). Is this a report, or a data dump?"
        )
    metrics = list(metrics)
    classify(metrics)
    report = Report(
        report_id(path.name), source, normalized, document, metadata, sidecar.corrections, metrics
    )
    report.sidecar_name = sidecar.path.name
    report.annotations = resolve_notes(sidecar, document, metrics)
    report.warnings = warnings
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
    #: Site-relative path → content of the report's files that depend on it alone (citations).
    files: dict[str, str | bytes] = field(default_factory=dict, repr=False)
    error: GeneratorError | None = None
    #: Why the result could not be stored in the cache (the build goes on without it).
    cache_problem: str | None = None


#: A located error's message keeps this much of an unexpected exception's text.
MESSAGE_MAX = 500


def located(path: Path, stage: str, exc: Exception) -> SourceError:
    """An unexpected exception as ``path``'s error: stage, type, message, where it was raised."""
    message = str(exc)
    if len(message) > MESSAGE_MAX:
        message = f"{message[:MESSAGE_MAX]}… ({len(message) - MESSAGE_MAX} more characters)"
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return SourceError(path, f"{stage}: {type(exc).__name__}: {message}{where}")


def report_files(report: Report, site_url: str = "") -> dict[str, str]:
    """The report's downloads, which depend on it alone: BibTeX and CSL-JSON, citing the page
    at ``site_url`` (site-relative without it)."""
    url = absolute_url(site_url, f"reports/{report.id}.html")
    return {
        f"reports/{report.id}.bib": cite.bibtex(report, url),
        f"reports/{report.id}.csl.json": cite.csl_json(report, url),
    }


def convert_and_render(path: Path) -> Converted:
    """One file through every per-report stage, including its page apart from related links.

    Runs in worker processes: everything here depends on this file (and its sidecar) alone.
    Any exception (not only the converter's own) becomes this report's located error: one
    bad input fails one report, and the report is accepted only with all of its outputs.
    """
    stage = "converting"
    try:
        report = convert(path)
        stage = "rendering"
        parts = render_parts(report)
        stage = "indexing"
        index = index_report(report)
        stage = "citing"
        files: dict[str, str | bytes] = dict(report_files(report))
        served = received_file_path(report)
        if served:
            files[served] = report.source.raw  # the received bytes, before slim() drops them
        report.slim()
    except GeneratorError as exc:
        return Converted(path, error=exc)
    except Exception as exc:  # the report's error (located), never swallowed
        return Converted(path, error=located(path, stage, exc))
    return Converted(path, report, parts, index, files)


def gather(
    seeds: Path, *, cache: Path | None = None, jobs: int | None = None, progress: bool = False
) -> BuildResult:
    """Convert every report in ``seeds``; collect errors and warnings instead of stopping.

    With ``cache``, a file whose bytes, sidecar and converter are unchanged is not converted
    again (see :mod:`generator.cache`). The others are converted by ``jobs`` processes.
    """
    folder = scan_seeds(seeds)
    result = BuildResult(skipped=folder.skipped)
    result.errors.extend(s.error() for s in folder.skipped if s.level == "error")
    result.warnings.extend(str(s) for s in folder.skipped if s.level == "warning")
    by_id: dict[str, Report] = {}
    by_hash: dict[str, Report] = {}
    paths = folder.reports
    result.found = len(paths)
    for item in convert_all(paths, cache=cache, jobs=jobs, progress=progress):
        if item.error is not None:
            result.errors.append(item.error)
            continue
        report = item.report
        path = item.path
        duplicate = by_hash.get(report.source.sha256)
        if duplicate:
            # Listed with the files that gave no page (editors' page, home page count).
            ignored = (
                "; its sidecar is not applied" if report.corrections or report.annotations else ""
            )
            entry = Skipped(
                path,
                "duplicate",
                f"same content as {duplicate.source.path.name} "
                f"(sha256 {report.source.sha256[:12]}…); kept one page{ignored}",
                "warning",
            )
            result.skipped.append(entry)
            result.warnings.append(str(entry))
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
        result.files[report.id] = item.files
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
        try:
            save_converted(entry, item)
        except OSError as exc:
            folder = entry.parent.parent
            item.cache_problem = f"{folder}: cannot store converted reports ({exc.strerror})"
        except Exception as exc:  # cannot be pickled: nor sent back from a worker
            item = Converted(path, error=located(path, "caching", exc))
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
            problems = set()
            for (path, entry), item in zip(todo, fresh, strict=True):
                bar.update()
                if item.cache_problem and item.cache_problem not in problems:
                    problems.add(item.cache_problem)
                    log.warning("%s (the build goes on without it)", item.cache_problem)
                elif store and entry is not None:
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
    out = list(report.warnings)
    if fm["province"] is None:
        out.append(f"{where}: no place found in the text; add province/city/county in a sidecar")
    if fm["report_year"] is None and not fm["anonymized"]:
        out.append(f"{where}: no report year found; add report_year in a sidecar")
    return out


def report_pages(
    reports: list[Report],
    pages_out: OutputTree,
    parts: dict[str, PageParts] | None = None,
    files: dict[str, dict[str, str]] | None = None,
    site_url: str = "",
    reuse: ReuseIndex | None = None,
) -> tuple[list[Report], list[GeneratorError]]:
    """Queue every report's own files: its page, original-text page and downloads.

    ``files``: downloads made where the report was converted, with site-relative URLs; with
    a ``site_url`` they are made again here, citing the page by its address. ``reuse``: the
    text shared between reports, shown on their pages; a report's comparison with the
    previous year's report (yoy) is one of its own files.

    Returns the reports whose files were all made, and the errors of the others: a report
    that fails here is left out of every page (and of the others' related reports), so
    nothing links to a page that does not exist.
    """
    parts = parts or {}
    files = files or {}
    errors: list[GeneratorError] = []
    while True:
        related = relate(reports)
        years = yoy.links_by_report(yoy.year_pairs(reports))
        known = reuse_pages.refs(reports)
        made: dict[str, dict[str, str | bytes]] = {}
        failed: set[str] = set()
        for report in reports:
            report.related = related.get(report.id, [])
            stage = "rendering"
            try:
                page_parts = parts.get(report.id) or render_parts(report)
                links = years.get(report.id, [])
                extra = reuse_pages.report_section(report, reuse, links, known)
                page = assemble(report, page_parts, extra)
                own: dict[str, str | bytes] = {
                    report.page_path: page,
                    # Read by generator.mdx when the page is rendered (never published).
                    f"reports/{report.id}{ANNOTATIONS_SUFFIX}": page_parts.annotations,
                    # The report's Markdown as a download (a .md would be a page).
                    f"reports/{report.id}{MARKDOWN_DOWNLOAD_SUFFIX}": page_parts.markdown(),
                }
                if has_original_view(report):
                    own[f"reports/{report.id}.original.md"] = render_original(report)
                stage = "comparing"
                for link in links:
                    if link.direction == "上一年":  # the newer report's file
                        own[link.path] = yoy.compare_page(yoy.YearPair(link.other, report))
                stage = "citing"
                # Made in the worker (the received file too: slim() dropped its bytes); the
                # citations again when they must carry the site's address.
                own.update(files.get(report.id) or report_files(report))
                if site_url:
                    own.update(report_files(report, site_url))
            except Exception as exc:  # the report's error, see located()
                errors.append(located(report.source.path, stage, exc))
                failed.add(report.id)
                continue
            made[report.id] = own
        if not failed:
            break
        # Related reports were chosen among all: choose again among those left.
        reports = [r for r in reports if r.id not in failed]
    for report in reports:
        for path, content in made[report.id].items():
            pages_out.add(path, content)
    downloads = {r.id: made[r.id][f"reports/{r.id}{MARKDOWN_DOWNLOAD_SUFFIX}"] for r in reports}
    pages_out.add(MARKDOWN_ARCHIVE, markdown_archive(downloads))
    return reports, errors


def render_all(
    reports: list[Report],
    pages_out: OutputTree,
    snippets_out: OutputTree,
    index: dict[str, ReportIndex] | None = None,
    jobs: int | None = None,
    search: bool = True,
    failures: list[GeneratorError] | None = None,
    reuse: ReuseIndex | None = None,
) -> None:
    """Queue every file made from the whole collection: browse pages, snippets, data.

    ``failures``: the reports that could not be converted, listed on the editors' page and
    counted on the home page. ``reuse``: the text shared between reports (the reuse page
    and the home page's line; without it the reuse page says it was not computed).
    """
    failures = failures or []
    if reuse is None:
        reuse = find_reuse(reports)
    # The bulk data files take a third of this function's time in one process; a forked
    # child makes them on the other core while the pages are rendered here.
    data = _Child(exports.data_files, reports, reuse) if len(reports) >= EXPORTS_CHILD_MIN else None
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
    for path, text in reuse_pages.reuse_pages(reports, reuse, yoy.year_pairs(reports)).items():
        pages_out.add(path, text)
    snippets_out.add("overview.md", pages.overview_snippet(reports, failures, reuse))
    if search:
        write_search(reports, index or {}, pages_out.add, jobs)
    for path, content in (data.result() if data else exports.data_files(reports, reuse)).items():
        pages_out.add(path, content)


#: Fewer reports than this make their data files in the converter's own process: forking
#: costs more than the files take.
EXPORTS_CHILD_MIN = 200


class _Child:
    """``fn(*args)`` computed in a forked process, which inherits the arguments instead of
    receiving them pickled; :meth:`result` returns its value or raises its exception."""

    def __init__(self, fn: Callable, *args) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_in_child, args=(send, fn, args), daemon=True)
        self._process.start()
        send.close()  # the child's end: the parent sees EOF if the child dies

    def result(self):
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(
                f"the process making the data files ended ({self._process.exitcode}) "
                "without a result"
            ) from None
        finally:
            self._receive.close()
        self._process.join()
        if not ok:
            raise value
        return value


def _run_in_child(send, fn: Callable, args: tuple) -> None:
    try:
        value = (True, fn(*args))
    except BaseException as exc:  # handed to the parent, which raises it
        value = (False, exc)
    try:
        send.send(value)
    except Exception as exc:  # the exception itself cannot be pickled: send its text
        send.send((False, RuntimeError("".join(traceback.format_exception(exc)))))
    finally:
        send.close()


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
    strict: bool = False,
    site_url: str = "",
    docs: Path | None = None,
) -> BuildResult:
    """Gather, then render, then write.

    ``docs``: the hand-written pages, joined to the generated ones in ``out`` so that ``out``
    is the whole docs tree MkDocs publishes (:mod:`generator.docs_tree`).

    One build of ``out`` at a time (:mod:`generator.lock`; a second one waits). The output
    folders are replaced as a whole, together (:meth:`OutputTree.commit_all`). With
    ``strict``, a seeds folder that gives no report at all is an error and the output is
    left as it was; otherwise it is a warning.

    ``defer_search``: write everything but the search index, and leave the index's files as
    they are; ``result.write_search()`` then writes it (the preview shows an edited page
    first and updates the index after). Returns the files that changed or went away.
    """
    if docs is not None and not docs.is_dir():
        raise ConfigError(f"{docs}: no folder of hand-written pages to publish with the reports")
    for folder in (out, snippets):
        if folder.name in ("", ".", "..") or (folder.exists() and not folder.is_dir()):
            # The folder is replaced as a whole, by renaming: it needs a name of its own.
            raise ConfigError(f"{folder}: not a folder the converter can own and replace")
    with exclusive(out):
        recover(journal_path(out))
        discard_staging(OutputTree(out, scope=SEARCH_FOLDER).staged)
        result = gather(seeds, cache=cache, jobs=jobs, progress=progress)
        if not result.reports:
            what = "converted" if result.found else "found"
            if strict:
                left = f"{out} and {snippets} were left as they were"
                result.errors.append(SourceError(seeds, f"no report {what}; {left}"))
                return result
            result.warnings.append(f"{seeds}: no report {what}; the archive is empty")
        _render_and_write(result, out, snippets, jobs, defer_search, site_url, docs)
    if defer_search:
        result.write_search = lambda: _write_search_tree(result, out, jobs)
    return result


def _render_and_write(
    result: BuildResult,
    out: Path,
    snippets: Path,
    jobs: int | None,
    defer_search: bool,
    site_url: str,
    docs: Path | None = None,
) -> None:
    # The reports live until the end: the collector need not scan their millions of objects
    # again while the pages are made.
    gc.freeze()
    pages_out = OutputTree(out, preserve=(SEARCH_FOLDER,) if defer_search else ())
    snippets_out = OutputTree(snippets)
    try:
        # Before the report pages, which show each report's shared paragraphs; found again
        # among the reports left if a page failed, for the collection pages and the data.
        result.reuse = find_reuse(result.reports)
        result.reports, errors = report_pages(
            result.reports, pages_out, result.parts, result.files, site_url, result.reuse
        )
        result.errors.extend(errors)
        if errors:
            result.reuse = find_reuse(result.reports)
        render_all(
            result.reports,
            pages_out,
            snippets_out,
            result.index,
            jobs,
            search=not defer_search,
            failures=result.not_converted(),
            reuse=result.reuse,
        )
        if docs is not None:
            join_docs(docs, pages_out, snippets_out)
    except BaseException:
        # Files are staged as they are made: a build that stops before its commit takes
        # them away (the published output stays as it was).
        for tree in (pages_out, snippets_out):
            tree.discard()
        gc.unfreeze()
        raise
    try:
        # A failure while staging discards both trees; one while swapping is the journal's
        # to finish (generator.publish), so nothing is discarded here.
        result.written = OutputTree.commit_all([pages_out, snippets_out])
    finally:
        gc.unfreeze()  # a preview process builds again; its old reports must stay collectable


def _write_search_tree(result: BuildResult, out: Path, jobs: int | None) -> list[Path]:
    with exclusive(out):
        tree = OutputTree(out, scope=SEARCH_FOLDER)
        write_search(result.reports, result.index, tree.add, jobs)
        tree.commit()
    return tree.changed + tree.removed
