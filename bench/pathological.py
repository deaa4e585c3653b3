"""Pathological reports: runaway text that real dirty input produces, and its conversion time.

Each case builds a report of about a given size in bytes from one repeated shape (50,000
lines ending in a comma, a million digits, 20,000 nested brackets…). A report is converted
as a worker converts it (``generator.build.convert_and_render``), then cited (GB/T 7714,
BibTeX, CSL-JSON), in a forked child stopped after a time limit, so a hang is reported and
never waited out. Run at two sizes, the ratio of the times shows whether the work grows
linearly (a ratio near 2 for twice the size) or worse (4 for quadratic).

    python -m bench.pathological                      # every case at 0.5 and 1 MB
    python -m bench.pathological --sizes 0.25 0.5 --cases comma_lines digit_run
    python -m bench.pathological --write-readme       # the table into bench/README.md

``tests/test_pathological.py`` runs the same cases as correctness tests.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import cite
from generator.build import convert_and_render
from generator.chars import HAN_CHAR
from generator.normalize import to_simplified
from generator.render import assemble

ROOT = Path(__file__).resolve().parent.parent
README = Path(__file__).with_name("README.md")
START, END = "<!-- pathological:start -->", "<!-- pathological:end -->"

#: The title and opening every case shares, so that each report has a place and a year and
#: converts under ``--strict`` when its runaway part lets it.
HEAD = (
    "余杭街道2020年法治政府建设工作报告\n"
    "2020年，杭州市余杭区余杭街道坚持依法行政，全年调解纠纷5件。\n"
)
TAIL = "\n杭州市余杭区人民政府余杭街道办事处\n2021年3月30日\n"


def _fill(piece: str, size: int, sep: str = "") -> str:
    """``piece`` repeated (joined by ``sep``) to about ``size`` bytes of UTF-8."""
    step = len((piece + sep).encode("utf-8"))
    return sep.join([piece] * max(1, size // step))


def _line(body: str) -> str:
    # A figure on each side of the runaway part: its clause and label are read across it.
    return HEAD + "全年共办理案件3件" + body + "受理纠纷12件，同比增长5%。" + TAIL


@dataclass(frozen=True)
class Case:
    """One pathological shape: ``build(size)`` is a report of about ``size`` bytes."""

    name: str
    what: str
    build: Callable[[int], str]


CASES: tuple[Case, ...] = (
    # --- the cases ---
    Case(
        "comma_lines",
        "lines each ending in “，”",
        lambda n: _line(_fill("推进依法行政工作，", n, "\n")),
    ),
    Case("digit_run", "one run of digits as a figure", lambda n: _line("受理" + "7" * n + "件。")),
    Case(
        "nested_brackets",
        "（ nested n deep",
        lambda n: _line("（" * (n // 6) + "法治" + "）" * (n // 6) + "。"),
    ),
    Case("de_one_line", "“的” repeated on one line", lambda n: _line("的" * (n // 3))),
    Case(
        "unclosed_book_titles",
        "“《” opened and never closed, on one line",
        lambda n: _line(_fill("《依法", n) + "。"),
    ),
    Case(
        "unclosed_book_title_lines",
        "lines each opening a “《”",
        lambda n: _line(_fill("学习《法治政府建设", n, "\n")),
    ),
    # --- more of what dirty text produces ---
    Case(
        "one_line_no_punctuation",
        "one enormous line of prose with no punctuation",
        lambda n: _line(_fill("坚持依法行政推进法治政府建设全面提升基层治理水平", n)),
    ),
    Case(
        "one_line_of_sentences",
        "one enormous line of sentences with figures",
        lambda n: _line(_fill("开展普法宣传活动30余场，发放资料2000份，受益群众1.2万人次。", n)),
    ),
    Case(
        "heading_lines",
        "heading-like lines 一、（一）1、 with no text under them",
        lambda n: _line(_fill("一、主要工作\n（一）强化组织领导\n1、健全工作机制", n, "\n")),
    ),
    Case(
        "qizhong_clauses",
        "其中/共 clauses with figures in one paragraph",
        lambda n: _line(_fill("共受理矛盾纠纷120件，其中调解成功118件，同比增长5%，", n) + "。"),
    ),
    Case(
        "figure_list",
        "one 、-separated list of figures",
        lambda n: _line("受理纠纷分别为" + _fill("12件", n, "、") + "。"),
    ),
    Case(
        "dense_percent",
        "a growth rate after a growth rate, with nothing between",
        lambda n: _line(_fill("增长5%", n) + "。"),
    ),
    Case(
        "fullwidth_digits",
        "a run of full-width digits",
        lambda n: _line("受理" + "１" * (n // 3) + "件。"),
    ),
    Case(
        "chinese_numerals",
        "a run of Chinese numerals 一二三…",
        lambda n: _line("受理" + _fill("一二三四五六七八九十百千万亿", n) + "件。"),
    ),
    Case(
        "percent_words",
        "百分之… repeated",
        lambda n: _line(_fill("满意率百分之九十九点八九，", n) + "。"),
    ),
    Case(
        "ascii_spaces",
        "a run of spaces inside a sentence",
        lambda n: _line("依法" + " " * n + "行政。"),
    ),
    Case(
        "ideographic_spaces",
        "a run of ideographic spaces inside a sentence",
        lambda n: _line("依法" + "\u3000" * (n // 3) + "行政。"),
    ),
    Case(
        "spaced_characters",
        "a .docx extraction with a space after every character",
        lambda n: _line(_fill("依 法 行 政 受 理 1 2 0 件 ，", n)),
    ),
    Case(
        "book_title_pairs",
        "《…》 citations one after another",
        lambda n: _line(_fill("学习《中华人民共和国民法典》《法治政府建设实施纲要》，", n) + "。"),
    ),
    Case(
        "unclosed_quotes",
        "“ opened and never closed",
        lambda n: _line(_fill("“三个一", n) + "。"),
    ),
    Case(
        "dates",
        "date-like strings one after another",
        lambda n: _line(_fill("2020年3月1日、2021-04-05、12月底、10:30，", n) + "。"),
    ),
    Case(
        "chrome_lines",
        "page chrome repeated on every line",
        lambda n: _line(_fill("打印本页 关闭窗口 来源：区司法局 浏览次数：12", n, "\n")),
    ),
    Case(
        "ascii_url",
        "one long run of ASCII with no space (a URL)",
        lambda n: _line("详见" + "https://example.com/" + _fill("a1/b2?c=3&", n) + "。"),
    ),
    Case(
        "ascii_words",
        "ASCII words and spaces",
        lambda n: _line(_fill("rule of law report 2020 ", n) + "。"),
    ),
    Case(
        "pinyin_glosses",
        "mirror-site pinyin glosses after every character",
        lambda n: _line(_fill("區(qū)司(sī)法(fǎ)局(jú)", n) + "。"),
    ),
    Case(
        "place_names",
        "place names one after another",
        lambda n: _line(_fill("杭州市余杭区余杭街道、闲林街道、仓前街道，", n) + "。"),
    ),
    Case(
        "glossary_terms",
        "glossary terms one after another",
        lambda n: _line(_fill("坚持和发展新时代枫桥经验，人民调解，社区矫正，", n) + "。"),
    ),
    Case(
        "repeated_title_lines",
        "the title line repeated on every line",
        lambda n: _fill("余杭街道2020年法治政府建设工作报告", n, "\n") + "\n" + _line(""),
    ),
    Case("short_lines", "one character per line", lambda n: _line(_fill("法", n, "\n"))),
    Case("blank_lines", "empty lines", lambda n: _line("\n" * n)),
    Case(
        "inline_numbered_items",
        "numbered items glued on one line (1、…。2、…。)",
        lambda n: _line("1、" + "".join(f"第{i}项工作完成。{i + 1}、" for i in range(n // 30))),
    ),
    Case(
        "traditional_text",
        "Traditional Chinese, converted to Simplified",
        lambda n: (
            "餘杭街道2020年法治政府建設工作報告\n"
            + _fill("堅持依法行政，著力推進法治政府建設，受理糾紛12件。", n, "\n")
            + TAIL
        ),
    ),
    Case(
        "astral_han",
        "Han characters outside the BMP (CJK Extension B)",
        lambda n: _line(_fill("\U00020000\U00020001法治", n)),
    ),
    Case(
        "only_whitespace",
        "spaces, ideographic spaces, tabs and line breaks and nothing else",
        lambda n: _fill(" \u3000\t", n, "\n"),
    ),
    Case(
        "signature_lines",
        "organisation and date lines, like a signature, repeated",
        lambda n: _line(_fill("余杭街道办事处\n2021年3月30日", n, "\n")),
    ),
)

BY_NAME = {case.name: case for case in CASES}


# --- one conversion, stopped after a limit ------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What converting one pathological report gave."""

    seconds: float
    hang: bool = False
    error: str | None = None  # the report's located error (str of a GeneratorError)
    crash: str | None = None  # anything else: a traceback, which must never happen
    lost: str = ""  # Han characters of the input missing from the page (a multiset)
    figures: int = 0
    largest: float = 0  # the largest figure's magnitude


def _han(text: str) -> Counter[str]:
    return Counter(HAN_CHAR.findall(text))


def convert_and_cite(path: Path) -> Outcome:
    """Convert, render and cite ``path`` in this process; what the build does per report."""
    start = time.perf_counter()
    item = convert_and_render(path)
    if item.error is not None:
        return Outcome(time.perf_counter() - start, error=str(item.error))
    report = item.report
    page = assemble(report, item.parts).decode("utf-8")
    relative = f"reports/{report.id}.html"
    for style in (cite.gb7714, cite.bibtex, cite.csl_json):
        style(report, relative)
    seconds = time.perf_counter() - start
    text = path.read_text(encoding="utf-8")
    # Repeated title lines are dropped on purpose (and counted in the front matter).
    expected = _han(to_simplified(text, report.normalized.script))
    for line in report.document.repeated_titles:
        expected.subtract(_han(line.text))
    lost = expected - _han(page)
    return Outcome(
        seconds,
        lost="".join(lost.elements()),
        figures=len(report.metrics),
        largest=max((abs(m.value) for m in report.metrics), default=0),
    )


def _child(path: str, conn) -> None:
    try:
        conn.send(convert_and_cite(Path(path)))
    except BaseException:  # reported to the parent, which fails the case
        conn.send(Outcome(0.0, crash=traceback.format_exc()))
    finally:
        conn.close()


def run_with_limit(path: Path, limit: float) -> Outcome:
    """:func:`convert_and_cite` in a forked child, stopped after ``limit`` seconds (a hang)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    start = time.perf_counter()
    process = context.Process(target=_child, args=(str(path), send), daemon=True)
    process.start()
    send.close()
    try:
        if receive.poll(limit):
            try:
                return receive.recv()
            except EOFError:
                process.join()
                return Outcome(
                    time.perf_counter() - start, crash=f"child exited {process.exitcode}"
                )
        return Outcome(time.perf_counter() - start, hang=True)
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()


def write_case(case: Case, size: int, folder: Path) -> Path:
    path = folder / f"{case.name}.txt"
    path.write_text(case.build(size), encoding="utf-8")
    return path


# --- the table ----------------------------------------------------------------------------


def warm() -> None:
    """Load the gazetteer, glossary, laws and OpenCC once, before forking the children."""
    with tempfile.TemporaryDirectory() as tmp:
        convert_and_cite(write_case(CASES[0], 2_000, Path(tmp)))


def _cell(outcome: Outcome, mb: float) -> str:
    if outcome.hang:
        return f"> {outcome.seconds:.0f} s (stopped)"
    if outcome.crash:
        return "crash"
    return f"{outcome.seconds:.2f} s ({outcome.seconds / mb:.2f} s/MB)"


def measure(cases: list[Case], sizes: list[float], limit: float, out=sys.stdout) -> list[str]:
    """Every case at every size (MB); prints and returns the Markdown table's rows."""
    warm()
    head = "| case | what | " + " | ".join(f"{s:g} MB" for s in sizes) + " | ratio | result |"
    rows = [head, "|---|---|" + "---:|" * len(sizes) + "---:|---|"]
    for line in rows:
        print(line, file=out, flush=True)
    with tempfile.TemporaryDirectory(prefix="pathological-") as tmp:
        for case in cases:
            outcomes = []
            for mb in sizes:
                path = write_case(case, int(mb * 1_000_000), Path(tmp))
                outcomes.append(run_with_limit(path, limit))
                path.unlink()
            first, last = outcomes[0], outcomes[-1]
            done = not (first.hang or last.hang or first.crash or last.crash)
            ratio = f"{last.seconds / first.seconds:.1f}" if done and first.seconds else "–"
            result = _result(last)
            cells = " | ".join(_cell(o, mb) for o, mb in zip(outcomes, sizes, strict=True))
            row = f"| {case.name} | {case.what} | {cells} | {ratio} | {result} |"
            rows.append(row)
            print(row, file=out, flush=True)
    return rows


def _result(outcome: Outcome) -> str:
    if outcome.hang:
        return "hang"
    if outcome.crash:
        return "crash: " + outcome.crash.strip().splitlines()[-1][:80]
    if outcome.error:
        return "error: " + outcome.error.split(": ", 1)[-1][:80]
    lost = f", {len(outcome.lost)} Han lost" if outcome.lost else ""
    return f"converted, {outcome.figures} figures{lost}"


def write_readme(rows: list[str], sizes: list[float], limit: float) -> None:
    text = README.read_text(encoding="utf-8")
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    args = " ".join(f"{s:g}" for s in sizes)
    block = "\n".join(
        [
            START,
            f"Measured {when} with `python -m bench.pathological --sizes {args} "
            f"--limit {limit:g}` on {os.cpu_count()} CPUs, Python {sys.version.split()[0]} "
            f"(load average {os.getloadavg()[0]:.1f} at the end: other jobs shared the CPUs). "
            "Seconds are wall time of one report's conversion, rendering and citation; "
            "the ratio is the time at the larger size over the smaller.",
            "",
            *rows,
            END,
        ]
    )
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1.0], help="MB")
    parser.add_argument("--cases", nargs="+", choices=sorted(BY_NAME), help="default: all")
    parser.add_argument("--limit", type=float, default=120, help="seconds before a case is stopped")
    parser.add_argument("--write-readme", action="store_true", help="put the table in README.md")
    args = parser.parse_args(argv)
    cases = [BY_NAME[name] for name in args.cases] if args.cases else list(CASES)
    rows = measure(cases, args.sizes, args.limit)
    if args.write_readme:
        write_readme(rows, args.sizes, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
