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
