"""MkDocs hooks: re-convert while previewing; publish generated pages kept apart.

The converter assembles one docs tree (build/docs: the hand-written pages of docs/ joined to
the generated ones), which mkdocs.yml publishes as its docs_dir: a plain build needs nothing
from this hook. Under ``mkdocs serve`` the hook re-runs the converter before every rebuild and
watches the seeds folder, so editing a report (or a page of docs/) shows up in the preview.
A configuration whose docs_dir is the hand-written folder itself still works: the hook then
adds the generated pages to the site's files.
"""

from __future__ import annotations

import html
import logging
import os
import re
import threading
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from generator.docs_tree import SNIPPET
from generator.escape import html_text

log = logging.getLogger("mkdocs.hooks.archive")
_state: dict = {"command": None, "dirty": False, "built": False, "pending": None, "search": None}
# Kept in step with generator.render (not imported: a plain build should not load the converter).
HTML_BODY_MARKER = "<!-- archive:html -->"
ANNOTATIONS_SUFFIX = ".annotations.json"  # generator.render.ANNOTATIONS_SUFFIX
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"')
_CONTINUATION = re.compile(r"-\d+\.md$")
_ID = re.compile(r' id="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")


def _paths(config) -> tuple[Path, Path, Path]:
    """Generated pages, snippets and seeds; ``ARCHIVE_BUILD_DIR`` (or ``ARCHIVE_DOCS_DIR``,
    the assembled tree in it) and ``ARCHIVE_SEEDS`` override."""
    root = Path(config.config_file_path).resolve().parent
    settings = config.extra.get("archive", {})
    docs = os.environ.get("ARCHIVE_DOCS_DIR")
    build_dir = Path(
        os.environ.get("ARCHIVE_BUILD_DIR")
        or (Path(docs).parent if docs else root / settings.get("build_dir", "build"))
    )
    seeds = Path(os.environ.get("ARCHIVE_SEEDS") or root / settings.get("seeds_dir", "seeds"))
    return build_dir / "docs", build_dir / "snippets", seeds


def _hand_written(config) -> Path:
    """The folder of hand-written pages the converter joins to the generated ones."""
    root = Path(config.config_file_path).resolve().parent
    return root / config.extra.get("archive", {}).get("docs_source", "docs")


def _assembled(config, generated: Path) -> bool:
    """Whether the site publishes the converter's assembled tree (nothing to add)."""
    return Path(config.docs_dir).resolve() == generated.resolve()


def on_config(config):
    generated, snippets, _ = _paths(config)
    # Hand-written pages include generated snippets (the home page's overview).
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(snippets)]
    # Report pages' annotations are read from the generated reports (ARCHIVE_BUILD_DIR's,
    # when that is set; without the hook, mkdocs.yml points generator.mdx at its docs_dir).
    if "generator.mdx" in config.markdown_extensions:
        config.mdx_configs.setdefault("generator.mdx", {})["annotations_dir"] = str(
            generated / "reports"
        )
    return config


def on_startup(command, dirty):
    _state["command"] = command
    _state["dirty"] = dirty


def on_pre_build(config):
    generated, snippets, seeds = _paths(config)
    if _state["command"] == "serve":
        # Imported here: a plain `mkdocs build` should not pay for the converter's imports.
        from generator.build import build

        _wait_for_search()
        # The cache makes a rebuild convert only the files that changed. After the first
        # build, the search index (every file of it changes with any report) is written after
        # the pages, so an edited page shows without waiting for it (on_post_build).
        started = time.perf_counter()
        result = build(
            seeds,
            generated,
            snippets,
            cache=generated.parent / "cache",
            defer_search=_state["built"],
            # The preview's own address (MkDocs sets site_url to it under serve).
            site_url=config.site_url or "",
            docs=_hand_written(config) if _assembled(config, generated) else None,
        )
        _state["built"] = True
        _state["pending"] = result.write_search
        log.info(
            "converter: %d reports in %.1f s", len(result.reports), time.perf_counter() - started
        )
        # A report that fails to convert is a warning in the preview's log (`make serve` is not
        # strict, so the preview goes on); converter warnings are only informational.
        for error in result.errors:
            log.warning("converter: %s", error)
        for warning in result.warnings:
            log.info("converter: %s", warning)
    elif (generated.parent / f".{generated.name}.journal").exists():
        # A conversion killed between swapping the pages and the snippets: finish it first.
        from generator.lock import exclusive
        from generator.publish import journal_path, recover

        with exclusive(generated):
            recover(journal_path(generated))
    if not generated.is_dir():
        raise PluginError(
            f"no generated pages in {generated}: "
            "run `python -m generator build` (or `make site`) first"
        )


def on_post_build(config):
    job, _state["pending"] = _state["pending"], None
    if job is None:
        return
    generated, _, _ = _paths(config)
    thread = threading.Thread(
        target=_update_search, args=(job, generated, Path(config.site_dir)), daemon=True
    )
    _state["search"] = thread
    thread.start()


def _update_search(job, generated: Path, site: Path) -> None:
    """Write the search index, then put what changed into the site being served. A page open
    meanwhile keeps the index it has; one that mixes files notices the version and reloads."""
    from generator.writer import write_atomic

    started = time.perf_counter()
    changed = job()
    for path in changed:
        target = site / path.relative_to(generated)
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, path.read_bytes())
        else:
            target.unlink(missing_ok=True)
    log.info(
        "search index: %d files updated in %.1f s", len(changed), time.perf_counter() - started
    )


def _wait_for_search() -> None:
    thread = _state["search"]
    if thread is not None:
        thread.join()
        _state["search"] = None


def on_shutdown():
    _wait_for_search()


def on_serve(server, config, builder):
    generated, _, seeds = _paths(config)
    server.watch(str(seeds))
    if _assembled(config, generated):
        server.watch(str(_hand_written(config)))
    return server


def on_files(files: Files, config) -> Files:
    generated, _, _ = _paths(config)
    if _assembled(config, generated):
        return files  # the converter's tree holds every page already
    for path in sorted(p for p in generated.rglob("*") if p.is_file()):
        relative = path.relative_to(generated).as_posix()
        if relative.endswith(ANNOTATIONS_SUFFIX):
            continue  # read by generator.mdx while rendering, not published
        if files.get_file_from_path(relative) is not None:
            raise PluginError(
                f"generated {relative} would replace the hand-written docs/{relative}; rename one"
            )
        # Reports and single indicators are reached from browse and overview pages.
        is_report = (
            relative.startswith(("reports/", "places/", "editors/"))
            or (
                relative.startswith(("indicators/", "topics/", "laws/"))
                and not relative.endswith("index.md")
            )
            # Pages after the first of a listing are reached from its pager.
            or _CONTINUATION.search(relative) is not None
        )
        files.append(
            File(
                relative,
                src_dir=str(generated),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
                # Report pages are reached from the browse pages, not from the navigation.
                inclusion=InclusionLevel.NOT_IN_NAV if is_report else InclusionLevel.UNDEFINED,
            )
        )
    if _state["dirty"]:
        _rebuild_with_snippets(files, config)
    return files


def _rebuild_with_snippets(files: Files, config) -> None:
    """With ``--dirty`` MkDocs rebuilds a page only when its own file is newer than its
    output; a hand-written page that includes a generated snippet (the home page's overview)
    must also be rebuilt when the snippet is. Each such page is told so."""
    _, snippets, _ = _paths(config)
    for file in files.documentation_pages():
        if file.src_dir != config.docs_dir or file.abs_src_path is None:
            continue  # generated pages include nothing
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        included = [snippets / m["name"] for m in SNIPPET.finditer(text) if not m["escape"]]
        if included:
            file.is_modified = _modified_with(file, included)


def _modified_with(file: File, included: list[Path]):
    own = file.is_modified

    def is_modified() -> bool:
        if own() or not os.path.isfile(file.abs_dest_path):
            return True
        built = os.path.getmtime(file.abs_dest_path)
        return any(path.is_file() and path.stat().st_mtime > built for path in included)

    return is_modified


def on_page_markdown(markdown: str, page, config, files) -> str:
    # Generated pages that are finished HTML (listings, the side-by-side original; report
    # pages are Markdown): Python-Markdown would only pass them through, at about 40 ms a
    # page. Keep the body aside and give Markdown nothing to do.
    if markdown.startswith(HTML_BODY_MARKER):
        page.archive_html = markdown[len(HTML_BODY_MARKER) :]
        return ""
    return markdown


def on_page_content(content: str, page, config, files) -> str:
    body = getattr(page, "archive_html", None)
    if body is None:
        return content
    del page.archive_html
    page.toc = get_toc(_toc_tokens(body))
    # MkDocs checks links into this page against the ids Markdown would have collected.
    page.present_anchor_ids = set(_ID.findall(body))
    return body


def _toc_tokens(body: str) -> list[dict]:
    """The toc extension's tokens, from the headings the converter wrote (h2 and below)."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, inner in _HEADING.findall(body):
        token = {
            "level": int(level),
            "id": anchor,
            "name": html_text(html.unescape(_TAG.sub("", inner))),
            "children": [],
        }
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.S)
_INDENT = re.compile(r"\n\s+")


def on_post_page(output: str, page, config) -> str:
    # The theme's templates indent every line: about 6 KB of spaces per page, a tenth of a
    # report page. A newline and its indentation collapse to the newline (HTML renders any
    # run of white space as one space), except inside <pre>, where spaces are content.
    pieces = _PRE.split(output)
    return "".join(p if i % 2 else _INDENT.sub("\n", p) for i, p in enumerate(pieces))
