"""Unicode ranges named once, and counting Chinese the way readers count it: by character."""

from __future__ import annotations

import re

#: Han ideographs: CJK Unified Ideographs, Extension A, and the compatibility block.
#: Extensions B+ live outside the BMP and are added as a separate range.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CHAR = re.compile(f"[{HAN}]")


def count_han(text: str) -> int:
    """Number of Han characters in ``text`` (never words: Chinese has no spaces to split on)."""
    return len(HAN_CHAR.findall(text))


#: Characters that have no place in a name, a title or a file name: C0 and C1 controls
#: (line breaks included), the Unicode line and paragraph separators, the bidirectional
#: embeddings, overrides and isolates (they reorder what a reader sees), and the BOM.
CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
CONTROL_CHAR = re.compile(f"[{CONTROL}]")

#: Japanese kana: hiragana, katakana, katakana extensions and half-width katakana; without
#: U+30FB ・ and U+30FC ー, which Chinese text uses too (让・雅克·卢梭 typed with the wrong dot).
KANA = "\u3041-\u309f\u30a0-\u30fa\u30fd-\u30ff\u31f0-\u31ff\uff66-\uff9d"
#: Korean hangul: syllables, jamo, compatibility jamo and half-width jamo.
HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\uffa0-\uffdc"
