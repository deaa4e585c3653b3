"""Compare PDF text extractors on the invented report printed by headless Chromium.

Usage: .venv/bin/python scripts/compare_pdf_extractors.py [--runs 5]

Prints the PDFs of tests/received_fixtures.py (each layout: running header, page numbers,
justified Chinese text, a table, a sign-off), reads them with pypdfium2 and with pdfplumber,
and prints a Markdown table per library and layout:

* Han characters of the final text against the source (missing / extra, as multisets, after
  the same header/footer removal and line rejoining of generator.pdf_input for both);
* spaces the library itself put between two Han characters in its plain text (page
  number lines left out);
* paragraphs equal to the source's, after the rejoining;
* milliseconds per page for reading the lines (the median of ``--runs`` runs).
"""

from __future__ import annotations

import argparse
import difflib
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.chars import HAN, HAN_CHAR  # noqa: E402
from generator.pdf_input import (  # noqa: E402
    PAGE_NUMBER,
    Char,
    TextLine,
    assemble,
    line_from_chars,
    pdfium_lines,
)
from tests.conftest import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from tests.received_fixtures import LAYOUTS, print_all, report_lines  # noqa: E402

SPACED_HAN = re.compile(f"(?<=[{HAN}]) +(?=[{HAN}])")


def pdfium_pages(path: Path) -> tuple[list[list[TextLine]], str]:
    """pypdfium2: the lines of each page, and the library's own plain text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    pages, plain = [], []
    for index in range(len(document)):
        page = document[index]
        pages.append(pdfium_lines(page, index))
        textpage = page.get_textpage()
        plain.append(textpage.get_text_range())
    document.close()
    return pages, "\n".join(plain)


def pdfplumber_pages(path: Path, nfkc: bool = False) -> tuple[list[list[TextLine]], str]:
    """pdfplumber: its text lines (characters with their boxes), and its plain text."""
    import logging

    import pdfplumber

    # pdfminer warns once per glyph about Chromium's Type 0 font descriptors.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    fix = (lambda s: unicodedata.normalize("NFKC", s)) if nfkc else (lambda s: s)
    pages, plain = [], []
    with pdfplumber.open(path) as document:
        for index, page in enumerate(document.pages):
            lines = []
            for found in page.extract_text_lines(return_chars=True):
                chars = [
                    Char(fix(c["text"]), c["x0"], c["x1"], c["top"], c["bottom"])
                    for c in found["chars"]
                ]
                line = line_from_chars(chars, index)
                if line is not None:
                    lines.append(line)
            pages.append(lines)
            plain.append(fix(page.extract_text() or ""))
    return pages, "\n".join(plain)


EXTRACTORS = {
    "pypdfium2": pdfium_pages,
    "pdfplumber": pdfplumber_pages,
    "pdfplumber+NFKC": lambda path: pdfplumber_pages(path, nfkc=True),
}


def measure(name: str, path: Path, runs: int) -> dict[str, object]:
    read = EXTRACTORS[name]
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        pages, plain = read(path)
        timings.append(time.perf_counter() - start)
    text, _removed = assemble(pages)
    got, want = text.split("\n"), report_lines()
    han_got = Counter(HAN_CHAR.findall(text))
    han_want = Counter(HAN_CHAR.findall("\n".join(want)))
    matcher = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    return {
        "pages": len(pages),
        "han": sum(han_want.values()),
        "missing": sum((han_want - han_got).values()),
        "extra": sum((han_got - han_want).values()),
        # Page numbers (``第 1 页 共 3 页``) are spaced in the source too.
        "spaces": sum(
            len(SPACED_HAN.findall(line))
            for line in plain.splitlines()
            if not PAGE_NUMBER.match(line.strip())
        ),
        "right": sum(block.size for block in matcher.get_matching_blocks()),
        "got": len(got),
        "want": len(want),
        "ms": 1000 * statistics.median(timings) / max(1, len(pages)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timing runs per file (median)")
    args = parser.parse_args()
    if CHROMIUM is None:
        print("no Chromium on this machine (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            try:
                paths = print_all(browser, Path(folder))
            finally:
                browser.close()
        print(
            "| extractor | PDF | pages | Han chars (source) | missing | extra "
            "| spaces between Han (raw) | paragraphs right | ms/page |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for name in EXTRACTORS:
            for layout in LAYOUTS:
                m = measure(name, paths[layout.name], args.runs)
                print(
                    f"| {name} | {layout.name} | {m['pages']} | {m['han']} | {m['missing']} "
                    f"| {m['extra']} | {m['spaces']} | {m['right']}/{m['want']} "
                    f"(got {m['got']}) | {m['ms']:.1f} |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
