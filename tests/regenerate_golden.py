"""Regenerate tests/golden/ from seeds/ (``make golden``); review the diff before committing."""

from __future__ import annotations

import json

from generator.build import gather
from generator.render import ANNOTATIONS_SUFFIX, annotations, render_report

from .conftest import SEEDS

GOLDEN = SEEDS.parent / "tests" / "golden"


def rendered_seeds() -> dict[str, str]:
    result = gather(SEEDS)
    if result.errors:
        raise SystemExit("\n".join(map(str, result.errors)))
    return {f"{r.id}.md": render_report(r) for r in result.reports}


def annotation_files(result) -> dict[str, str]:
    """Each seed's annotations (generator.mdx's data), indented for a reviewer."""
    return {
        f"{r.id}{ANNOTATIONS_SUFFIX}": _one_record_a_line(annotations(r)) for r in result.reports
    }


def _one_record_a_line(data: dict) -> str:
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    paragraphs = ",\n".join(
        f"  {dump(anchor)}: [\n" + ",\n".join(f"   {dump(r)}" for r in records) + "\n  ]"
        for anchor, records in data["paragraphs"].items()
    )
    head = ",\n".join(f" {dump(k)}: {dump(v)}" for k, v in data.items() if k != "paragraphs")
    return f'{{\n{head},\n "paragraphs": {{\n{paragraphs}\n }}\n}}\n'


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    result = gather(SEEDS)
    if result.errors:
        raise SystemExit("\n".join(map(str, result.errors)))
    pages = {f"{r.id}.md": render_report(r) for r in result.reports}
    pages |= annotation_files(result)
    for stale in [*GOLDEN.glob("*.md"), *GOLDEN.glob(f"*{ANNOTATIONS_SUFFIX}")]:
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()
