"""Build the archive from a seeds folder into a temporary tree, as `make site` does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def build_site(seeds: Path, workdir: Path, strict: bool = True, site_url: str = "") -> Path:
    """Convert ``seeds`` and run ``mkdocs build --strict``; return the site folder.

    ``site_url``: the published address (SITE_URL); a SITE_URL of the caller's environment
    (a deployer's shell, the CI job) is not inherited, so that every test site is local.
    """
    build_dir, site_dir = workdir / "build", workdir / "site"
    env = {**os.environ, "ARCHIVE_BUILD_DIR": str(build_dir), "ARCHIVE_SEEDS": str(seeds)}
    env["ARCHIVE_DOCS_DIR"] = str(build_dir / "docs")
    env["SITE_URL"] = site_url
    subprocess.run(
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
            *(["--strict"] if strict else []),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        raise AssertionError(f"mkdocs build --strict failed:\n{completed.stderr}")
    return site_dir
