"""The number parser: every form the reports use, and no crash on anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.metrics import _tokens
from generator.numbers import NumberError, parse_chinese, parse_parts, parse_percent


@pytest.mark.parametrize(
    ("number", "magnitude", "expected"),
    [
        ("42", "", Decimal(42)),
        ("99.89", "", Decimal("99.89")),
        ("１２.５", "", Decimal("12.5")),
        ("1,708", "", Decimal(1708)),
        ("11.34", "万", Decimal(113400)),
        ("95501.5", "万", Decimal(955015000)),
        ("251", "万", Decimal(2510000)),
        ("19", "亿", Decimal(1900000000)),
        ("7", "千", Decimal(7000)),
        ("十三", "", Decimal(13)),
        ("两", "万", Decimal(20000)),
        ("一千七百零八", "", Decimal(1708)),
        ("十", "", Decimal(10)),
        ("二十一", "", Decimal(21)),
        ("九十九点八九", "", Decimal("99.89")),
    ],
)
def test_number_forms(number, magnitude, expected):
    assert parse_parts(number, magnitude) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("百分之百", 100), ("百分之九十九点八九", Decimal("99.89"))]
)
def test_chinese_percentages(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "七五普法", "十九届"])
def test_non_numerals_are_refused(text):
    with pytest.raises(NumberError):
        parse_chinese(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_integers_round_trip(n):
    assert parse_parts(str(n)) == n
    assert parse_parts(f"{n:,}") == n
    assert parse_parts(str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})) == n


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_integers_round_trip(n):
    import cn2an

    assert parse_chinese(cn2an.an2cn(n)) == n


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["万", "亿", "千"]))
def test_magnitudes_multiply(n, magnitude):
    factor = {"千": 1000, "万": 10_000, "亿": 100_000_000}[magnitude]
    assert parse_parts(str(n), magnitude) == n * factor


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(d):
    assert parse_parts(f"{d:.2f}") == d


@given(
    st.text(
        alphabet="0123456789０１２３.,%％万亿千余多近约以上左右一二两三十百千零〇点件名次个元年月日号第《》“”、，。分之",
        max_size=60,
    )
)
def test_tokenizer_never_crashes_and_spans_are_inside_the_text(text):
    for token in _tokens(text):
        assert 0 <= token.start < token.end <= len(text)
        assert token.value >= 0


@given(st.text(max_size=200))
def test_tokenizer_never_crashes_on_any_text(text):
    _tokens(text)


@given(
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from(
        [
            ("{n}件", 1, "件", False),
            ("{n}余份", 1, "份", True),
            ("{n}多人次", 1, "人次", True),
            ("{n}万元", 10_000, "元", False),
            ("{n}余万元", 10_000, "元", True),
            ("{n}万余人次", 10_000, "人次", True),
            ("约{n}亿元", 100_000_000, "元", True),
            ("{n}%", 1, "%", False),
            ("近{n}倍", 1, "倍", True),
        ]
    ),
)
def test_written_forms_round_trip_through_the_tokenizer(n, form):
    template, factor, unit, approx = form
    text = "全年" + template.format(n=n) + "。"
    (token,) = _tokens(text)
    assert (token.value, token.unit, token.approx) == (n * factor, unit, approx)
    assert token.text == template.format(n=n)
