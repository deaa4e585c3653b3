"""Language check: the archive converts Chinese reports; Japanese or Korean text is refused.

Japanese written with kanji reads to OpenCC as Traditional Chinese and would be "converted" to
Simplified, quietly producing a page in no language. Kana and hangul never occur in Chinese
text in any number, so counting them decides.

Threshold: a text is refused when it holds at least :data:`MIN_FOREIGN` kana or hangul AND
they are at least :data:`MIN_SHARE` of its Han, kana and hangul characters. Japanese prose is
30–70 % kana (even an official Japanese report, heavy with kanji, writes its particles and
verb endings in kana) and Korean is mostly hangul; a Chinese report that names a brand in
katakana (ソニー, トヨタ) has a handful among thousands of Han characters, and even a
one-paragraph Chinese text with two such names stays below 15 %. The middle dot ・ (U+30FB)
and the long-vowel mark ー (U+30FC), common in Chinese web text, are not counted at all.
"""

from __future__ import annotations

import re
from pathlib import Path

from .chars import HANGUL, KANA, count_han
from .exceptions import SourceError

MIN_FOREIGN = 10
MIN_SHARE = 0.15

_KANA = re.compile(f"[{KANA}]")
_HANGUL = re.compile(f"[{HANGUL}]")
_FOREIGN = re.compile(f"[{KANA}{HANGUL}]")


def reject_non_chinese(path: Path, text: str) -> None:
    """Raise when ``text`` is Japanese or Korean rather than Chinese.

    Raises:
        SourceError: naming the file, the line of the first kana or hangul, the language and
            how many characters decided it.
    """
    kana = len(_KANA.findall(text))
    hangul = len(_HANGUL.findall(text))
    foreign = kana + hangul
    if foreign < MIN_FOREIGN or foreign < MIN_SHARE * (foreign + count_han(text)):
        return
    first = _FOREIGN.search(text)
    line = text.count("\n", 0, first.start()) + 1 if first else None
    language = f"Japanese ({kana:,} kana)" if kana >= hangul else f"Korean ({hangul:,} hangul)"
    raise SourceError(
        path,
        f"text is {language}, not Chinese; the archive converts Chinese reports only",
        line,
    )
