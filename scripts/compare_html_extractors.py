"""Compare main-text extractors on saved government pages: which keeps the report whole.

Usage: ``python scripts/compare_html_extractors.py [PAGE.html ...]`` (with gne on
``PYTHONPATH`` to include it) (default: the test
fixtures ``tests/fixtures/html/*.html``). Each page needs its expected text beside it as
``<page>.expected.txt`` (title, headings, paragraphs and sign-off, one a line).

For each extractor and page: Han characters of the expected text kept and lost, Han
characters let in that are not in it (page chrome), expected lines found exactly as lines,
and the median time of five runs. Every extractor gets the same decoded string, with
scripts, styles and comments removed (what :mod:`generator.html_input` hands trafilatura).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.chars import HAN_CHAR  # noqa: E402
from generator.html_input import (  # noqa: E402
    _html_title,
    _metas,
    assemble,
    decode_page,
    drop_code,
    find_title,
    main_text_lines,
    read_html,
    visible_lines,
)

RUNS = 5


def _tree(text: str) -> lxml.html.HtmlElement:
    root = lxml.html.document_fromstring(text)
    drop_code(root)
    return root


def trafilatura_raw(text: str, path: Path) -> list[str]:
    return main_text_lines(_tree(text), sections_as_divs=False) or []


def reader(text: str, path: Path) -> list[str]:
    return read_html(path, path.read_bytes()).text.splitlines()


def justext_lines(text: str, path: Path) -> list[str]:
    """jusText has no Chinese stop list: stop-word density is switched off, and its length
    limits (characters, tuned for European words) scaled down by three for Han."""
    import justext

    html = lxml.html.tostring(_tree(text), encoding="unicode")
    paragraphs = justext.justext(
        html,
        frozenset(),
        length_low=24,
        length_high=66,
        stopwords_low=0.0,
        stopwords_high=0.0,
    )
    return [p.text for p in paragraphs if not p.is_boilerplate]


def gne_lines(text: str, path: Path) -> list[str]:
    """gne (not a dependency: ``pip install --target DIR gne`` and put DIR on PYTHONPATH)."""
    from gne import GeneralNewsExtractor

    html = lxml.html.tostring(_tree(text), encoding="unicode")
    return GeneralNewsExtractor().extract(html)["content"].splitlines()


def completed(extract: Callable[[str, Path], list[str]]) -> Callable[[str, Path], list[str]]:
    """``extract``'s lines given the reader's own completion (title, sign-off, trimming),
    to tell the extractor's share from the completion's."""

    def run(text: str, path: Path) -> list[str]:
        root = _tree(text)
        metas = _metas(root)
        title = find_title(root, metas, _html_title(root))
        return assemble(extract(text, path), visible_lines(root), title).lines

    return run


_CONTAINERS = ("div", "td", "article", "section", "main", "body")


def largest_block(text: str, path: Path) -> list[str]:
    """The visible lines of the element whose own paragraphs (its text, direct ``<p>``
    children and text between ``<br>``) hold the most Han characters."""
    root = _tree(text)
    best, best_han = root, -1
    for element in root.iter(*_CONTAINERS):
        own = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str) and child.tag in ("p", "br", "span", "font", "b"):
                own.append(child.text_content() if child.tag != "br" else "")
            own.append(child.tail or "")
        han = len(HAN_CHAR.findall("".join(own)))
        if han > best_han:
            best, best_han = element, han
    return visible_lines(best)


EXTRACTORS: dict[str, Callable[[str, Path], list[str]]] = {
    "trafilatura 2.3.1 (as is)": trafilatura_raw,
    "read_html: trafilatura + the reader's completion": reader,
    "jusText 3.0.2 (no stop list)": justext_lines,
    "lxml largest text block": largest_block,
    "lxml largest text block + the reader's completion": completed(largest_block),
}
try:
    import gne  # noqa: F401
except ImportError:
    print("gne is not installed: left out of the comparison", file=sys.stderr)
else:
    EXTRACTORS["gne 0.4.3"] = gne_lines
    EXTRACTORS["gne 0.4.3 + the reader's completion"] = completed(gne_lines)


def _key(line: str) -> str:
    return "".join(line.split())


def measure(path: Path, expected: list[str], extract) -> dict[str, float]:
    text = decode_page(path, path.read_bytes()).text
    times = []
    lines: list[str] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        lines = extract(text, path)
        times.append(time.perf_counter() - start)
    want = Counter(HAN_CHAR.findall("".join(expected)))
    got = Counter(HAN_CHAR.findall("".join(lines)))
    kept = sum((want & got).values())
    keys = {_key(line) for line in lines}
    return {
        "expected": sum(want.values()),
        "kept": kept,
        "lost": sum(want.values()) - kept,
        "extra": sum(got.values()) - kept,
        "lines_right": sum(_key(line) in keys for line in expected),
        "lines": len(expected),
        "ms": statistics.median(times) * 1000,
    }


def main(argv: list[str]) -> int:
    pages = [Path(a) for a in argv] or sorted((ROOT / "tests/fixtures/html").glob("*.html"))
    # Warm up the libraries once (imports, trafilatura's first call) outside the timings.
    for extract in EXTRACTORS.values():
        extract(decode_page(pages[0], pages[0].read_bytes()).text, pages[0])
    print("| extractor | page | Han kept / expected | lost | extra | lines right | ms |")
    print("|---|---|---|---|---|---|---|")
    totals: dict[str, Counter] = {name: Counter() for name in EXTRACTORS}
    for name, extract in EXTRACTORS.items():
        for page in pages:
            expected = page.with_suffix(".expected.txt").read_text("utf-8").splitlines()
            m = measure(page, expected, extract)
            totals[name].update({k: v for k, v in m.items()})
            print(
                f"| {name} | {page.stem} | {m['kept']}/{m['expected']} | {m['lost']} | "
                f"{m['extra']} | {m['lines_right']}/{m['lines']} | {m['ms']:.1f} |"
            )
    print()
    print("| extractor | Han kept | lost | extra | lines right | ms per page (mean) |")
    print("|---|---|---|---|---|---|")
    for name, t in totals.items():
        print(
            f"| {name} | {t['kept']}/{t['expected']} | {t['lost']} | {t['extra']} | "
            f"{t['lines_right']}/{t['lines']} | {t['ms'] / len(pages):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
