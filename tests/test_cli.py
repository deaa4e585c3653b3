"""The command line: documented, located errors, --strict semantics."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from generator.cli import main

from .conftest import FIXTURES, ROOT, SEEDS


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"python -m generator {name}" in readme, name


def test_every_cli_command_has_help_with_an_example():
    runner = CliRunner()
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output and f"python -m generator {name}" in result.output


def _folder_with_a_bad_report(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", folder)
    shutil.copy(FIXTURES / "sources" / "binary_file.txt", folder / "broken.txt")
    return folder


def test_bad_report_does_not_stop_the_others(tmp_path):
    folder = _folder_with_a_bad_report(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["build", "--seeds", str(folder), "--out", str(out), "--snippets", str(tmp_path / "s")],
    )
    assert result.exit_code == 0
    assert f"ERROR: {folder / 'broken.txt'}: binary" in result.output
    assert (out / "reports" / "004_7980e3df0de4e6bc.md").is_file()


def test_strict_fails_after_trying_every_report(tmp_path):
    folder = _folder_with_a_bad_report(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--seeds",
            str(folder),
            "--out",
            str(out),
            "--snippets",
            str(tmp_path / "s"),
            "--strict",
        ],
    )
    assert result.exit_code == 1
    assert "1 reports converted, 1 errors" in result.output
    assert (out / "reports" / "004_7980e3df0de4e6bc.md").is_file()


def test_duplicate_content_is_one_page_and_reported(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", folder / "a.txt")
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", folder / "b.txt")
    result = CliRunner().invoke(main, ["check", "--seeds", str(folder)])
    assert "same content as" in result.output
    assert "1 reports converted" in result.output


def test_two_files_mapping_to_one_id_is_an_error_naming_both(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "Report A.txt").write_bytes((SEEDS / "003_b2c3a3e35ec255cb.txt").read_bytes())
    (folder / "report-a.txt").write_bytes((SEEDS / "004_7980e3df0de4e6bc.txt").read_bytes())
    result = CliRunner().invoke(main, ["check", "--seeds", str(folder)])
    assert "both map to the id 'report-a'" in result.output
    assert "Report A.txt" in result.output and "report-a.txt" in result.output


def test_stale_generated_pages_are_removed(tmp_path):
    out = tmp_path / "out"
    stale = out / "reports" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    result = CliRunner().invoke(
        main, ["build", "--seeds", str(SEEDS), "--out", str(out), "--snippets", str(tmp_path / "s")]
    )
    assert result.exit_code == 0
    assert not stale.exists()
    pages = [p for p in (out / "reports").glob("*.md") if not p.name.endswith(".original.md")]
    assert len(pages) == 5
