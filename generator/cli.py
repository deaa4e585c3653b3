"""Command line: a thin layer over :mod:`generator.build`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import __version__
from .build import BuildResult, build, gather
from .exceptions import GeneratorError
from .render import dump_front_matter

log = logging.getLogger("generator")


def _report(result: BuildResult, strict: bool) -> None:
    for warning in result.warnings:
        click.echo(f"WARNING: {warning}", err=True)
    for error in result.errors:
        click.echo(f"ERROR: {error}", err=True)
    # Skipped entries of level error and warning are among the lines above.
    for entry in result.skipped:
        if entry.level == "notice":
            click.echo(f"NOTICE: {entry}", err=True)
    skipped = f"; {len(result.skipped)} entries of the seeds folder skipped (named above)"
    click.echo(
        f"{len(result.reports)} reports converted, {len(result.errors)} errors, "
        f"{len(result.warnings)} warnings{skipped if result.skipped else ''}",
        err=True,
    )
    if result.failed(strict):
        raise click.ClickException("--strict: conversion failed on the errors and warnings above")


class _EchoHandler(logging.Handler):
    """The converter's log (a discarded cache entry, waiting for another build) on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname}: {record.getMessage()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__)
def main() -> None:
    """Convert raw rule-of-law reports into the archive's Markdown pages and data."""
    if not any(isinstance(h, _EchoHandler) for h in log.handlers):
        log.addHandler(_EchoHandler(logging.INFO))
        log.setLevel(logging.INFO)


def _folder(name: str, default: str, help_text: str):
    return click.option(
        name,
        type=click.Path(path_type=Path),
        default=Path(default),
        show_default=True,
        help=help_text,
    )


#: The hand-written pages, as the project lays them out (mkdocs.yml publishes build/docs).
DEFAULT_DOCS = Path("docs")
seeds_option = _folder("--seeds", "seeds", "Folder of raw reports (and their .yml sidecars).")
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for converting [default: one per CPU].",
)
strict_option = click.option(
    "--strict", is_flag=True, help="Exit 1 on any error or warning, after trying every report."
)


@main.command("build")
@seeds_option
@_folder("--out", "build/docs", "Folder for generated pages and data; owned by the converter.")
@_folder("--snippets", "build/snippets", "Folder for snippets included by hand-written pages.")
@click.option(
    "--docs",
    type=click.Path(path_type=Path),
    default=None,
    help="Hand-written pages, joined to the generated ones in OUT: the docs tree MkDocs "
    "publishes [default: ./docs when it exists].",
)
@strict_option
@click.option(
    "--cache",
    type=click.Path(path_type=Path),
    default=Path("build/cache"),
    show_default=True,
    help="Folder of converted reports, reused while a file, its sidecar and the converter "
    "are unchanged.",
)
@click.option("--no-cache", is_flag=True, help="Convert every report again; touch no cache.")
@click.option(
    "--site-url",
    envvar="SITE_URL",
    default="",
    help="The published site's address (as mkdocs.yml's site_url, from SITE_URL): the "
    "BibTeX and CSL-JSON downloads then carry absolute URLs [default: site-relative].",
)
@jobs_option
def build_command(
    seeds: Path,
    out: Path,
    snippets: Path,
    docs: Path | None,
    strict: bool,
    cache: Path,
    no_cache: bool,
    site_url: str,
    jobs: int,
) -> None:
    """Convert every report in SEEDS into pages under OUT.

    Errors name the file (and line); one bad report never stops the others, the rest are
    written. With --strict the exit status is 1 when any report failed or warned.

    Example:

        python -m generator build --seeds seeds --out build/docs --strict
    """
    if docs is None and DEFAULT_DOCS.is_dir():
        docs = DEFAULT_DOCS
    try:
        result = build(
            seeds,
            out,
            snippets,
            cache=None if no_cache else cache,
            jobs=jobs,
            progress=True,
            strict=strict,
            site_url=site_url,
            docs=docs,
        )
    except GeneratorError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        # Per-report problems are the reports' errors; what reaches here is the output's
        # (a read-only folder, a full disk), and nothing was published.
        where = f"{exc.filename}: " if exc.filename else ""
        raise click.ClickException(
            f"cannot write the output: {where}{exc.strerror or exc}; {out} left as it was"
        ) from exc
    _report(result, strict)


@main.command("check")
@seeds_option
@strict_option
@jobs_option
@click.option("--show", "show", is_flag=True, help="Print each report's front matter.")
def check_command(seeds: Path, strict: bool, show: bool, jobs: int) -> None:
    """Convert without writing anything: report errors and warnings, optionally the metadata.

    Example:

        python -m generator check --seeds seeds --show
    """
    try:
        result = gather(seeds, jobs=jobs, progress=True)
    except GeneratorError as exc:
        raise click.ClickException(str(exc)) from exc
    if show:
        for report in result.reports:
            click.echo(f"# {report.source.path}")
            click.echo(dump_front_matter(report.front_matter()))
    _report(result, strict)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
