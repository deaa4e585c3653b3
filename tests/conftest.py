from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The seeds built into a site with `mkdocs build --strict` (once per test session)."""
    from .site_build import build_site

    return build_site(SEEDS, tmp_path_factory.mktemp("archive"))
