"""Builds are atomic and exclusive, and one bad input fails one report (issue 9, points 4-5).

The crash tests stop a real converter or site script at a named point with SIGKILL
(``ARCHIVE_FAULT``, generator/faults.py), then look at what is on disk: the old output or the
new one, whole, never a mix, no temporary file, nothing listed that has no page.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import build as build_module
from generator import cache as cache_module
from generator import cite, writer
from generator.build import build
from generator.cli import main
from generator.report import ID_MAX, report_id

from .conftest import ROOT, SEEDS

#: Generous bound on waiting for a subprocess to reach a point: exceeding it is a hang.
HANG = 180
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _corpus(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def _tree(root: Path) -> dict[str, bytes]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _listed_pages_exist(docs: Path, suffix: str = ".md") -> list[str]:
    """The ids data/reports.json lists, after checking each has its page and nothing more."""
    ids = [entry["id"] for entry in json.loads((docs / "data" / "reports.json").read_bytes())]
    pages = {
        p.name.removesuffix(suffix)
        for p in (docs / "reports").glob(f"*{suffix}")
        if not p.name.endswith(f".original{suffix}")
    }
    assert pages == set(ids), "reports.json and the report pages disagree"
    return ids


def _no_leftovers(folder: Path) -> None:
    left = [p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".staging", ".journal"))]
    assert left == [], "temporary or staging files left behind"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_FAULT", "ARCHIVE_LOCK_FD")}
    if "ARCHIVE_BUILD_DIR" in extra:  # mkdocs.yml publishes the tree assembled in it
        extra = {"ARCHIVE_DOCS_DIR": str(Path(extra["ARCHIVE_BUILD_DIR"]) / "docs"), **extra}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_PYTHON": sys.executable, **extra}


def _convert_command(seeds: Path, build_dir: Path, *extra: str) -> list[str]:
    return [
        *(sys.executable, "-m", "generator", "build", "--no-cache"),
        *("--seeds", str(seeds), "--out", str(build_dir / "docs")),
        *("--snippets", str(build_dir / "snippets"), *extra),
    ]


def _wait_for(path: Path, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + HANG
    while not path.exists():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"exited ({process.returncode}) before {path.name} appeared")
        if time.monotonic() > deadline:
            raise AssertionError(f"hang: {path} did not appear within {HANG} s")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def references(tmp_path_factory) -> dict[str, tuple[dict, dict]]:
    """Two corpora (sharing one report) converted once: (pages, snippets) of each."""
    root = tmp_path_factory.mktemp("references")
    trees = {}
    for label, names in (("old", SEED_NAMES[:3]), ("new", SEED_NAMES[2:])):
        seeds = _corpus(root / label / "seeds", names)
        out = root / label / "build"
        # As the command line builds it from the project's folder: joined to docs/.
        result = build(seeds, out / "docs", out / "snippets", docs=ROOT / "docs")
        assert not result.errors
        trees[label] = (_tree(out / "docs"), _tree(out / "snippets"))
        trees[f"{label}-seeds"] = seeds
    return trees


# --- one bad input fails one report ---------------------------------------------------------


def test_report_id_is_unchanged_for_normal_names_and_bounded_with_a_checksum_when_long():
    assert report_id("004_7980e3df0de4e6bc.txt") == "004_7980e3df0de4e6bc"
    assert report_id("余杭街道2020.txt") != report_id("谢家湾街道2020.txt")
    long_a, long_b = report_id("a" * 233 + "x.txt"), report_id("a" * 233 + "y.txt")
    assert len(long_a) <= ID_MAX and len(long_b) <= ID_MAX and long_a != long_b
    assert long_a.startswith("a" * 80)
    assert len(report_id("街" * 80 + "b" * 170 + ".txt")) <= ID_MAX


def test_temporary_name_of_a_long_file_stays_within_the_name_limit(tmp_path):
    target = tmp_path / ("页" * 80 + ".md")  # 242 bytes: the temporary name would be 256+
    writer.write_atomic(target, b"content")
    assert target.read_bytes() == b"content"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_file_stem_of_233_characters_builds_with_the_others(tmp_path):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[:2])
    long_name = "annual-report-" + "x" * 219 + ".txt"  # a stem of 233 characters
    shutil.copy(SEEDS / SEED_NAMES[3], seeds / long_name)
    docs = tmp_path / "build" / "docs"
    result = CliRunner().invoke(
        main,
        ["build", "--seeds", str(seeds), "--out", str(docs), "--snippets", str(docs.parent / "s")],
    )
    assert result.exit_code == 0, result.output
    assert "3 reports converted, 0 errors" in result.output
    ids = _listed_pages_exist(docs)
    assert len(ids) == 3 and all(len(i) <= ID_MAX for i in ids)
    _no_leftovers(tmp_path)


def _fail_for(victim: str, real):
    def fail(report, *args):
        if report.source.path.name == victim:
            raise RuntimeError("injected failure")
        return real(report, *args)

    return fail


@pytest.mark.parametrize(
    ("stage", "module", "name"),
    [
        ("rendering", build_module, "render_parts"),
        ("indexing", build_module, "index_report"),
        ("citing", cite, "bibtex"),
        ("citing", cite, "csl_json"),
        # After related reports are chosen, in the main process.
        ("rendering", build_module, "assemble"),
        ("rendering", build_module, "render_original"),
    ],
)
def test_exception_in_one_report_leaves_the_others_built_and_reports_json_consistent(
    tmp_path, monkeypatch, stage, module, name
):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES)
    victim = SEED_NAMES[1]
    if name == "render_original":
        # The one report whose received text differs from its page (it has that page).
        victim = next(
            n for n in SEED_NAMES if build_module.has_original_view(build_module.convert(seeds / n))
        )
    monkeypatch.setattr(module, name, _fail_for(victim, getattr(module, name)))
    docs = tmp_path / "build" / "docs"
    result = build(seeds, docs, tmp_path / "build" / "snippets", jobs=1)

    (error,) = result.errors
    where = f"{seeds / victim}: {stage}: RuntimeError: injected failure (at test_build_atomic.py:"
    assert str(error).startswith(where)
    ids = _listed_pages_exist(docs)
    assert len(ids) == len(SEED_NAMES) - 1 and report_id(victim) not in ids
    assert not list(docs.glob(f"reports/{report_id(victim)}.*"))
    # No page links to the report left out; the editors' page names it among the failures.
    tree = _tree(docs)
    assert report_id(victim).encode() in tree["editors.md"]
    assert f"reports/{report_id(victim)}".encode() not in tree["editors.md"]
    assert not any(
        report_id(victim).encode() in data for path, data in tree.items() if path != "editors.md"
    )


def test_exception_in_converting_is_located_with_its_type_and_message(tmp_path, monkeypatch):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[:2])

    def overflow(document, year, published):
        raise OverflowError("Python int too large to convert to C int")

    monkeypatch.setattr(build_module, "check", overflow)
    result = build_module.gather(seeds, jobs=1)
    assert [str(e).split(" (at ")[0] for e in result.errors] == [
        f"{seeds / name}: converting: OverflowError: Python int too large to convert to C int"
        for name in SEED_NAMES[:2]
    ]


def test_error_message_of_an_unexpected_exception_is_bounded_and_says_so(tmp_path):
    error = build_module.located(tmp_path / "x.txt", "rendering", ValueError("9" * 10_000))
    assert len(str(error)) < 1000
    assert "(9500 more characters)" in str(error)


# --- the conversion cache -------------------------------------------------------------------


def _one_entry(cache: Path) -> Path:
    (entry,) = cache.rglob("*.pickle")
    return entry


@pytest.mark.parametrize(
    ("case", "damage"),
    [
        ("truncated", lambda data: data[: len(data) // 2]),
        ("empty", lambda data: b""),
        ("garbage", lambda data: b"not a pickle at all"),
        ("another_object", lambda data: pickle.dumps({"a": "dict"})),
    ],
)
def test_corrupt_cache_entry_is_discarded_with_a_warning_and_the_report_converted_again(
    tmp_path, caplog, case, damage
):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[:1])
    cache = tmp_path / "cache"
    out = (tmp_path / "build" / "docs", tmp_path / "build" / "snippets")
    build(seeds, *out, cache=cache)
    pages = _tree(out[0])
    entry = _one_entry(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    cache_module._memory.clear()  # as a new process would

    result = build(seeds, *out, cache=cache)
    assert not result.errors and len(result.reports) == 1
    assert f"{entry}: cache entry discarded" in caplog.text
    assert _tree(out[0]) == pages
    assert pickle.loads(_one_entry(cache).read_bytes()).report is not None  # rewritten


def test_empty_cache_entry_through_the_cli_is_a_warning_not_aborted(tmp_path):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[:1])
    args = ["build", "--seeds", str(seeds), "--out", str(tmp_path / "docs")]
    args += ["--snippets", str(tmp_path / "snippets"), "--cache", str(tmp_path / "cache")]
    assert CliRunner().invoke(main, args).exit_code == 0
    _one_entry(tmp_path / "cache").write_bytes(b"")
    cache_module._memory.clear()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Aborted" not in result.output
    assert "WARNING:" in result.output and "cache entry discarded (EOFError" in result.output


def test_cache_folder_that_cannot_be_written_warns_once_and_builds(tmp_path, caplog):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[:2])
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    result = build(seeds, tmp_path / "docs", tmp_path / "snippets", cache=blocked, jobs=1)
    assert not result.errors and len(result.reports) == 2
    assert caplog.text.count("cannot store converted reports") == 1


# --- the converter's output is replaced as a whole ------------------------------------------


def _prepare(tmp_path: Path, references) -> tuple[Path, Path]:
    """A build folder holding the old corpus's output; returns it and the new corpus."""
    build_dir = tmp_path / "build"
    result = build(
        references["old-seeds"], build_dir / "docs", build_dir / "snippets", docs=ROOT / "docs"
    )
    assert not result.errors
    return build_dir, references["new-seeds"]


def _is_old_or_new(build_dir: Path, references) -> str:
    trees = (_tree(build_dir / "docs"), _tree(build_dir / "snippets"))
    state = next((label for label in ("old", "new") if trees == references[label]), None)
    assert state is not None, "the output is a mix of two builds"
    _listed_pages_exist(build_dir / "docs")
    return state


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("stage:file#1", "old"),  # the first staged file written
        ("stage:file#40", "old"),  # halfway through
        ("publish:journal", "new"),  # staged, journal written, nothing swapped yet
        ("publish:swapped#1", "new"),  # pages swapped, snippets not yet
        ("publish:done", "new"),  # swapped, old folders not yet removed
        ("exchange=fail,publish:aside#1", "new"),  # two renames: killed between them
    ],
)
def test_converter_killed_at_each_point_leaves_the_old_output_or_the_new(
    tmp_path, references, point, expected
):
    build_dir, new_seeds = _prepare(tmp_path, references)
    fault = ",".join(f"{rule}=kill" if "=" not in rule else rule for rule in point.split(","))
    killed = subprocess.run(
        _convert_command(new_seeds, build_dir),
        cwd=ROOT,
        env=_env(ARCHIVE_FAULT=fault),
        capture_output=True,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # Each folder alone is whole, old or new, even before anything is finished (only the
    # two-rename fallback has a moment with no folder at all).
    for index, label in enumerate(("docs", "snippets")):
        trees = [references["old"][index], references["new"][index]]
        if "aside" in point:
            trees.append({})
        assert _tree(build_dir / label) in trees, f"{label} is a mix of two builds"

    # The next build (or a `mkdocs build`) takes the lock and finishes or discards first.
    journal = build_dir / ".docs.journal"
    if journal.exists():
        from generator.publish import recover

        recover(journal)
    assert _is_old_or_new(build_dir, references) == expected
    _no_leftovers(build_dir / "docs")  # a staging folder beside it goes with the next build

    again = subprocess.run(
        _convert_command(new_seeds, build_dir), cwd=ROOT, env=_env(), capture_output=True
    )
    assert again.returncode == 0, again.stderr
    assert _is_old_or_new(build_dir, references) == "new"
    _no_leftovers(build_dir)


@pytest.mark.build
def test_mkdocs_build_after_a_conversion_killed_between_its_swaps_finishes_them_first(
    tmp_path, references
):
    build_dir, new_seeds = _prepare(tmp_path, references)
    killed = subprocess.run(
        _convert_command(new_seeds, build_dir),
        cwd=ROOT,
        env=_env(ARCHIVE_FAULT="publish:swapped#1=kill"),
        capture_output=True,
    )
    assert killed.returncode == -signal.SIGKILL
    assert _tree(build_dir / "snippets") == references["old"][1]  # pages new, snippets old
    site = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=_env(ARCHIVE_BUILD_DIR=str(build_dir)),
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert _is_old_or_new(build_dir, references) == "new"
    assert len(_listed_pages_exist(site, ".html")) == 3
    assert not (build_dir / ".docs.journal").exists()


def test_unchanged_files_keep_their_inode_and_mtime_across_a_rebuild(tmp_path):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[:2])
    docs = tmp_path / "build" / "docs"
    build(seeds, docs, tmp_path / "build" / "snippets")
    page = docs / "reports" / f"{report_id(SEED_NAMES[0])}.md"
    before = page.stat()
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns - 10**9))
    before = page.stat()
    build(seeds, docs, tmp_path / "build" / "snippets")
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_two_converter_builds_at_once_the_second_waits_then_its_output_is_whole(
    tmp_path, references
):
    build_dir, new_seeds = _prepare(tmp_path, references)
    gate = tmp_path / "gate"
    first = subprocess.Popen(
        _convert_command(references["old-seeds"], build_dir),
        cwd=ROOT,
        env=_env(ARCHIVE_FAULT=f"publish:journal=pause:{gate}"),
        stderr=subprocess.DEVNULL,
    )
    second_log = tmp_path / "second.log"
    try:
        _wait_for(Path(f"{gate}.reached"), first)
        with second_log.open("wb") as log:
            second = subprocess.Popen(
                _convert_command(new_seeds, build_dir), cwd=ROOT, env=_env(), stderr=log
            )
        deadline = time.monotonic() + HANG
        while b"waiting for it to finish" not in second_log.read_bytes():
            assert second.poll() is None, second_log.read_text()
            assert time.monotonic() < deadline, "hang: the second build never said it waits"
            time.sleep(0.05)
        assert second.poll() is None  # still waiting while the first holds the lock
        assert f"pid {first.pid}" in second_log.read_text()
    finally:
        gate.touch()
        assert first.wait(HANG) == 0
    assert second.wait(HANG) == 0, second_log.read_text()
    assert _is_old_or_new(build_dir, references) == "new"
    _no_leftovers(build_dir)


# --- empty or missing seeds, unwritable output ----------------------------------------------


def _cli_build(seeds: Path, build_dir: Path, *extra: str):
    return CliRunner().invoke(
        main,
        [
            *("build", "--seeds", str(seeds), "--out", str(build_dir / "docs")),
            *("--snippets", str(build_dir / "snippets"), "--no-cache", *extra),
        ],
    )


@pytest.mark.parametrize("case", ["empty", "missing"])
def test_strict_build_of_an_empty_or_missing_seeds_folder_fails_and_leaves_the_output(
    tmp_path, references, case
):
    build_dir, _ = _prepare(tmp_path, references)
    seeds = tmp_path / "no-reports"
    if case == "empty":
        seeds.mkdir()
    result = _cli_build(seeds, build_dir, "--strict")
    assert result.exit_code == 1
    assert str(seeds) in result.output
    assert "no report found" in result.output or "not a folder of reports" in result.output
    assert _is_old_or_new(build_dir, references) == "old"


def test_non_strict_build_of_an_empty_seeds_folder_warns_and_builds_an_empty_archive(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    result = _cli_build(seeds, tmp_path / "build")
    assert result.exit_code == 0
    assert f"WARNING: {seeds}: no report found; the archive is empty" in result.output
    assert json.loads((tmp_path / "build" / "docs" / "data" / "reports.json").read_bytes()) == []


@pytest.mark.parametrize("case", ["a_file", "the_current_folder"])
def test_output_that_cannot_be_replaced_as_a_folder_is_one_clear_line(tmp_path, case):
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[:1])
    out = tmp_path / "out.txt" if case == "a_file" else Path(".")
    if case == "a_file":
        out.write_text("a file, not a folder")
    result = CliRunner().invoke(
        main, ["build", "--seeds", str(seeds), "--out", str(out), "--snippets", "s"]
    )
    assert result.exit_code == 1
    assert f"Error: {out}: not a folder the converter can own and replace" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _as_unprivileged(command: list[str]) -> list[str]:
    """Root ignores file modes; in a user namespace it is an ordinary owner again."""
    if os.geteuid() != 0:
        return command
    probe = subprocess.run(["unshare", "--user", "--map-user=65534", "true"], capture_output=True)
    if shutil.which("unshare") is None or probe.returncode:
        pytest.skip("running as root without user namespaces: file modes cannot be tested")
    return ["unshare", "--user", "--map-user=65534", *command]


@pytest.mark.parametrize("case", ["output_folder", "build_folder"])
def test_read_only_output_folder_is_one_clear_line_and_the_output_stays(tmp_path, references, case):
    build_dir, new_seeds = _prepare(tmp_path, references)
    read_only = build_dir / "docs" if case == "output_folder" else build_dir
    read_only.chmod(0o555)
    try:
        result = subprocess.run(
            _as_unprivileged(_convert_command(new_seeds, build_dir)),
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
        )
    finally:
        read_only.chmod(0o755)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "cannot write the output" in line and "Permission denied" in line
    assert _is_old_or_new(build_dir, references) == "old"
    _no_leftovers(build_dir)


# --- the site: scripts/build_site.sh --------------------------------------------------------


def _site_script(site: Path, build_dir: Path, *convert: str, fault: str | None = None, **popen):
    command = [
        *("bash", str(ROOT / "scripts" / "build_site.sh"), str(site)),
        *([*convert, "--"] if convert else []),
        *(sys.executable, "-m", "mkdocs", "build", "--strict"),
    ]
    env = _env(ARCHIVE_BUILD_DIR=str(build_dir), **({"ARCHIVE_FAULT": fault} if fault else {}))
    return command, env


def _run_site_script(site: Path, build_dir: Path, *convert: str, fault: str | None = None):
    command, env = _site_script(site, build_dir, *convert, fault=fault)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def _old_site(site: Path) -> dict[str, bytes]:
    (site / "reports").mkdir(parents=True)
    (site / "index.html").write_text("the previous site")
    (site / "reports" / "kept.html").write_text("a page of the previous site")
    (site / "data").mkdir()
    (site / "data" / "reports.json").write_text('[{"id": "kept"}]')
    return _tree(site)


def _site_state(site: Path, old: dict[str, bytes]) -> str:
    if _tree(site) == old:
        return "old"
    ids = _listed_pages_exist(site, ".html")
    assert ids == [report_id(SEED_NAMES[4])], "the site is a mix"
    assert (site / "index.html").is_file() and (site / "search").is_dir()
    return "new"


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("converted")
    seeds = _corpus(root / "seeds", SEED_NAMES[4:])
    out = root / "build"
    result = build(seeds, out / "docs", out / "snippets", docs=ROOT / "docs")
    assert not result.errors
    return out


@pytest.mark.build
@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("site:built", "old"),  # the new site staged, not yet swapped
        ("publish:journal", "new"),  # the swap recorded, not yet made
        ("publish:swapped", "new"),  # swapped, the old site not yet removed
        ("exchange=fail,publish:aside", "new"),  # two renames: killed between them
    ],
)
def test_site_script_killed_at_each_point_leaves_the_old_site_or_the_new(
    tmp_path, converted, point, expected
):
    site = tmp_path / "site"
    old = _old_site(site)
    fault = ",".join(f"{rule}=kill" if "=" not in rule else rule for rule in point.split(","))
    killed = _run_site_script(site, converted, fault=fault)
    assert killed.returncode != 0
    if os.path.lexists(site):  # between two renames there is none, until the next run
        assert _site_state(site, old) in ("old", "new")

    # The next run finishes or discards what was left (here it fails, and changes nothing).
    (tmp_path / "broken").mkdir()
    shutil.copytree(converted, tmp_path / "broken" / "build")
    (tmp_path / "broken" / "build" / "docs" / "bad.md").write_text("[x](nowhere.md)\n")
    failed = _run_site_script(site, tmp_path / "broken" / "build")
    assert failed.returncode == 1 and "left as it was" in failed.stderr
    assert _site_state(site, old) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "site"]


@pytest.mark.build
def test_site_left_as_site_old_by_an_interrupted_earlier_script_is_restored_not_deleted(
    tmp_path, converted
):
    old = _old_site(tmp_path / "site")
    (tmp_path / "site").rename(tmp_path / "site.old")  # killed between the old two renames
    (tmp_path / "site.tmp").mkdir()
    result = _run_site_script(tmp_path / "site", converted, fault="site:converted=kill")
    assert result.returncode != 0
    assert _tree(tmp_path / "site") == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.build
def test_site_script_killed_while_mkdocs_builds_keeps_the_old_site(tmp_path, converted):
    site = tmp_path / "site"
    old = _old_site(site)
    command, env = _site_script(site, converted)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL
    )
    _wait_for(tmp_path / ".site.staging", process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(HANG)
    assert _tree(site) == old
    again = _run_site_script(site, converted)
    assert again.returncode == 0, again.stderr
    assert _site_state(site, old) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.build
def test_strict_site_build_of_an_empty_seeds_folder_fails_and_leaves_site_and_output(
    tmp_path, converted
):
    build_dir = tmp_path / "build"
    shutil.copytree(converted, build_dir)
    site = tmp_path / "site"
    old = _old_site(site)
    output = _tree(build_dir / "docs")
    (tmp_path / "empty").mkdir()
    result = _run_site_script(
        site, build_dir, *_convert_command(tmp_path / "empty", build_dir, "--strict")
    )
    assert result.returncode == 1
    assert f"{tmp_path / 'empty'}: no report found" in result.stderr
    assert "site/ was left as it was" in result.stderr.replace(str(tmp_path) + "/", "")
    assert _tree(site) == old and _tree(build_dir / "docs") == output


@pytest.mark.build
def test_two_site_builds_at_once_the_second_waits_and_the_site_is_whole(tmp_path, converted):
    build_dir = tmp_path / "build"
    site = tmp_path / "site"
    old = _old_site(site)
    seeds = _corpus(tmp_path / "seeds", SEED_NAMES[4:])
    gate = tmp_path / "gate"
    convert = _convert_command(seeds, build_dir, "--strict")
    # The first build pauses inside its conversion, holding the lock.
    command, env = _site_script(site, build_dir, *convert, fault=f"publish:journal=pause:{gate}")
    first = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    second_log = tmp_path / "second.log"
    try:
        _wait_for(Path(f"{gate}.reached"), first)
        command, env = _site_script(site, build_dir, *convert)
        with second_log.open("wb") as log:
            second = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log)
        deadline = time.monotonic() + HANG
        while b"waiting for it to finish" not in second_log.read_bytes():
            assert second.poll() is None, second_log.read_text()
            assert time.monotonic() < deadline, "hang: the second build never said it waits"
            time.sleep(0.05)
        assert second.poll() is None and _tree(site) == old
    finally:
        gate.touch()
        assert first.wait(HANG) == 0
    assert second.wait(HANG) == 0, second_log.read_text()
    assert _site_state(site, old) == "new"
    _listed_pages_exist(build_dir / "docs")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "build",
        "gate",
        "gate.reached",
        "second.log",
        "seeds",
        "site",
    ]
