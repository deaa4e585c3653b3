"""Numbers as Chinese reports write them: ``1,708``, ``１２.５``, ``十三``, ``两万``, ``251余万``.

Parsing works on one numeral token at a time. ``cn2an`` reads Chinese numerals, but only
single tokens: over whole sentences it rewrites names (七五普法 → 75普法).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

#: Full-width digits and ASCII punctuation map one to one onto ASCII, so offsets in the
#: parse copy are offsets in the displayed text (NFKC would also turn ㎡ into m2).
FULLWIDTH = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
)

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
CN_NUMERAL = f"[{CN_DIGITS}{CN_UNITS}]+(?:点[{CN_DIGITS}]+)?"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
#: 万/亿 (and 千 after Arabic digits) multiply what comes before them.
MAGNITUDES = {"千": 1_000, "万": 10_000, "亿": 100_000_000}

_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

#: No figure of a local report reaches a quadrillion (China's yearly GDP is about 1.3 × 10¹⁴
#: 元): a number from here up is a run of digits (a code, an ID, a scraping accident), not a
#: quantity. Refusing it also keeps Python's int-to-str digit limit (4,300) out of reach.
MAX_FIGURE = Decimal(10) ** 15
#: A numeral longer than this is refused before it is read: no real figure is written with
#: more characters (``1,000,000,000,000.5`` is 19), and a million-digit run stays cheap.
MAX_NUMERAL_CHARS = 32


_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


class NumberError(ValueError):
    """A token that is not a number."""


def parse_parts(number: str, magnitude: str = "") -> Decimal:
    """The value of ``number`` (Arabic or Chinese) times an optional 千/万/亿 ``magnitude``.

    Raises :class:`NumberError` for a number beyond any real figure (:data:`MAX_FIGURE`).
    """
    _check_length(number)
    text = number.translate(FULLWIDTH).replace(",", "")
    value = Decimal(text) if _DECIMAL.fullmatch(text) else parse_chinese(text)
    for char in magnitude:
        value *= MAGNITUDES[char]
    return _sane(value, number + magnitude)


def _check_length(number: str) -> None:
    if len(number) > MAX_NUMERAL_CHARS:
        raise NumberError(f"a numeral of {len(number):,} characters is not a figure")


def _sane(value: Decimal, written: str) -> Decimal:
    if abs(value) >= MAX_FIGURE:
        raise NumberError(f"{written[:MAX_NUMERAL_CHARS]} is beyond any real figure")
    return value


@lru_cache(maxsize=4096)
def parse_chinese(text: str) -> Decimal:
    """``十三`` → 13, ``两万`` → 20000, ``一千七百零八`` → 1708, ``九十九点八九`` → 99.89."""
    if not text or not re.fullmatch(CN_NUMERAL, text):
        raise NumberError(f"not a Chinese numeral: {text!r}")
    if text in {"百", "千", "万"}:  # 百分之百, 千分之千
        return Decimal(MAGNITUDES.get(text, 100))
    integer, _, fraction = text.partition("点")
    if all(c in _CN_VALUES for c in integer) and len(integer) > 1:
        # Digit-by-digit writing, as in years and codes: 二〇二一 → 2021.
        value = Decimal("".join(str(_CN_VALUES[c]) for c in integer))
    else:
        value = Decimal(_cn_integer(integer))
    if fraction:
        value += Decimal("0." + "".join(str(_CN_VALUES[c]) for c in fraction))
    return value


def _cn_integer(text: str) -> int:
    """Positional Chinese integers; cn2an reads them, with a fallback for forms it refuses."""
    try:
        import cn2an

        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        pass
    # cn2an refuses forms such as 两万 in some versions; read them by hand.
    total, section, digit = 0, 0, 0
    for char in text:
        if char in _CN_VALUES:
            digit = _CN_VALUES[char]
        elif char in "十百千":
            section += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
        elif char in "万亿":
            total = (total + section + digit) * MAGNITUDES[char]
            section = digit = 0
        else:
            raise NumberError(f"not a Chinese numeral: {text!r}")
    return total + section + digit


def parse_percent(text: str) -> Decimal:
    """``百分之百`` → 100, ``百分之九十九点八九`` → 99.89."""
    if not text.startswith("百分之"):
        raise NumberError(f"not a percentage: {text!r}")
    rest = text[3:]
    _check_length(rest)
    if _DECIMAL.fullmatch(rest.translate(FULLWIDTH)):
        return _sane(Decimal(rest.translate(FULLWIDTH)), text)
    return _sane(parse_chinese(rest), text)


def to_number(value: Decimal) -> int | float:
    """An int when the value is whole, else a float rounded to what the text could say."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 6))
