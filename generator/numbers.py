"""Numbers as Chinese reports write them: ``1,708``, ``１２.５``, ``十三``, ``两万``, ``251余万``.

Parsing works on one numeral token at a time. ``cn2an`` reads Chinese numerals, but only
single tokens: over whole sentences it rewrites names (七五普法 → 75普法).
"""

from __future__ import annotations

import re
from decimal import Decimal

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


class NumberError(ValueError):
    """A token that is not a number."""


def parse_parts(number: str, magnitude: str = "") -> Decimal:
    """The value of ``number`` (Arabic or Chinese) times an optional 千/万/亿 ``magnitude``."""
    text = number.translate(FULLWIDTH).replace(",", "")
    value = Decimal(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else parse_chinese(text)
    for char in magnitude:
        value *= MAGNITUDES[char]
    return value


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
    if re.fullmatch(r"\d+(?:\.\d+)?", rest.translate(FULLWIDTH)):
        return Decimal(rest.translate(FULLWIDTH))
    return parse_chinese(rest)


def to_number(value: Decimal) -> int | float:
    """An int when the value is whole, else a float rounded to what the text could say."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 6))
