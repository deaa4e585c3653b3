"""Measure the metric extractor against answer keys (``make eval``; ``-v`` prints the misses).

Two sets are scored: the seeds against ``tests/fixtures/metrics_gold`` and, when
``devdata/reports/`` exists, the development set against ``tests/devset/keys``.

Matching a key's figure to an extracted one (within one document)
    Each side is a sequence in reading order. A key figure is placed by its ``text`` and
    ``occurrence``: in its paragraph (seeds: ``anchor``) or in the raw file (development
    set). An extracted figure is placed by its paragraph and offset; for the development set
    its paragraph is found verbatim in the raw file, searching on from the previous one (a
    paragraph the converter rewrote, e.g. brackets folded, stays unplaced). Two figures are
    compatible when value and unit are equal and, if both are placed, their spans overlap.
    The pairs are the longest common subsequence of the two sequences under compatibility,
    so an unplaced figure still pairs with the one at its place in reading order.

Value+unit precision / recall
    Matched pairs ÷ extracted figures / ÷ key figures.

Core-indicator precision / recall (the 12 ids of ``tests/devset/README.md``)
    Precision: of the extracted figures the archive maps to a core id, the share matched to a
    key figure with that same id (an unmatched one, or one whose key says null, counts
    against). Recall: of the key figures with a core id, the share matched to an extracted
    figure the archive maps to that id.

Malformed labels (share of extracted figures; the keys' own labels are scored as a check)
    A label is malformed when any of these holds:

    - *boundary*: it does not begin and end at word boundaries. A label need not be one
      substring of its sentence (it joins a verb to the noun after the figure, drops 了), so
      it must be a concatenation of spans of the figure's sentence that each start and end
      at a word boundary (or a measure suffix: 率, 数, 人次 …). A label holding a character
      its sentence lacks is the reader's paraphrase and is not judged. Segmenter: jieba
      0.42 without its HMM, taught every glossary form, the core indicators' words and the
      gazetteer's place names (without them it cuts 李/堡/镇 and passes 堡镇组织…).
      Chosen by measurement (``--segmenters``) on the 485 labels of the keys and the 481
      the archive gave before issue 10's fixes: jieba with HMM flagged 14 key labels (it
      glues 率达, 数从, 人到), without HMM 9, rjieba 12 (and it cannot be taught words);
      of the archive's labels they flagged 31, 25 and 28, the same cut-off ones (责人调研…,
      社区工作站选派社区法). A rule on punctuation alone passes every one of those. jieba
      is a dev dependency: it runs here, never in the converter.
    - *date*: it holds a date fragment: a digit, a numeral with 年/月/日/号, or it starts with
      日/月/年 followed by 至/起/份/底/以来.
    - *no counted thing*: no word of it is a noun (jieba's part-of-speech tags n*, vn, j, l,
      i, or a glossary form): 成功, 成立, 和, 建.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from generator.build import convert
from generator.indicators import CORE_INDICATORS
from generator.metrics import Metric
from generator.structure import sentence_at

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "metrics_gold"
SEEDS = ROOT / "seeds"
DEV_REPORTS = ROOT / "devdata" / "reports"
DEV_KEYS = ROOT / "tests" / "devset" / "keys"

CORE = CORE_INDICATORS

#: Words of the core indicators' measures, taught to the segmenter with the glossary.
CORE_WORDS = (
    "矛盾纠纷", "民间纠纷", "劳资纠纷", "调解成功", "调处成功", "调解成功率", "信访事项",
    "社区矫正", "矫正对象", "法律咨询", "普法宣传", "法治宣传", "宣传资料", "政府信息",
    "行政执法", "执法人员", "法律援助", "援助案件", "中心组", "会前学法", "专题学法",
    "集中学法", "村规民约",
)  # fmt: skip

#: Where a figure stands: (paragraph anchor or "raw", start, end), or None when unplaced.
Place = tuple[str, int, int] | None


@dataclass
class KeyFigure:
    text: str
    value: float
    unit: str
    label: str
    indicator: str | None
    place: Place
    sentence: str


@dataclass
class Found:
    metric: Metric
    place: Place


@dataclass
class Scores:
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    core_mapped: int = 0
    core_mapped_right: int = 0
    core_gold: int = 0
    core_gold_found: int = 0
    labels: int = 0
    malformed: int = 0
    gold_labels: int = 0
    gold_malformed: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return _share(self.matched, self.extracted)

    @property
    def recall(self) -> float:
        return _share(self.matched, self.gold)

    @property
    def core_precision(self) -> float:
        return _share(self.core_mapped_right, self.core_mapped)

    @property
    def core_recall(self) -> float:
        return _share(self.core_gold_found, self.core_gold)

    @property
    def malformed_share(self) -> float:
        return self.malformed / self.labels if self.labels else 0.0

    @property
    def gold_malformed_share(self) -> float:
        return self.gold_malformed / self.gold_labels if self.gold_labels else 0.0


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


# --- malformed labels --------------------------------------------------------------------

#: A label that is one word ending so names a measure (调处率, 人次): not a bare word.
_MEASURES = ("率", "数", "量", "额", "人次", "次数")
_NOUN_TAGS = re.compile(r"^(?:n|vn|j|l|i|an)")
_DATE = re.compile(
    r"[0-9０-９]|[零〇一二三四五六七八九十]+\s*[年月日号]|^[日月年号](?:至|起|份|底|以来)"
)


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    from generator.glossary import load_glossary
    from generator.places import _gazetteer  # the gazetteer's names; no public list of them

    jieba.setLogLevel(logging.WARNING)
    words = {form for term in load_glossary() for form in term.forms if "、" not in form}
    words |= set(CORE_WORDS)
    # Place names (李堡镇): without them jieba cuts 李/堡/镇 and passes 堡镇组织….
    words |= {name for name in _gazetteer().surfaces if len(name) > 1}
    for word in words:
        jieba.add_word(re.sub('[“”"()（）]', "", word), freq=20000, tag="n")
    return jieba


def _cuts_jieba(sentence: str, hmm: bool) -> set[int]:
    jieba = _jieba()
    return _positions(jieba.cut(sentence, HMM=hmm))


def _cuts_rjieba(sentence: str) -> set[int]:
    import rjieba  # only for --segmenters; not a dependency

    return _positions(rjieba.cut(sentence))


def _positions(words) -> set[int]:
    cuts, at = {0}, 0
    for word in words:
        at += len(word)
        cuts.add(at)
    return cuts


#: The segmentations a word boundary may come from (see ``--segmenters``).
SEGMENTERS = {
    "jieba": lambda s: _cuts_jieba(s, True),
    "jieba-noHMM": lambda s: _cuts_jieba(s, False),
    "rjieba": _cuts_rjieba,
    "jieba+noHMM": lambda s: _cuts_jieba(s, True) | _cuts_jieba(s, False),
}
SEGMENTER = "jieba-noHMM"


def _runs(sentence: str, segmenter: str) -> set[str]:
    """Every span of ``sentence`` that starts and ends at a word boundary."""
    cuts = sorted(SEGMENTERS[segmenter](sentence))
    runs = {
        sentence[cuts[a] : cuts[b]]
        for a in range(len(cuts))
        for b in range(a + 1, min(len(cuts), a + 16))
    }
    return runs | set(_MEASURES)


def _made_of(label: str, pieces: set[str]) -> bool:
    """Whether ``label`` is a concatenation of members of ``pieces``."""
    reachable = [True] + [False] * len(label)
    for end in range(1, len(label) + 1):
        reachable[end] = any(
            reachable[start] and label[start:end] in pieces for start in range(end)
        )
    return reachable[-1]


def malformed(label: str, sentence: str, segmenter: str = SEGMENTER) -> str | None:
    """Why ``label`` (of a figure in ``sentence``) is malformed, or None."""
    label = re.sub(r"[“”\"、，,]", "", label.strip())
    if not label:
        return "no counted thing"
    if _DATE.search(label):
        return "date"
    jieba = _jieba()
    tagged = list(jieba.posseg.cut(label))
    if len(label) < 2 or (
        len(tagged) == 1 and not _NOUN_TAGS.match(tagged[0].flag) and not label.endswith(_MEASURES)
    ):
        return "no counted thing"
    if set(label) <= set(sentence) and not _made_of(label, _runs(sentence, segmenter)):
        return "boundary"
    return None


# --- reading the keys and the archive ----------------------------------------------------


def _nth(text: str, needle: str, occurrence: int) -> int:
    start = -1
    for _ in range(max(occurrence, 1)):
        start = text.find(needle, start + 1)
        if start < 0:
            return -1
    return start


def _key(entry: dict, place: Place, sentence: str) -> KeyFigure:
    return KeyFigure(
        text=str(entry["text"]),
        value=float(entry["value"]),
        unit=str(entry["unit"]),
        label=str(entry.get("label") or ""),
        indicator=entry.get("indicator"),
        place=place,
        sentence=sentence,
    )


def seed_figures(path: Path) -> tuple[list[KeyFigure], list[Found]]:
    report = convert(path)
    paragraphs = {p.anchor: p.text for p in report.document.iter_paragraphs()}
    keys = []
    for entry in yaml.safe_load((GOLD / f"{path.stem}.yml").read_text(encoding="utf-8")) or []:
        text = paragraphs.get(entry["anchor"], "")
        start = _nth(text, entry["text"], entry.get("occurrence", 1))
        place = (entry["anchor"], start, start + len(entry["text"])) if start >= 0 else None
        sentence = sentence_at(text, start, start + len(entry["text"])) if place else ""
        keys.append(_key(entry, place, sentence))
    found = [Found(m, (m.paragraph, m.start, m.end)) for m in report.metrics]
    return keys, found


def dev_figures(path: Path) -> tuple[list[KeyFigure], list[Found]]:
    raw = path.read_text(encoding="utf-8")
    key = yaml.safe_load((DEV_KEYS / f"{path.stem}.yml").read_text(encoding="utf-8")) or {}
    keys = []
    for entry in key.get("figures") or []:
        start = _nth(raw, str(entry["text"]), entry.get("occurrence", 1))
        end = start + len(str(entry["text"]))
        place = ("raw", start, end) if start >= 0 else None
        keys.append(_key(entry, place, sentence_at(raw, start, end) if place else ""))
    keys.sort(key=lambda k: k.place[1] if k.place else math.inf)
    report = convert(path)
    offsets, cursor = {}, 0
    for paragraph in report.document.iter_paragraphs():
        at = raw.find(paragraph.text, cursor)
        if at >= 0:
            offsets[paragraph.anchor] = at
            cursor = at + len(paragraph.text)
    found = []
    for m in report.metrics:
        base = offsets.get(m.paragraph)
        found.append(Found(m, ("raw", base + m.start, base + m.end) if base is not None else None))
    return keys, found


def _compatible(key: KeyFigure, found: Found) -> bool:
    m = found.metric
    if m.unit != key.unit or not math.isclose(float(m.value), key.value, abs_tol=1e-9):
        return False
    if key.place is None or found.place is None:
        return True
    return key.place[0] == found.place[0] and (
        found.place[1] < key.place[2] and key.place[1] < found.place[2]
    )


def align(keys: list[KeyFigure], found: list[Found]) -> list[tuple[int, int]]:
    """The longest common subsequence of compatible figures, as (key, found) index pairs."""
    n, m = len(keys), len(found)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if _compatible(keys[i], found[j]):
                best[i][j] = best[i + 1][j + 1] + 1
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if _compatible(keys[i], found[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def score(name: str, keys: list[KeyFigure], found: list[Found]) -> Scores:
    s = Scores(gold=len(keys), extracted=len(found))
    pairs = align(keys, found)
    s.matched = len(pairs)
    key_of = {j: keys[i] for i, j in pairs}
    found_of = {i: found[j].metric for i, j in pairs}
    for j, item in enumerate(found):
        m = item.metric
        mapped = m.indicator if m.indicator in CORE else None
        key = key_of.get(j)
        if mapped:
            s.core_mapped += 1
            if key is not None and key.indicator == mapped:
                s.core_mapped_right += 1
            else:
                expected = key.indicator if key else "(no key figure)"
                s.notes.append(f"  WRONG-IND {name} {m.text} {m.label!r}: {mapped}, key {expected}")
        if key is None:
            s.notes.append(f"  EXTRA   {name} {m.text} {m.value}{m.unit} {m.label!r}")
        s.labels += 1
        why = malformed(m.label, m.context)
        if why:
            s.malformed += 1
            expected = f", key {key.label!r}" if key else ""
            s.notes.append(f"  LABEL   {name} {m.text} got {m.label!r} ({why}){expected}")
    for i, key in enumerate(keys):
        m = found_of.get(i)
        if key.indicator in CORE:
            s.core_gold += 1
            if m is not None and m.indicator == key.indicator:
                s.core_gold_found += 1
            else:
                got = (m.indicator, m.label) if m else "(not extracted)"
                s.notes.append(f"  MISS-IND  {name} {key.text} {key.indicator}: got {got}")
        if m is None:
            s.notes.append(f"  MISSED  {name} {key.text} {key.value}{key.unit} {key.label!r}")
        if key.sentence:
            s.gold_labels += 1
            why = malformed(key.label, key.sentence)
            if why:
                s.gold_malformed += 1
                s.notes.append(f"  KEY-LABEL {name} {key.text} {key.label!r} ({why})")
    return s


def score_set(paths: list[Path], reader) -> Scores:
    """The scores of ``paths`` summed; ``reader`` gives a document's keys and figures."""
    total = Scores()
    for path in paths:
        total.add(score(path.stem, *reader(path)))
    return total


def evaluate_set(name: str, paths: list[Path], reader, verbose: bool) -> Scores:
    total = score_set(paths, reader)
    if verbose:
        print("\n".join(total.notes))
    print(f"\n{name}: {len(paths)} documents, {total.gold} key figures, {total.extracted} found")
    print(
        f"  value+unit  precision {total.precision:.3f}  recall {total.recall:.3f}"
        "   target >= 0.95\n"
        f"  core indicators  precision {total.core_precision:.3f} "
        f"({total.core_mapped_right}/{total.core_mapped})  recall {total.core_recall:.3f} "
        f"({total.core_gold_found}/{total.core_gold})   target >= 0.95 / 0.90\n"
        f"  malformed labels  {total.malformed_share:.3f} ({total.malformed}/{total.labels})"
        f"   target <= 0.02;  keys' own labels {total.gold_malformed_share:.3f} "
        f"({total.gold_malformed}/{total.gold_labels})"
    )
    return total


def seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def dev_reports() -> list[Path]:
    if not DEV_REPORTS.is_dir():
        return []
    return sorted(p for p in DEV_REPORTS.glob("*.txt") if (DEV_KEYS / f"{p.stem}.yml").exists())


def compare_segmenters() -> None:
    """The share of the keys' labels and of the archive's labels each segmenter flags."""
    figures = [seed_figures(p) for p in seeds()] + [dev_figures(p) for p in dev_reports()]
    for name in SEGMENTERS:
        if name == "rjieba" and importlib.util.find_spec("rjieba") is None:
            print("rjieba       not installed (pip install rjieba to compare it)")
            continue
        keys = [(k.label, k.sentence) for ks, _ in figures for k in ks if k.sentence]
        got = [(f.metric.label, f.metric.context) for _, fs in figures for f in fs]
        bad_keys = sum(malformed(*k, segmenter=name) == "boundary" for k in keys)
        bad_got = sum(malformed(*g, segmenter=name) == "boundary" for g in got)
        print(
            f"{name:12} keys' labels cut off word boundaries {bad_keys}/{len(keys)}; "
            f"archive's {bad_got}/{len(got)}"
        )


def main() -> None:
    verbose = "-v" in sys.argv
    if "--segmenters" in sys.argv:
        compare_segmenters()
        return
    evaluate_set("seeds", seeds(), seed_figures, verbose)
    dev = dev_reports()
    if dev:
        evaluate_set("development set", dev, dev_figures, verbose)
    else:
        print(f"\ndevelopment set: {DEV_REPORTS} not present, not scored")


if __name__ == "__main__":
    main()
