"""Runaway text: each report converts (and is rendered and cited) in bounded time, whole.

One test per shape of the issue and of what dirty text produces besides (the shapes are in
``bench/pathological.py``, which also times them: ``python -m bench.pathological``). Each
report is converted in a forked child that is stopped after :data:`LIMIT` seconds: a case
that takes longer fails as a hang, it never passes slowly. Where a report converts, no Han
character of it is missing from its page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import pathological
from bench.pathological import BY_NAME, Outcome, run_with_limit, write_case
from generator.build import convert_and_render, gather
from generator.metrics import MAX_FIGURES
from generator.numbers import MAX_FIGURE, NumberError, parse_parts, to_number
from generator.render import render_report

#: Generous: every case takes a few seconds at most on a loaded 2-core machine.
LIMIT = 60
#: Figures every case has around its runaway part (5件, 3件, 12件, 5%).
AROUND = 4
KB = 1_000


@pytest.fixture(scope="module", autouse=True)
def _loaded():
    """Gazetteer, glossary, laws and OpenCC loaded once; the forked children share them."""
    pathological.warm()


def _convert(tmp_path: Path, name: str, size: int) -> Outcome:
    path = write_case(BY_NAME[name], size, tmp_path)
    outcome = run_with_limit(path, LIMIT)
    if outcome.hang:
        pytest.fail(f"hang: {path.name} ({size:,} bytes) did not convert within {LIMIT} s")
    assert outcome.crash is None, outcome.crash
    return outcome


def _converts_whole(tmp_path: Path, name: str, size: int = 300 * KB) -> Outcome:
    """The case converts, renders and cites, and its page keeps every Han character."""
    outcome = _convert(tmp_path, name, size)
    assert outcome.error is None, outcome.error
    assert outcome.lost == "", f"{len(outcome.lost)} Han characters missing from the page"
    assert outcome.largest < MAX_FIGURE
    return outcome


# --- the cases -------------------------------------------------------------------


def test_fifty_thousand_lines_ending_in_a_comma_convert_in_bounded_time(tmp_path):
    line = "推进依法行政工作，\n"
    _converts_whole(tmp_path, "comma_lines", 50_000 * len(line.encode()))


def test_a_million_digits_in_a_row_convert_and_are_not_a_figure(tmp_path):
    outcome = _converts_whole(tmp_path, "digit_run", 1_000_000)
    assert outcome.figures == AROUND


def test_a_hundred_thousand_digits_convert_without_a_crash(tmp_path):
    outcome = _converts_whole(tmp_path, "digit_run", 100_000)
    assert outcome.figures == AROUND


def test_twenty_thousand_nested_brackets_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "nested_brackets", 20_000 * 6)


def test_fifty_thousand_de_on_one_line_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "de_one_line", 50_000 * 3)


def test_twenty_thousand_unclosed_book_title_marks_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "unclosed_book_titles", 20_000 * len("《依法".encode()))


def test_lines_each_opening_a_book_title_mark_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "unclosed_book_title_lines")


# --- figures beyond a sane magnitude -----------------------------------------------------


def test_a_figure_of_more_than_4300_digits_is_not_a_figure_and_its_page_renders(tmp_path):
    path = tmp_path / "long-figure.txt"
    path.write_text(pathological.HEAD + "受理" + "9" * 4_301 + "件。\n", encoding="utf-8")
    item = convert_and_render(path)
    assert item.error is None
    assert [m.text for m in item.report.metrics] == ["5件"]
    assert "9" * 4_301 in render_report(item.report)


def test_a_figure_of_a_quadrillion_or_more_is_refused_and_just_below_is_read():
    assert to_number(parse_parts("999999999999999")) == 999_999_999_999_999
    for written, magnitude in [("1000000000000000", ""), ("1000", "万亿"), ("1" + "0" * 40, "")]:
        with pytest.raises(NumberError):
            parse_parts(written, magnitude)


def test_a_run_of_full_width_digits_converts_and_is_not_a_figure(tmp_path):
    outcome = _converts_whole(tmp_path, "fullwidth_digits")
    assert outcome.figures == AROUND


def test_a_run_of_chinese_numerals_converts_and_is_not_a_figure(tmp_path):
    outcome = _converts_whole(tmp_path, "chinese_numerals")
    assert outcome.figures == AROUND


# --- what dirty text produces besides ----------------------------------------------------


def test_one_enormous_line_with_no_punctuation_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "one_line_no_punctuation", 1_000 * KB)


def test_one_enormous_line_of_sentences_with_figures_converts_with_every_figure(tmp_path):
    sentence = "开展普法宣传活动30余场，发放资料2000份，受益群众1.2万人次。"
    size = 100 * KB  # under MAX_FIGURES figures: every one is read
    outcome = _converts_whole(tmp_path, "one_line_of_sentences", size)
    assert outcome.figures == AROUND + 3 * (size // len(sentence.encode())) < MAX_FIGURES


def test_tens_of_thousands_of_heading_lines_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "heading_lines")


def test_thousands_of_qizhong_and_gong_clauses_convert_with_every_figure(tmp_path):
    clause = "共受理矛盾纠纷120件，其中调解成功118件，同比增长5%，"
    size = 300 * KB
    outcome = _converts_whole(tmp_path, "qizhong_clauses", size)
    assert outcome.figures == min(AROUND + 3 * (size // len(clause.encode())), MAX_FIGURES)


def test_a_list_of_tens_of_thousands_of_figures_converts_with_the_first_five_thousand(tmp_path):
    outcome = _converts_whole(tmp_path, "figure_list", 300 * KB)
    assert outcome.figures == MAX_FIGURES


def test_a_megabyte_of_dense_percentages_converts_in_bounded_time(tmp_path):
    outcome = _converts_whole(tmp_path, "dense_percent", 1_000_000)
    assert outcome.figures == MAX_FIGURES


def test_a_report_with_more_figures_than_the_limit_warns_and_keeps_its_text(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    write_case(BY_NAME["dense_percent"], 200 * KB, folder)
    result = gather(folder, jobs=1)
    (report,) = result.reports
    assert len(report.metrics) == MAX_FIGURES
    assert any(f"more than {MAX_FIGURES:,} figures" in w for w in result.warnings)
    # The bounded figure table keeps the page near the size of the text, not 80 times it.
    page = render_report(report)
    assert len(page.encode()) < 20 * 200 * KB


def test_repeated_percentages_in_words_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "percent_words")


def test_a_long_run_of_spaces_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "ascii_spaces", 1_000 * KB)


def test_a_long_run_of_ideographic_spaces_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "ideographic_spaces", 1_000 * KB)


def test_a_docx_extraction_with_a_space_after_every_character_converts_in_bounded_time(
    tmp_path,
):
    _converts_whole(tmp_path, "spaced_characters")


def test_thousands_of_book_title_pairs_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "book_title_pairs")


def test_thousands_of_unclosed_quotes_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "unclosed_quotes")


def test_thousands_of_date_like_strings_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "dates")


def test_page_chrome_repeated_on_every_line_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "chrome_lines")


def test_a_long_url_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "ascii_url")


def test_ascii_words_and_spaces_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "ascii_words")


def test_pinyin_glosses_after_every_character_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "pinyin_glosses")


def test_place_names_one_after_another_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "place_names")


def test_glossary_terms_one_after_another_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "glossary_terms")


def test_the_title_repeated_on_every_line_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "repeated_title_lines")


def test_one_character_per_line_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "short_lines", 200 * KB)


def test_hundreds_of_thousands_of_empty_lines_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "blank_lines")


def test_numbered_items_glued_on_one_line_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "inline_numbered_items")


def test_a_long_traditional_report_converts_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "traditional_text")


def test_han_characters_outside_the_bmp_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "astral_han")


def test_signature_lines_repeated_convert_in_bounded_time(tmp_path):
    _converts_whole(tmp_path, "signature_lines")


def test_a_megabyte_of_whitespace_fails_as_a_located_error_naming_the_file(tmp_path):
    outcome = _convert(tmp_path, "only_whitespace", 1_000 * KB)
    assert outcome.error is not None
    assert outcome.error.startswith(str(tmp_path / "only_whitespace.txt") + ":")


def test_every_case_of_the_bench_has_a_test_here():
    tested = Path(__file__).read_text(encoding="utf-8")
    assert [c.name for c in pathological.CASES if f'"{c.name}"' not in tested] == []
