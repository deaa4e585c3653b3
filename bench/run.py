"""Scale benchmark: the archive's full build against stock MkDocs Material, at N reports.

For each N, in one run: generate a synthetic corpus (:mod:`bench.corpus`) into a temporary
folder; build the archive exactly as ``make site`` does (converter, then ``mkdocs build
--strict``) into temporary folders; and, for N up to ``--baseline-max``, build the naive
baseline (the same reports as plain Markdown pages in stock Material with its built-in
search). Prints the measurements as Markdown and writes them into bench/README.md between
its results markers. A benchmark, not a test: nothing fails on a timing.

    python -m bench.run --sizes 100 1000 10000 --baseline-max 1000 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import corpus

ROOT = Path(__file__).resolve().parent.parent
README = Path(__file__).with_name("README.md")
START, END = "<!-- results:start -->", "<!-- results:end -->"
#: What readers type most; each runs against a cold cache, as a first visit would.
QUERIES = ("调解", "社区矫正", "民法典", "矛盾纠纷化解")
#: The page and script a reader loads to search the archive, on top of the index files.
ARCHIVE_SEARCH_PAGES = ("search.html", "javascripts/archive-search.js")
#: What Material's search worker loads for ``lang: zh`` besides search_index.json.
BASELINE_SEARCH_GLOBS = (
    "assets/javascripts/workers/search.*.min.js",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    "assets/javascripts/lunr/min/lunr.zh.min.js",
)
_SUMMARY = re.compile(r"(\d+) reports converted, (\d+) errors, (\d+) warnings")
# Material 9.8 prints an end-of-life notice on every build (see the Makefile).
_ENV = {"NO_MKDOCS_2_WARNING": "1"}
#: Runs mkdocs with ``import jieba`` failing, as in a venv without it (``--baseline-jieba off``).
_NO_JIEBA = (
    "import sys; sys.modules['jieba'] = None; "
    "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()"
)


# --- running commands ---------------------------------------------------------------------


@dataclass
class Step:
    """One subprocess: wall time, its own peak RSS, exit status, and where its output went."""

    command: str
    seconds: float
    rss_mb: float
    returncode: int | None
    timed_out: bool = False
    log: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def run_step(
    command: list[str], *, cwd: Path, env: dict[str, str], log: Path, timeout: float | None
) -> Step:
    """Run ``command``; peak RSS comes from ``wait4`` of this child alone, not the harness."""
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if timeout is not None and time.perf_counter() - start > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    # Popen must not wait for a child that wait4 already reaped.
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Step(
        " ".join(command[:4]),
        seconds,
        usage.ru_maxrss / 1024,  # Linux reports KiB
        None if timed_out else proc.returncode,
        timed_out,
        str(log),
    )


def _env(**extra: str) -> dict[str, str]:
    if "ARCHIVE_BUILD_DIR" in extra:  # mkdocs.yml publishes the tree assembled in it
        extra = {"ARCHIVE_DOCS_DIR": str(Path(extra["ARCHIVE_BUILD_DIR"]) / "docs"), **extra}
    return {**os.environ, **_ENV, **extra}


def _tail(path: str | Path, lines: int = 5) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


# --- measuring a site ---------------------------------------------------------------------


def _gzip_size(path: Path) -> int:
    # Level 6 is what web servers (nginx, GitHub Pages) use by default.
    return len(gzip.compress(path.read_bytes(), 6))


def site_stats(site: Path, pages: list[Path], reports: int) -> dict[str, Any]:
    """Total bytes and files, the biggest top-level folders, and the report pages' sizes."""
    total = files = 0
    by_top: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            top = path.relative_to(site).parts[0]
            by_top[top] = by_top.get(top, 0) + size
    sample = pages[:: max(1, len(pages) // 200)]
    return {
        "bytes": total,
        "files": files,
        "bytes_per_report": total / reports if reports else 0,
        "report_pages": len(pages),
        "report_page_bytes": sum(p.stat().st_size for p in pages) / len(pages) if pages else 0,
        "report_page_gzip": sum(map(_gzip_size, sample)) / len(sample) if sample else 0,
        "largest": dict(sorted(by_top.items(), key=lambda kv: -kv[1])[:6]),
    }


def archive_search(site: Path) -> dict[str, dict[str, Any]]:
    """Per query: the files a cold browser fetches for the first page of results, gzipped."""
    from generator.search import IndexReader

    sizes: dict[str, int] = {}

    def size(relative: str) -> int:
        if relative not in sizes:
            sizes[relative] = _gzip_size(site / relative)
        return sizes[relative]

    out = {}
    for query in QUERIES:
        fetched: list[str] = []

        def fetch(relative: str, fetched: list[str] = fetched) -> bytes:
            fetched.append(relative)
            return (site / relative).read_bytes()

        result = IndexReader(fetch).search(query)
        index_files = list(dict.fromkeys(fetched))
        out[query] = {
            "results": result.total,
            "files": len(index_files) + len(ARCHIVE_SEARCH_PAGES),
            "blocks": sum(f.startswith("search/t/") for f in index_files),
            "index_gzip": sum(map(size, index_files)),
            "gzip": sum(map(size, [*index_files, *ARCHIVE_SEARCH_PAGES])),
        }
    return out


def baseline_search(site: Path) -> dict[str, Any]:
    """Material's search: the whole search_index.json plus the worker and its lunr scripts."""
    index = site / "search" / "search_index.json"
    scripts = [p for pattern in BASELINE_SEARCH_GLOBS for p in site.glob(pattern)]
    return {
        "index_bytes": index.stat().st_size,
        "index_gzip": _gzip_size(index),
        "gzip": _gzip_size(index) + sum(map(_gzip_size, scripts)),
        "files": 1 + len(scripts),
    }


# --- the two builds -----------------------------------------------------------------------


def build_archive(seeds: Path, work: Path, time_limit: float | None) -> dict[str, Any]:
    """Converter and ``mkdocs build --strict``, as ``make site`` runs them."""
    build_dir, site = work / "build", work / "site"
    work.mkdir(parents=True, exist_ok=True)
    env = _env(ARCHIVE_BUILD_DIR=str(build_dir), ARCHIVE_SEEDS=str(seeds))
    converter = run_step(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--seeds",
            str(seeds),
            "--out",
            str(build_dir / "docs"),
            "--snippets",
            str(build_dir / "snippets"),
            # A cache in the fresh work folder: the timed build is a cold one.
            "--cache",
            str(build_dir / "cache"),
            "--strict",
        ],
        cwd=ROOT,
        env=env,
        log=work / "converter.log",
        timeout=time_limit,
    )
    out: dict[str, Any] = {"converter": asdict(converter), "site": str(site)}
    summary = _SUMMARY.search(Path(converter.log).read_text(encoding="utf-8", errors="replace"))
    if summary:
        out["converted"], out["errors"], out["warnings"] = map(int, summary.groups())
    # --strict exits 1 on a warning but still writes every page, so the site is built anyway.
    if converter.timed_out or not (build_dir / "docs").is_dir():
        out["failed"] = "converter: " + (
            f"did not finish within {time_limit:.0f} s" if converter.timed_out else "no output"
        )
        return out
    left = None if time_limit is None else max(1.0, time_limit - converter.seconds)
    mkdocs = run_step(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        log=work / "mkdocs.log",
        timeout=left,
    )
    out["mkdocs"] = asdict(mkdocs)
    if not mkdocs.ok:
        out["failed"] = "mkdocs: " + (
            f"did not finish within the {time_limit:.0f} s limit"
            if mkdocs.timed_out
            else f"exit {mkdocs.returncode}: {_tail(mkdocs.log, 3)}"
        )
    return out


def baseline_docs(seeds: Path, work: Path) -> Path:
    """The reports as plain Markdown: first line as the title, every other line a paragraph."""
    docs = work / "docs"
    (docs / "reports").mkdir(parents=True)
    (docs / "index.md").write_text("# 报告\n\n全部报告见左侧导航。\n", encoding="utf-8")
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = "\n\n".join([f"# {lines[0]}", *lines[1:]])
        (docs / "reports" / f"{path.stem}.md").write_text(body + "\n", encoding="utf-8")
    # No nav: Material lists every page in the navigation, the default.
    (work / "mkdocs.yml").write_text(
        "site_name: 基线\n"
        "theme:\n  name: material\n  language: zh\n"
        "plugins:\n  - search:\n      lang: zh\n",
        encoding="utf-8",
    )
    return work / "mkdocs.yml"


def build_baseline(seeds: Path, work: Path, jieba: str) -> dict[str, Any]:
    start = time.perf_counter()
    baseline_docs(seeds, work)
    prepare = time.perf_counter() - start
    launcher = ["-c", _NO_JIEBA] if jieba == "off" else ["-m", "mkdocs"]
    step = run_step(
        [sys.executable, *launcher, "build", "--strict", "--site-dir", str(work / "site")],
        cwd=work,
        env=_env(),
        log=work / "mkdocs.log",
        timeout=None,
    )
    out = {"prepare_seconds": prepare, "mkdocs": asdict(step), "site": str(work / "site")}
    if not step.ok:
        out["failed"] = f"mkdocs exit {step.returncode}: {_tail(step.log, 3)}"
    return out


# --- preview and stage profiles -----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(log: Path, text: str, count: int, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if log.read_text(encoding="utf-8", errors="replace").count(text) >= count:
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def preview_rebuild(seeds: Path, work: Path, timeout: float = 900) -> dict[str, Any]:
    """``make serve``: start ``mkdocs serve`` (``--dirty --no-strict``, as the Makefile does),
    edit one report, time until the preview reloads.

    Timed from the write to mkdocs' "Reloading browsers" line, so it includes the watcher's
    delay, the hook's re-conversion of every seed and the full rebuild.
    """
    work.mkdir(parents=True, exist_ok=True)
    env = _env(ARCHIVE_BUILD_DIR=str(work / "build"), ARCHIVE_SEEDS=str(seeds))
    log = work / "serve.log"
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "--no-strict",
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "--livereload"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        if not _wait_for(log, "Serving on", 1, proc, timeout):
            return {"failed": f"serve did not start: {_tail(log, 3)}"}
        first = time.perf_counter() - start
        time.sleep(1.0)  # let the file watcher settle before the edit
        target = next(p for p in sorted(seeds.glob("*.txt")) if _is_utf8(p))
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("。", "。本段数据为年度统计口径。", 1), encoding="utf-8")
        edited = time.perf_counter()
        if not _wait_for(log, "Reloading browsers", 1, proc, timeout):
            return {"initial_seconds": first, "failed": f"no reload: {_tail(log, 3)}"}
        return {"initial_seconds": first, "rebuild_seconds": time.perf_counter() - edited}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def profile_stages(seeds: Path, work: Path) -> dict[str, Any]:
    """The converter and mkdocs again, through :mod:`bench.stages`, for the time split."""
    build_dir = work / "build"
    env = _env(ARCHIVE_BUILD_DIR=str(build_dir), ARCHIVE_SEEDS=str(seeds))
    out: dict[str, Any] = {}
    for name, args in (
        (
            "converter",
            [
                "convert",
                "--seeds",
                str(seeds),
                "--out",
                str(build_dir / "docs"),
                "--snippets",
                str(build_dir / "snippets"),
            ],
        ),
        ("mkdocs", ["mkdocs", "--site-dir", str(work / "site")]),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "bench.stages", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            out[name] = {"failed": done.stderr.strip().splitlines()[-1:] or ["?"]}
        else:
            out[name] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


# --- one size -----------------------------------------------------------------------------


def corpus_stats(paths: list[Path]) -> dict[str, Any]:
    han = size = 0
    encodings: dict[str, int] = {}
    for path in paths:
        raw = path.read_bytes()
        size += len(raw)
        encoding = "utf-8" if _decodes(raw, "utf-8") else "gb18030"
        encodings[encoding] = encodings.get(encoding, 0) + 1
        han += corpus.han_count(raw.decode(encoding))
    return {"reports": len(paths), "bytes": size, "han": han, "encodings": encodings}


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def measure(n: int, args: argparse.Namespace) -> dict[str, Any]:
    row: dict[str, Any] = {"n": n}
    tmp = Path(tempfile.mkdtemp(prefix=f"archive-bench-{n}-", dir=args.workdir))
    row["workdir"] = str(tmp)
    try:
        seeds = tmp / "seeds"
        start = time.perf_counter()
        paths = corpus.generate(seeds, n, args.seed, tuple(args.chars))
        row["corpus"] = {**corpus_stats(paths), "seconds": time.perf_counter() - start}
        _say(n, f"corpus: {row['corpus']['han']:,} Han characters, {len(paths)} files")

        archive = build_archive(seeds, tmp / "archive", args.time_limit)
        row["archive"] = archive
        if "failed" not in archive:
            row["reuse"] = measure_reuse(seeds, tmp / "archive")
            _say(n, f"reuse: {row['reuse']}")
        if "failed" not in archive:
            site = Path(archive["site"])
            pages = [p for p in (site / "reports").glob("*.html") if ".original." not in p.name]
            archive["stats"] = site_stats(site, pages, n)
            archive["search"] = archive_search(site)
        _say(n, f"archive: {_archive_line(archive)}")

        if n <= args.baseline_max:
            baseline = build_baseline(seeds, tmp / "baseline", args.baseline_jieba)
            row["baseline"] = baseline
            if "failed" not in baseline:
                site = Path(baseline["site"])
                pages = sorted((site / "reports").glob("*/index.html"))
                baseline["stats"] = site_stats(site, pages, n)
                baseline["search"] = baseline_search(site)
            _say(n, f"baseline: {baseline['mkdocs']['seconds']:.1f} s")
            shutil.rmtree(tmp / "baseline", ignore_errors=True)

        # The archive's own site is no longer needed; large N would hold two copies otherwise.
        shutil.rmtree(tmp / "archive" / "site", ignore_errors=True)
        if n <= args.preview_max and "failed" not in archive:
            row["preview"] = preview_rebuild(seeds, tmp / "preview")
            _say(n, f"preview: {row['preview']}")
            shutil.rmtree(tmp / "preview", ignore_errors=True)
        if n <= args.profile_max and "failed" not in archive:
            row["profile"] = profile_stages(seeds, tmp / "profile")
            _say(n, "stage profile done")
    finally:
        if args.keep:
            _say(n, f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return row


def measure_reuse(seeds: Path, work: Path) -> dict[str, Any]:
    """The reuse stage alone (:mod:`bench.reuse`), on the reports the build converted (read
    from its cache), in a process of its own: time, memory added, precision and recall."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.reuse",
            "--seeds",
            str(seeds),
            "--cache",
            str(work / "build" / "cache"),
            "--record",
            str(corpus.reuse_record_path(seeds)),
        ],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        return {"failed": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _say(n: int, text: str) -> None:
    print(f"[N={n}] {text}", file=sys.stderr, flush=True)


def _archive_line(archive: dict[str, Any]) -> str:
    parts = [f"converter {archive['converter']['seconds']:.1f} s"]
    if "mkdocs" in archive:
        parts.append(f"mkdocs {archive['mkdocs']['seconds']:.1f} s")
    if "failed" in archive:
        parts.append(f"FAILED ({archive['failed']})")
    return ", ".join(parts)


# --- reporting ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    memory = "?"
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "mkdocs": metadata.version("mkdocs"),
        "material": metadata.version("mkdocs-material"),
        "jieba": _jieba(),
    }


def _jieba() -> str:
    if importlib.util.find_spec("jieba") is None:
        return "not installed"
    return f"installed ({metadata.version('jieba')})"


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:,.1f}"


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e3:,.1f}"


def _get(row: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(row, dict) or key not in row:
            return None
        row = row[key]
    return row


def _archive_seconds(row: dict[str, Any]) -> float | None:
    converter, mkdocs = _get(row, "archive", "converter"), _get(row, "archive", "mkdocs")
    if not converter or not mkdocs or "failed" in row["archive"]:
        return None
    return converter["seconds"] + mkdocs["seconds"]


def _first_search(row: dict[str, Any]) -> float | None:
    search = _get(row, "archive", "search")
    return max(q["gzip"] for q in search.values()) if search else None


def render(rows: list[dict[str, Any]], info: dict[str, str], settings: dict[str, Any]) -> str:
    """The results section: machine, the two tables, targets, per-query and per-stage detail."""
    chars = settings["chars"]
    out = [
        f"Measured {info['date']} with `python -m bench.run {' '.join(settings['argv'])}`",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, "
        f"Python {info['python']}, {info['platform']}",
        f"- MkDocs {info['mkdocs']}, Material {info['material']}; jieba {info['jieba']}; "
        f"baseline jieba mode: {settings['baseline_jieba']}",
        f"- Corpus: seed {settings['seed']}, {chars[0]:,}–{chars[1]:,} Han characters per report",
        "",
        "**Time and memory** (wall seconds; peak RSS of each process)",
        "",
        "| N | corpus (M Han chars) | converter s | mkdocs s | archive total s | baseline s "
        "| archive / baseline | converter RSS MB | mkdocs RSS MB | baseline RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        total, base = _archive_seconds(row), _get(row, "baseline", "mkdocs", "seconds")
        ratio = f"{total / base:.2f}" if total and base else "–"
        converter = _get(row, "archive", "converter") or {}
        mkdocs = _get(row, "archive", "mkdocs") or {}
        failed = _get(row, "archive", "failed")
        total_text = _s(total) if not failed else f"**did not finish**: {failed}"
        stopped = " (stopped)" if converter.get("timed_out") else ""
        out.append(
            f"| {row['n']:,} | {_get(row, 'corpus', 'han') / 1e6:.1f} "
            f"| {_s(converter.get('seconds'))}{stopped} "
            f"| {_s(mkdocs.get('seconds'))} | {total_text} | {_s(base)} | {ratio} "
            f"| {_s(converter.get('rss_mb'))} | {_s(mkdocs.get('rss_mb'))} "
            f"| {_s(_get(row, 'baseline', 'mkdocs', 'rss_mb'))} |"
        )
    out += [
        "",
        "**Size and search** (site bytes on disk; first search = gzipped bytes a cold browser "
        "fetches for the first page of results, worst of the queries for the archive)",
        "",
        "| N | archive site MB | files | site KB / report | report page KB (gzip) "
        "| first search KB | baseline site MB | baseline page KB (gzip) "
        "| baseline search KB (index raw MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        a, b = _get(row, "archive", "stats") or {}, _get(row, "baseline", "stats") or {}
        bs = _get(row, "baseline", "search") or {}
        out.append(
            f"| {row['n']:,} | {_mb(a.get('bytes'))} | {a.get('files', '–'):,} "
            f"| {_kb(a.get('bytes_per_report'))} "
            f"| {_kb(a.get('report_page_bytes'))} ({_kb(a.get('report_page_gzip'))}) "
            f"| {_kb(_first_search(row))} | {_mb(b.get('bytes'))} "
            f"| {_kb(b.get('report_page_bytes'))} ({_kb(b.get('report_page_gzip'))}) "
            f"| {_kb(bs.get('gzip'))} ({_mb(bs.get('index_bytes'))}) |"
            if a or b
            else f"| {row['n']:,} | – | – | – | – | – | – | – | – |"
        )
    out += ["", *_targets(rows), "", *_reuse(rows), "", *_details(rows)]
    return "\n".join(out)


def _reuse(rows: list[dict[str, Any]]) -> list[str]:
    """The reuse stage (issue 14): its time against the build's, memory, and what it found
    against the corpus' planted reuse."""
    out = [
        "**Text reuse** (`bench/reuse.py`: the stage alone on the converted reports; "
        "precision and recall of shared paragraph pairs against the planted record)",
        "",
        "| N | paragraphs compared | reuse s | share of build | RSS added MB | clusters "
        "| planted pairs | precision | recall | accidental clusters (paragraphs) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        reuse = row.get("reuse")
        if not reuse or "failed" in reuse:
            out.append(f"| {row['n']:,} | {reuse.get('failed', '–') if reuse else '–'} |")
            continue
        total = _archive_seconds(row)
        accuracy = reuse.get("accuracy", {})
        share = f"{reuse['seconds'] / total:.0%}" if total else "–"

        def ratio(key: str, accuracy: dict = accuracy) -> str:
            value = accuracy.get(key)
            return "–" if value is None else f"{value:.3f}"

        out.append(
            f"| {row['n']:,} | {reuse['paragraphs_compared']:,} | {reuse['seconds']:.1f} "
            f"| {share} | {reuse['rss_added_mb']:,.0f} | {reuse['clusters']:,} "
            f"| {accuracy.get('planted_pairs', '–'):,} | {ratio('precision')} "
            f"| {ratio('recall')} | {accuracy.get('accidental_clusters', 0):,} "
            f"({accuracy.get('accidental_paragraphs', 0):,}) |"
        )
    return out


def _row(rows: list[dict[str, Any]], n: int) -> dict[str, Any] | None:
    return next((r for r in rows if r["n"] == n), None)


def _targets(rows: list[dict[str, Any]]) -> list[str]:
    """The issue's targets against this run; informational, never a failure."""

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else "met" if ok else "**not met**"

    lines = [
        "**Targets** (from the issue; this run)",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    r1k, r10k = _row(rows, 1000), _row(rows, 10000)
    total = _archive_seconds(r1k) if r1k else None
    base = _get(r1k, "baseline", "mkdocs", "seconds") if r1k else None
    ratio = total / base if total and base else None
    lines.append(
        f"| N=1,000: archive ≤ 1/5 of the baseline's time | "
        f"{f'{total:.1f} s vs {base:.1f} s = {ratio:.2f}×' if ratio else '–'} "
        f"| {verdict(None if ratio is None else ratio <= 0.2)} |"
    )
    per_report = [
        (r["n"], r["archive"]["stats"]["bytes_per_report"])
        for r in rows
        if _get(r, "archive", "stats")
    ]
    worst = max((b for _, b in per_report), default=None)
    growth = ""
    if len(per_report) >= 2:
        (n1, b1), (n2, b2) = per_report[0], per_report[-1]
        exponent = math.log(b2 * n2 / (b1 * n1)) / math.log(n2 / n1)
        growth = f"; total grows as N^{exponent:.2f} from {n1:,} to {n2:,}"
    lines.append(
        "| ≤ 60 KB average site bytes per report, linear growth | "
        + ", ".join(f"{b / 1e3:.0f} KB at {n:,}" for n, b in per_report)
        + f"{growth} | {verdict(None if worst is None else worst <= 60e3)} |"
    )
    search = _first_search(r10k) if r10k else None
    lines.append(
        f"| first search results ≤ 200 KB gzipped at N=10,000 | {_kb(search)} KB "
        f"| {verdict(None if search is None else search <= 200e3)} |"
    )
    total10k = _archive_seconds(r10k) if r10k else None
    rss = None
    if r10k and total10k:
        rss = max(r10k["archive"]["converter"]["rss_mb"], r10k["archive"]["mkdocs"]["rss_mb"])
    failed = _get(r10k, "archive", "failed") if r10k else None
    measured = (
        f"{total10k:.0f} s, peak RSS {rss:,.0f} MB"
        if total10k
        else f"did not finish: {failed}"
        if failed
        else "–"
    )
    projected = [_projected(rows, name) for name in ("converter", "mkdocs")]
    if failed and all(projected):
        measured += (
            f" (stopped after {r10k['archive']['converter']['seconds']:.0f} s at "
            f"{r10k['archive']['converter']['rss_mb']:,.0f} MB; the stage growth below projects "
            f"converter ≈ {projected[0]:,.0f} s + mkdocs ≈ {projected[1]:,.0f} s)"
        )
    ok = None if not r10k else bool(total10k and total10k <= 300 and rss and rss <= 4096)
    lines.append(f"| N=10,000 in ≤ 5 min, peak RSS ≤ 4 GB | {measured} | {verdict(ok)} |")
    rebuild = _get(r1k, "preview", "rebuild_seconds") if r1k else None
    lines.append(
        f"| preview rebuild after editing one report of 1,000 ≤ 5 s | {_s(rebuild)} s "
        f"| {verdict(None if rebuild is None else rebuild <= 5)} |"
    )
    return lines


def _details(rows: list[dict[str, Any]]) -> list[str]:
    out = ["**Archive search, per query** (first page, cold cache: KB gzipped · files · blocks)"]
    out += ["", "| N | " + " | ".join(QUERIES) + " |", "|---:|" + "---:|" * len(QUERIES)]
    for row in rows:
        search = _get(row, "archive", "search")
        if search:
            cells = [
                f"{search[q]['gzip'] / 1e3:.1f} · {search[q]['files']} · {search[q]['blocks']}"
                for q in QUERIES
            ]
            out.append(f"| {row['n']:,} | " + " | ".join(cells) + " |")
    previews = [r for r in rows if "preview" in r]
    if previews:
        out += ["", "**Preview** (`mkdocs serve` with the hook; edit one report, wait for reload)"]
        out += ["", "| N | first build s | rebuild after one edit s |", "|---:|---:|---:|"]
        for row in previews:
            p = row["preview"]
            rebuild = _s(p.get("rebuild_seconds")) if "failed" not in p else p["failed"]
            out.append(f"| {row['n']:,} | {_s(p.get('initial_seconds'))} | {rebuild} |")
    for row in rows:
        profile = row.get("profile")
        if not profile:
            continue
        out += ["", f"**Where the time goes at N={row['n']:,}** (separate profiled pass)", ""]
        for name in ("converter", "mkdocs"):
            part = profile.get(name, {})
            if "stages" not in part:
                out.append(f"- {name}: profile failed {part.get('failed')}")
                continue
            stages = ", ".join(
                f"{stage} {v['seconds']:.1f}"
                for stage, v in part["stages"].items()
                if v["seconds"] >= 0.05 * part["total"] or stage == "other"
            )
            out.append(f"- {name} {part['total']:.1f} s: {stages}")
            if "markdown_by_folder" in part:
                folders = ", ".join(
                    f"{k} {v:.1f}" for k, v in list(part["markdown_by_folder"].items())[:5]
                )
                out.append(f"  - Markdown → HTML by folder: {folders}")
        largest = _get(row, "archive", "stats", "largest")
        if largest:
            out.append(
                "- largest site folders: "
                + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in largest.items())
            )
    out += _scaling(rows)
    notes = [r for r in rows if _get(r, "archive", "errors") or _get(r, "archive", "warnings")]
    for row in notes:
        archive = row["archive"]
        out.append(
            f"- N={row['n']:,}: the converter reported {archive['errors']} errors and "
            f"{archive['warnings']} warnings (`--strict` exit {archive['converter']['returncode']})"
        )
    return out


def _projected(rows: list[dict[str, Any]], name: str, n: int = 10000) -> float | None:
    """Seconds at ``n`` if every stage keeps growing as it did between the profiled sizes."""
    profiled = [r for r in rows if _get(r, "profile", name, "stages")]
    if len(profiled) < 2:
        return None
    (n1, first), (n2, second) = (
        (r["n"], r["profile"][name]["stages"]) for r in (profiled[0], profiled[-1])
    )
    total = 0.0
    for stage, value in second.items():
        t1, t2 = first.get(stage, {}).get("seconds", 0), value["seconds"]
        # Stages too small to time (or "other") are taken as linear.
        k = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0.01 and t2 > 0 else 1.0
        total += max(t2, 0) * (n / n2) ** k
    return total


def _scaling(rows: list[dict[str, Any]]) -> list[str]:
    """Each stage's growth between the smallest and largest profiled N, and where it leads."""
    profiled = [r for r in rows if _get(r, "profile", "converter", "stages")]
    if len(profiled) < 2:
        return []
    small, large = profiled[0], profiled[-1]
    n1, n2 = small["n"], large["n"]
    out = [
        "",
        f"**How each stage grows** (profiled passes at N={n1:,} and N={n2:,}; "
        "t ∝ N^k, extrapolated to 10,000 from the larger N)",
        "",
        f"| stage | s at {n1:,} | s at {n2:,} | k | s at 10,000 if k holds |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("converter", "mkdocs"):
        first = small["profile"][name].get("stages", {})
        second = large["profile"][name].get("stages", {})
        for stage, value in second.items():
            t1, t2 = first.get(stage, {}).get("seconds"), value["seconds"]
            if not t1 or t1 <= 0 or t2 <= 0 or t2 < 0.02 * large["profile"][name]["total"]:
                continue
            k = math.log(t2 / t1) / math.log(n2 / n1)
            projected = t2 * (10000 / n2) ** k
            out.append(f"| {name}: {stage} | {t1:.2f} | {t2:.1f} | {k:.2f} | {projected:,.0f} |")
    return out


def write_readme(section: str, readme: Path = README) -> None:
    """Replace the text between the results markers; everything else is kept."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    block = f"{START}\n{section}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Results\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--baseline-max", type=int, default=1000, help="baseline up to this N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chars", type=int, nargs=2, default=(2500, 5600), metavar=("MIN", "MAX"))
    parser.add_argument(
        "--time-limit", type=float, help="seconds for one archive build; slower builds are stopped"
    )
    parser.add_argument("--preview-max", type=int, default=1000, help="preview rebuild up to N")
    parser.add_argument("--profile-max", type=int, default=1000, help="stage profile up to N")
    parser.add_argument(
        "--baseline-jieba",
        choices=("auto", "off"),
        default="auto",
        help="auto: Material uses jieba if installed; off: build as if it were not",
    )
    parser.add_argument("--workdir", type=Path, help="parent of the temporary folders")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--no-readme", action="store_true", help="do not update bench/README.md")
    parser.add_argument(
        "--render-json", type=Path, help="rewrite the results from a saved --json; build nothing"
    )
    args = parser.parse_args(argv)
    if args.render_json:
        saved = json.loads(args.render_json.read_text(encoding="utf-8"))
        info, rows, settings = saved["machine"], saved["rows"], saved["settings"]
    else:
        info, rows = machine(), []
        settings = {
            "argv": sys.argv[1:] if argv is None else argv,
            "seed": args.seed,
            "chars": list(args.chars),
            "baseline_jieba": args.baseline_jieba,
        }
        for n in sorted(args.sizes):
            rows.append(measure(n, args))
            # Written after every size, so a run stopped at 10,000 keeps the smaller sizes.
            if not args.no_readme:
                write_readme(render(rows, info, settings))
            if args.json:
                saved = {"machine": info, "settings": settings, "rows": rows}
                args.json.write_text(json.dumps(saved, ensure_ascii=False, indent=1))
    section = render(rows, info, settings)
    if args.render_json and not args.no_readme:
        write_readme(section)
    print(section)


if __name__ == "__main__":
    main()
