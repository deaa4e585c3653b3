"""Regenerate tests/golden/ from seeds/ (``make golden``); review the diff before committing."""

from __future__ import annotations

from generator.build import gather
from generator.render import render_report

from .conftest import SEEDS

GOLDEN = SEEDS.parent / "tests" / "golden"


def rendered_seeds() -> dict[str, str]:
    result = gather(SEEDS)
    if result.errors:
        raise SystemExit("\n".join(map(str, result.errors)))
    return {f"{r.id}.md": render_report(r) for r in result.reports}


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    pages = rendered_seeds()
    for stale in GOLDEN.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()
