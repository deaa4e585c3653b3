"""The converter's docs tree is the whole site: MkDocs publishes it without the hook."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.build


def _config_without_hooks(tmp_path: Path) -> Path:
    """mkdocs.yml with its hooks (and the folders it watches for them) taken out, every
    project-relative path made absolute: the configuration another tool would read."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text, hooks = re.subn(r"^hooks:\n(?:  - .*\n)+", "", text, flags=re.M)
    text, watched = re.subn(r"^watch:\n(?:  - .*\n)+", "", text, flags=re.M)
    assert hooks == 1 and watched == 1, "mkdocs.yml no longer lists hooks as this test expects"
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def test_mkdocs_publishes_every_report_from_the_assembled_tree_without_the_hook(tmp_path):
    build_dir, site = tmp_path / "build", tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": ""}
    env["ARCHIVE_DOCS_DIR"] = str(build_dir / "docs")
    convert = [sys.executable, "-m", "generator", "build", "--seeds", str(SEEDS)]
    convert += ["--out", str(build_dir / "docs"), "--snippets", str(build_dir / "snippets")]
    convert += ["--docs", str(ROOT / "docs"), "--strict"]
    subprocess.run(convert, cwd=ROOT, env=env, check=True, capture_output=True)
    config = _config_without_hooks(tmp_path)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    # Links to figures in the text point at ids generator.mdx makes: MkDocs sees them.
    assert "no such anchor" not in built.stderr
    seeds = sorted(p.stem for p in SEEDS.glob("*.txt"))
    pages = (site / "reports").glob("*.html")
    published = sorted(p.stem for p in pages if not p.stem.endswith(".original"))
    assert published == seeds
    # The hand-written pages and the home page's overview (a snippet, included by the converter).
    assert (site / "about.html").is_file() and (site / "data.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "8&lt;" not in home and "--8<--" not in home
    assert "档案现收录" in home  # the overview's first sentence
    for report in seeds:
        page = (site / "reports" / f"{report}.html").read_text(encoding="utf-8")
        assert 'id="s1"' in page, report
