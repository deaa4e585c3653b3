"""The seeds folder is a boundary: only regular files directly in it are read, every other
entry is named with its reason, and nothing a link leads to outside the folder is read,
published or quoted in a message. Also the language check: Japanese and Korean are refused."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import sources
from generator.build import build, gather
from generator.cli import main
from generator.exceptions import SourceError
from generator.sources import read_source, scan_seeds

from .conftest import ROOT, SEEDS, TWO_REPORTS

REPORT, OTHER = (SEEDS / name for name in TWO_REPORTS)
#: Written in the secret files outside the seeds folder; it must never show up anywhere.
MARKER = "SECRET-7f3a9c-不可外泄"
#: Long enough for any of these builds on a loaded machine; beyond it the case is a hang.
HANG_BOUND = 120


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the seeds folder that reads like a report and like a shadow file."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.txt"
    path.write_text(
        f"城关镇2020年法治政府建设工作报告\nroot:*:19000:0:99999:7:::{MARKER}\n"
        f"一、主要工作\n2020年，城关镇开展普法活动30场。{MARKER}\n",
        encoding="utf-8",
    )
    return path


def _built_reports(result) -> set[str]:
    return {r.source.path.name for r in result.reports}


def _messages(result) -> str:
    return "\n".join([*map(str, result.errors), *result.warnings, *map(str, result.skipped)])


def _tree_text(folder: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
    )


def _cli(seeds: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    """The converter in its own process, stopped as a hang after HANG_BOUND seconds."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "generator", "check", "--seeds", str(seeds), "-j", "1", *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=HANG_BOUND,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hang: the build did not finish in {HANG_BOUND} s")


def test_symlink_to_etc_passwd_is_refused_and_never_published(seeds, tmp_path):
    (seeds / "passwd.txt").symlink_to("/etc/passwd")
    first_line = Path("/etc/passwd").read_text().splitlines()[0]
    out = tmp_path / "out"
    result = build(seeds, out, tmp_path / "snippets", jobs=1)
    assert _built_reports(result) == {REPORT.name, OTHER.name}
    assert f"{seeds}/passwd.txt: symbolic link to /etc/passwd, outside the seeds folder" in (
        _messages(result)
    )
    assert first_line not in _tree_text(out)
    assert first_line not in _messages(result)


def test_symlinked_report_outside_the_folder_is_never_read(seeds, secret, tmp_path):
    (seeds / "leak.txt").symlink_to(secret)
    out = tmp_path / "out"
    result = build(seeds, out, tmp_path / "snippets", jobs=1)
    assert _built_reports(result) == {REPORT.name, OTHER.name}
    assert [e.path.name for e in result.errors] == ["leak.txt"]
    assert MARKER not in _tree_text(out) and MARKER not in _messages(result)


def test_sidecar_symlinked_to_a_shadow_file_fails_its_report_without_quoting_it(seeds, secret):
    sidecar = seeds / f"{REPORT.stem}.yml"
    sidecar.symlink_to(secret)
    result = gather(seeds, jobs=1)
    assert _built_reports(result) == {OTHER.name}
    (error,) = result.errors
    assert str(error) == (
        f"{sidecar}: symbolic link to {secret}, outside the seeds folder; not read "
        f"({REPORT.name} not converted)"
    )
    assert MARKER not in _messages(result) and "root:" not in _messages(result)


def test_sidecar_that_is_a_fifo_does_not_block_the_build(seeds, tmp_path):
    fifo = seeds / f"{REPORT.stem}.yml"
    os.mkfifo(fifo)
    done = _cli(seeds, tmp_path)
    assert f"{fifo}: FIFO (named pipe), not a regular file; not read" in done.stderr
    assert "1 reports converted" in done.stderr  # the other report


def test_report_that_is_a_fifo_does_not_block_the_build(seeds, tmp_path):
    fifo = seeds / "pipe.txt"
    os.mkfifo(fifo)
    done = _cli(seeds, tmp_path)
    assert f"ERROR: {fifo}: FIFO (named pipe), not a regular file; not read" in done.stderr
    assert "2 reports converted" in done.stderr


def test_fifo_swapped_in_after_the_check_is_not_read(tmp_path, monkeypatch):
    # Between the check by name and the open, the entry became a FIFO: the open must not
    # wait for a writer, and what was opened must be refused.
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    monkeypatch.setattr(sources, "_refuse", lambda *args: None)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            read_source(fifo)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)
        else:
            outcome.append(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(HANG_BOUND)
    if reader.is_alive():
        with open(fifo, "wb"):  # unblock the reader so the test process can end
            pass
        pytest.fail("hang: reading a FIFO blocked")
    (error,) = outcome
    assert isinstance(error, SourceError)
    assert str(error) == f"{fifo}: not a regular file; not read"


def test_sidecar_symlinked_to_dev_zero_is_refused_without_reading(seeds):
    sidecar = seeds / f"{REPORT.stem}.yml"
    sidecar.symlink_to("/dev/zero")
    result = gather(seeds, jobs=1)
    assert _built_reports(result) == {OTHER.name}
    assert [str(e) for e in result.errors] == [
        f"{sidecar}: symbolic link to /dev/zero, outside the seeds folder; not read "
        f"({REPORT.name} not converted)"
    ]


def test_orphan_sidecar_symlinked_to_dev_zero_is_named_without_reading(seeds):
    (seeds / "zero.yml").symlink_to("/dev/zero")
    result = gather(seeds, jobs=1)
    assert _built_reports(result) == {REPORT.name, OTHER.name}
    assert [(s.path.name, s.kind, s.level) for s in result.skipped] == [
        ("zero.yml", "link outside", "error")
    ]


@pytest.mark.parametrize("name", ["report.doc", "REPORT.WPS"])
def test_legacy_word_file_is_an_error_saying_how_to_convert_it_and_the_rest_builds(seeds, name):
    (seeds / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = gather(seeds, jobs=1)
    assert _built_reports(result) == {REPORT.name, OTHER.name}
    (error,) = result.errors
    assert str(error).startswith(f"{seeds}/{name}: ")
    assert "save it as .docx" in str(error) and "\n" not in str(error)


def test_socket_in_the_seeds_folder_is_refused(seeds):
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(seeds / "s.txt"))
        result = gather(seeds, jobs=1)
    assert _built_reports(result) == {REPORT.name, OTHER.name}
    assert [str(e) for e in result.errors] == [
        f"{seeds}/s.txt: socket, not a regular file; not read"
    ]


def test_subfolder_is_named_as_skipped_with_its_reason(seeds):
    (seeds / "2021").mkdir()
    shutil.copy(REPORT, seeds / "2021" / "lost.txt")
    result = gather(seeds, jobs=1)
    assert [(s.path.name, s.kind, s.level) for s in result.skipped] == [
        ("2021", "subfolder", "warning")
    ]
    assert any(w.startswith(f"{seeds}/2021: subfolder") for w in result.warnings)
    assert result.failed(strict=True)


@pytest.mark.parametrize("name", ["report.xls", "report.txt.bak", "report"])
def test_file_with_another_extension_is_a_warning_that_fails_strict(seeds, name):
    (seeds / name).write_text("城关镇2020年法治政府建设工作报告\n", encoding="utf-8")
    result = gather(seeds, jobs=1)
    (entry,) = result.skipped
    assert (entry.path.name, entry.kind, entry.level) == (name, "unsupported extension", "warning")
    assert result.warnings == [str(entry)]
    assert result.failed(strict=True) and _built_reports(result) == {REPORT.name, OTHER.name}


def test_orphan_sidecar_is_an_error_so_its_corrections_are_not_lost_silently(seeds):
    (seeds / "renamed.yml").write_text("title: 更正的标题\n", encoding="utf-8")
    result = gather(seeds, jobs=1)
    (error,) = result.errors
    assert str(error).startswith(f"{seeds}/renamed.yml: sidecar with no report renamed.txt")


def test_orphan_sidecar_differing_in_case_from_its_report_says_so(seeds):
    (seeds / f"{REPORT.stem.upper()}.yml").write_text("title: 更正的标题\n", encoding="utf-8")
    (error,) = gather(seeds, jobs=1).errors
    assert f"{REPORT.name} differs in case" in str(error)


def test_broken_symlink_is_an_error_naming_it(seeds):
    (seeds / "gone.txt").symlink_to(seeds / "deleted.txt")
    result = gather(seeds, jobs=1)
    assert [str(e) for e in result.errors] == [
        f"{seeds}/gone.txt: broken symbolic link to {seeds}/deleted.txt"
    ]
    assert _built_reports(result) == {REPORT.name, OTHER.name}


def test_looping_symlinks_are_errors_naming_each(seeds):
    (seeds / "a.txt").symlink_to("b.txt")
    (seeds / "b.txt").symlink_to("a.txt")
    result = gather(seeds, jobs=1)
    assert [str(e) for e in result.errors] == [
        f"{seeds}/a.txt: symbolic link that loops; not read",
        f"{seeds}/b.txt: symbolic link that loops; not read",
    ]


def test_symlink_to_a_file_in_a_subfolder_is_refused(seeds):
    (seeds / "sub").mkdir()
    shutil.copy(REPORT, seeds / "sub" / "inner.txt")
    (seeds / "via-link.txt").symlink_to(seeds / "sub" / "inner.txt")
    result = gather(seeds, jobs=1)
    assert "via-link.txt" not in _built_reports(result)
    assert any(str(e).startswith(f"{seeds}/via-link.txt: symbolic link to") for e in result.errors)


def test_symlink_to_a_report_in_the_same_folder_is_read_like_a_copy(seeds):
    (seeds / "alias.txt").symlink_to(REPORT.name)
    result = gather(seeds, jobs=1)
    assert result.errors == []
    # Same bytes as the report it points to: one page, and the usual duplicate warning.
    assert [(s.path.name, s.kind) for s in result.skipped] == [("alias.txt", "duplicate")]
    assert any("alias.txt: same content as" in w for w in result.warnings)


def test_hidden_entries_are_notices_that_do_not_fail_strict(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "000_fd4662651861cbed.txt", folder)
    (folder / ".gitkeep").write_text("")
    (folder / ".git").mkdir()
    clean = gather(folder, jobs=1)
    assert [(s.path.name, s.level) for s in clean.skipped] == [
        (".git", "notice"),
        (".gitkeep", "notice"),
    ]
    assert clean.errors == [] and not clean.failed(strict=True)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"line\nbreak.txt", "line\\nbreak.txt"),
        (b"esc\x1b[31mred.txt", "esc\\x1b[31mred.txt"),
        (b"gbk-\xb1\xa8\xb8\xe6.txt", "gbk-\\udcb1\\udca8\\udcb8\\udce6.txt"),
    ],
)
def test_unusable_file_name_is_refused_and_shown_escaped(seeds, name, shown):
    with open(os.path.join(os.fsencode(seeds), name), "wb") as f:
        f.write(REPORT.read_bytes())
    result = gather(seeds, jobs=1)
    assert _built_reports(result) == {REPORT.name, OTHER.name}
    (error,) = result.errors
    assert str(error).startswith(f"{seeds}/{shown}: file name holds control characters")


def test_report_larger_than_the_limit_is_refused_before_reading(seeds, monkeypatch):
    monkeypatch.setattr(sources, "REPORT_MAX_BYTES", 1000)
    with pytest.raises(SourceError) as caught:
        read_source(seeds / REPORT.name)
    assert str(caught.value) == (
        f"{seeds / REPORT.name}: report of {REPORT.stat().st_size:,} bytes is larger than the "
        "limit of 1,000 bytes; not read"
    )


def test_cli_summary_names_every_skipped_entry_with_its_reason(seeds):
    (seeds / "notes.xls").write_text("x")
    (seeds / "sub").mkdir()
    (seeds / "orphan.yaml").write_text("title: 标题\n", encoding="utf-8")
    (seeds / "gone.txt").symlink_to("nowhere.txt")
    (seeds / ".gitkeep").write_text("")
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds), "-j", "1"])
    lines = result.output.splitlines()
    assert f"WARNING: {seeds}/notes.xls: extension '.xls': neither a report" in result.output
    assert f"WARNING: {seeds}/sub: subfolder: only files directly" in result.output
    assert f"ERROR: {seeds}/orphan.yaml: sidecar with no report orphan.txt" in result.output
    assert f"ERROR: {seeds}/gone.txt: broken symbolic link to nowhere.txt" in lines
    assert f"NOTICE: {seeds}/.gitkeep: hidden entry; not read" in lines
    assert lines[-1] == (
        "2 reports converted, 2 errors, 2 warnings; "
        "5 entries of the seeds folder skipped (named above)"
    )


def test_scan_sorts_reports_and_opens_nothing(seeds, monkeypatch):
    (seeds / "pipe.yml").unlink(missing_ok=True)
    os.mkfifo(seeds / "pipe.yml")

    def no_open(*args, **kwargs):
        raise AssertionError("the scan opened a file")

    monkeypatch.setattr(os, "open", no_open)
    folder = scan_seeds(seeds)
    assert [p.name for p in folder.reports] == sorted([REPORT.name, OTHER.name])
    assert [s.kind for s in folder.skipped] == ["FIFO (named pipe)"]


# --- language -----------------------------------------------------------------------------

JAPANESE = (
    "令和2年度法治行政推進報告書\n"
    "本市は、法の支配に基づく行政運営を推進するため、各種の取組を実施しました。\n"
    "一、主な取組\n職員研修を30回開催し、行政手続の適正化を図りました。\n"
)
KOREAN = "2020년 법치정부 건설 업무 보고\n우리 구는 법에 따른 행정을 추진하였다.\n"
CHINESE_WITH_KATAKANA = (
    "城关镇2020年法治政府建设工作报告\n"
    "2020年，城关镇坚持依法行政，与ソニー、トヨタ等企业合作开展普法・培训活动30场。\n"
    "一、主要工作\n全年调解纠纷5件，化解率100%。\n"
)


def test_japanese_report_is_refused_not_converted_by_opencc(tmp_path):
    path = tmp_path / "japanese.txt"
    path.write_text(JAPANESE, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert str(caught.value).startswith(f"{path}:2: text is Japanese (")
    assert "not Chinese" in str(caught.value)


def test_korean_report_is_refused(tmp_path):
    path = tmp_path / "korean.txt"
    path.write_text(KOREAN, encoding="utf-8")
    with pytest.raises(SourceError, match=r"korean.txt:1: text is Korean \(\d+ hangul\)"):
        read_source(path)


def test_chinese_report_with_a_katakana_brand_and_middle_dots_is_chinese(tmp_path):
    path = tmp_path / "brand.txt"
    path.write_text(CHINESE_WITH_KATAKANA, encoding="utf-8")
    assert read_source(path).text.startswith("城关镇2020年")


def test_japanese_report_fails_alone_and_the_others_are_built(seeds):
    (seeds / "japanese.txt").write_text(JAPANESE, encoding="utf-8")
    result = gather(seeds, jobs=1)
    assert _built_reports(result) == {REPORT.name, OTHER.name}
    assert [e.path.name for e in result.errors] == ["japanese.txt"]


def test_upper_case_report_extension_is_read(seeds):
    shutil.copy(SEEDS / "000_fd4662651861cbed.txt", seeds / "UPPER.TXT")
    result = gather(seeds, jobs=1)
    assert "UPPER.TXT" in _built_reports(result) and result.skipped == []


def test_sidecar_that_is_a_folder_fails_its_report(seeds):
    (seeds / f"{REPORT.stem}.yml").mkdir()
    result = gather(seeds, jobs=1)
    assert [str(e) for e in result.errors] == [
        f"{seeds}/{REPORT.stem}.yml: a folder, not a file; not read ({REPORT.name} not converted)"
    ]
    assert _built_reports(result) == {OTHER.name}


#: Paths opened while a test listens (see _opened); the audit hook cannot be removed, so one
#: hook is installed for the session and records only while the list is in _LISTENING.
_LISTENING: list[list[str]] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _LISTENING and isinstance(args[0], str | bytes | os.PathLike):
        _LISTENING[-1].append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


def test_nothing_outside_the_seeds_folder_is_opened_even_by_the_cache(seeds, secret, tmp_path):
    (seeds / "leak.txt").symlink_to(secret)
    (seeds / f"{REPORT.stem}.yml").symlink_to(secret)
    (seeds / "orphan.yaml").symlink_to(secret)
    opened: list[str] = []
    _LISTENING.append(opened)
    try:
        result = build(seeds, tmp_path / "out", tmp_path / "snippets", cache=tmp_path / "c", jobs=1)
    finally:
        _LISTENING.remove(opened)
    assert _built_reports(result) == {OTHER.name}
    assert len(result.errors) == 3
    outside = str(secret.parent)
    assert [p for p in opened if os.path.realpath(p).startswith(outside)] == []
    assert any(p.endswith(OTHER.name) for p in opened)  # the hook does see the reads


def test_derived_value_the_schema_refuses_is_left_empty_with_a_warning(tmp_path, monkeypatch):
    # The text, not an editor, gave a 300-character issuer: the report is still published,
    # with the field empty and a warning that names the file and the field.
    from generator import build as build_module

    real = build_module.extract_metadata

    def long_issuer(document, normalized, page=None):
        metadata = real(document, normalized, page)
        metadata.issuer = "余杭街道" + "办" * 300
        return metadata

    monkeypatch.setattr(build_module, "extract_metadata", long_issuer)
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "003_b2c3a3e35ec255cb.txt", folder)
    result = gather(folder)
    assert not result.errors
    (report,) = result.reports
    assert report.front_matter()["issuer"] is None
    assert any("issuer:" in w and "003_b2c3a3e35ec255cb.txt" in w for w in result.warnings)


def test_entries_skipped_with_a_warning_are_listed_on_the_editors_page(seeds, tmp_path):
    # `make site STRICT=` publishes anyway: the .xls file and the subfolder it could not
    # read are named where editors look, with the reason, beside the files that failed.
    (seeds / "lost.xls").write_text("城关镇2020年法治政府建设工作报告\n", encoding="utf-8")
    (seeds / "2021").mkdir()
    (seeds / ".gitkeep").write_text("", encoding="utf-8")
    docs = tmp_path / "build" / "docs"
    build(seeds, docs, tmp_path / "build" / "snippets", jobs=1)
    editors = (docs / "editors.md").read_text(encoding="utf-8")
    assert "未能转换的文件（2）" in editors
    assert "lost.xls" in editors and "neither a report" in editors
    assert "2021" in editors and "subfolder" in editors
    assert ".gitkeep" not in editors  # a notice: listed in the build summary only
    overview = (tmp_path / "build" / "snippets" / "overview.md").read_text(encoding="utf-8")
    assert "另有 2 个文件未能转换" in overview


@pytest.mark.parametrize(
    ("target", "link"),
    [(".hidden-notes", "leak.txt"), ("kept.xls", "leak.txt"), (".hidden.yml", "leak.yml")],
    ids=["hidden-file", "unsupported-file", "hidden-sidecar"],
)
def test_link_to_a_file_the_scan_does_not_read_is_refused(seeds, tmp_path, target, link):
    # A link inside the folder must not publish what the folder itself keeps unread.
    (seeds / target).write_text(f"title: {MARKER}\n", encoding="utf-8")
    if link.endswith(".yml"):
        shutil.copy(REPORT, seeds / "leak.txt")
    (seeds / link).symlink_to(target)
    docs = tmp_path / "out"
    result = build(seeds, docs, tmp_path / "snippets", jobs=1)
    assert any(
        str(e).startswith(f"{seeds}/{link}: symbolic link to {target}") for e in result.errors
    )
    assert not any(MARKER.encode() in p.read_bytes() for p in docs.rglob("*") if p.is_file())
    assert not any(MARKER in str(e) for e in result.errors) and not any(
        MARKER in w for w in result.warnings
    )


def test_duplicate_file_with_its_own_sidecar_is_listed_with_the_files_that_gave_no_page(
    seeds, tmp_path
):
    # Two files with the same bytes give one page; the second, and its ignored correction,
    # must show where editors look, not only in a build log.
    shutil.copy(REPORT, seeds / "copy.txt")
    (seeds / "copy.yml").write_text("issuer: 另一个机关\n", encoding="utf-8")
    docs = tmp_path / "build" / "docs"
    result = build(seeds, docs, tmp_path / "build" / "snippets", jobs=1)
    (entry,) = [s for s in result.skipped if s.kind == "duplicate"]
    assert entry.path.name == "copy.txt" and "its sidecar is not applied" in entry.reason
    editors = (docs / "editors.md").read_text(encoding="utf-8")
    assert "copy.txt" in editors and "same content as" in editors
