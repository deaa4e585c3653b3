"""Topics: which subjects a report and each of its sections treat, by documented keyword rules.

The topic set is curated in ``generator/data/topics.yml`` (id, name, description, weighted
keywords). Assignment is deliberately plain arithmetic so that an editor can explain every
result from the scores alone:

1. **Counting.** Headings and paragraphs are read one at a time, character by character (no
   word splitting). Keywords are matched longest first (equally long ones: higher weight
   first, then in code-point order) and a character is counted at most once, so
   ``矛盾纠纷调处`` counts as ``矛盾纠纷`` + ``调处`` and ``公共法律服务`` is not counted again
   as ``法律服务``. A keyword listed under two topics counts for both. An occurrence scores
   its weight in a paragraph and ``HEADING_FACTOR`` (3) × its weight in a heading; the
   document title counts as a heading.
2. **Sections.** A section treats a topic when its own text (its heading and its own
   paragraphs, never its children's) scores at least ``SECTION_MIN`` (6): one keyword of
   weight 2 or 3 in the heading, two strong mentions in the body, or a weak heading keyword
   with a strong body mention. A section without paragraphs is scored on its heading alone
   and inherits nothing from its children.
3. **Reports.** A report has a topic when its total (title, introduction and every section's
   own text) is at least ``REPORT_MIN`` (12) and at least ``REPORT_SHARE`` (3%) of the sum of
   all topics' totals, or when some heading alone scores at least ``HEADING_MIN`` (9), i.e.
   holds a strong keyword: a report that gives a topic its own heading treats it, however short
   the section. Topics are listed strongest first; ties keep the order of topics.yml.

Why these numbers (tried on the five seed reports):

- ``SECTION_MIN`` 6: a single strong mention in a list of duties (002 s2-2 names 信访 and
  社区矫正 once each among 低保, 法律援助…) is not what the section treats; two mentions, or one
  in the heading, are (000 s1-6 加强人员管控,提升帮教效果 → 特殊人群服务管理).
- ``HEADING_MIN`` 9: a strong keyword in a heading is the report saying "this is a piece of
  my work"; weight-2 heading words (组织领导, 平安) are too common to decide a report topic.
- ``REPORT_MIN`` 12 with ``REPORT_SHARE`` 3%: the mass of a long 政法 report (001: 610
  points over 17 topics) must not turn every passing paragraph into a topic; at 2% 000 would
  gain 安全生产 from one sentence of its 2021 plan and most reports would carry 13–14 of the
  20 topics. At 4% real but secondary work drops out (001's 民主法治示范村 creation, 22 points;
  004's 社区矫正 paragraph, 14). What 3% still misses is visible in ``scores`` (002's
  特殊人群 paragraph: 25 points, 2.9%).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .datafile import entry_problems
from .exceptions import ConfigError
from .normalize import to_simplified
from .structure import Document

TOPICS = Path(__file__).parent / "data" / "topics.yml"

#: A heading names what its section is about: its keywords weigh this many times more.
HEADING_FACTOR = 3
#: A section treats a topic from this own-text score on.
SECTION_MIN = 6
#: A heading (or the title) is about a topic from this heading score on (a strong keyword).
HEADING_MIN = 9
#: A report has a topic from this total score on, when it also reaches ``REPORT_SHARE``.
REPORT_MIN = 12
#: ... and this share of the sum of all topics' totals.
REPORT_SHARE = 0.03
#: How many keywords a topic's evidence lists.
EVIDENCE_SIZE = 5
WEIGHTS = (1, 2, 3)

_FIELDS = {"id", "name", "description", "keywords"}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str
    keywords: tuple[tuple[str, int], ...]


@dataclass
class TopicAssignment:
    #: Topic ids of the whole report, strongest first.
    report: list[str]
    #: Section anchor → topic ids its own text treats, strongest first (only such sections).
    sections: dict[str, list[str]]
    #: Report-level score of every topic that scored at all, assigned or not.
    scores: dict[str, int]
    #: Topic id → the keywords that contributed most to its report score (at most 5).
    evidence: dict[str, list[str]]
    #: Topic id → anchors of the sections whose heading alone is about it (``"title"`` for the
    #: document title); this is rule 3b, the second way a report gets a topic.
    headings: dict[str, list[str]] = field(default_factory=dict)


# --- loading -----------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """A safe loader that remembers duplicate mapping keys instead of keeping the last one.

    A keyword listed twice under one topic would otherwise silently lose its first weight.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable keys are reported by the base class
                continue
            if duplicate:
                self.duplicates.append(f"line {key_node.start_mark.line + 1}: {key!r} repeated")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _parse(path: Path) -> tuple[object, list[str]]:
    loader = _Loader(path.read_text(encoding="utf-8"))
    try:
        return loader.get_single_data(), loader.duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: malformed YAML: {exc.problem}") from exc
    finally:
        loader.dispose()


def _keyword_problems(keywords: object) -> list[str]:
    if not isinstance(keywords, dict) or not keywords:
        return ["keywords must be a non-empty mapping of phrase: weight"]
    problems = []
    for phrase, weight in keywords.items():
        if not isinstance(phrase, str) or not phrase:
            problems.append(f"keyword {phrase!r} must be text (quote numbers: '12345')")
            continue
        if re.search(r"\s", phrase):
            # Normalised text has no spaces inside Chinese: such a phrase could never match.
            problems.append(f"keyword {phrase!r} contains whitespace")
        simplified = to_simplified(phrase, "traditional")
        if simplified != phrase:
            # The text is matched after conversion to Simplified; a Traditional phrase never hits.
            problems.append(f"keyword {phrase!r} is not Simplified Chinese (write {simplified!r})")
        if isinstance(weight, bool) or weight not in WEIGHTS:
            problems.append(f"keyword {phrase!r}: weight {weight!r} must be one of {WEIGHTS}")
    return problems


@lru_cache(maxsize=4)
def load_topics(path: Path = TOPICS) -> tuple[Topic, ...]:
    """Read and validate the topic set; every problem is reported at once (ConfigError)."""
    entries, duplicates = _parse(path)
    problems = [f"{path}: {d}" for d in duplicates]
    if entries is not None and not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list of topics")
    topics: list[Topic] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries or [], start=1):
        before = len(problems)
        where, shape = entry_problems(entry, f"{path}: topic {number}", _FIELDS, _FIELDS)
        problems.extend(shape)
        if not isinstance(entry, dict):
            continue
        topic_id = entry.get("id")
        if "id" in entry:
            if not isinstance(topic_id, str) or not _ID.fullmatch(topic_id):
                problems.append(f"{where}: id {topic_id!r} must be lowercase a-z0-9 and -")
            elif topic_id in seen:
                problems.append(f"{where}: id {topic_id!r} is used twice")
            else:
                seen.add(topic_id)
        for key in ("name", "description"):
            if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
                problems.append(f"{where}: {key} must be non-empty text")
        if "keywords" in entry:
            problems.extend(f"{where}: {p}" for p in _keyword_problems(entry["keywords"]))
        if len(problems) > before:
            continue
        topics.append(
            Topic(
                id=topic_id,
                name=entry["name"].strip(),
                description=entry["description"].strip(),
                keywords=tuple((k, int(w)) for k, w in entry["keywords"].items()),
            )
        )
    if not entries and not problems:
        problems.append(f"{path}: no topics")
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(topics)


# --- scoring -----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _index(topics: tuple[Topic, ...]) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """Every keyword, longest first, with the ``(topic index, weight)`` pairs it scores for."""
    by_phrase: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, topic in enumerate(topics):
        for phrase, weight in topic.keywords:
            by_phrase[phrase].append((number, weight))
    # Equally long phrases: the stronger first, so an ambiguous overlap goes to the surer topic.
    ordered = sorted(by_phrase, key=lambda p: (-len(p), -max(w for _, w in by_phrase[p]), p))
    return tuple((p, tuple(by_phrase[p])) for p in ordered)


def count_keywords(text: str, phrases: tuple[str, ...]) -> Counter[str]:
    """Non-overlapping occurrences of ``phrases`` (given longest first) in ``text``.

    A longer phrase claims its characters before any shorter one is looked for, wherever the
    two start, so a short keyword is never counted inside a longer one.
    """
    counts: Counter[str] = Counter()
    claimed = bytearray(len(text))
    for phrase in phrases:
        size = len(phrase)
        start = text.find(phrase)
        while start != -1:
            if any(claimed[start : start + size]):
                start = text.find(phrase, start + 1)
                continue
            claimed[start : start + size] = b"\x01" * size
            counts[phrase] += 1
            start = text.find(phrase, start + size)
    return counts


def _texts(section) -> list[str]:
    return [section.title] + [p.text for p in section.paragraphs]


@lru_cache(maxsize=4)
def _scorer(topics: tuple[Topic, ...]) -> _Scorer:
    return _Scorer(topics)


class _Scorer:
    """Scores texts against one topic set, remembering what each keyword earned per topic."""

    def __init__(self, topics: tuple[Topic, ...]):
        self.index = _index(topics)
        self.phrases = tuple(p for p, _ in self.index)
        self.targets = dict(self.index)

    def within(self, text: str) -> _Scorer:
        """This scorer with only the keywords that occur somewhere in ``text``.

        A keyword absent from a whole report is absent from each of its paragraphs, so
        scoring every paragraph against the few hundred keywords that remain is the same
        count, several times faster. The order (longest first) is kept.
        """
        narrowed = object.__new__(_Scorer)
        narrowed.index = self.index
        narrowed.targets = self.targets
        narrowed.phrases = tuple(p for p in self.phrases if p in text)
        return narrowed

    def score(self, text: str, factor: int) -> dict[int, Counter[str]]:
        """Topic index → keyword → points, for one heading (factor 3) or paragraph (1)."""
        points: dict[int, Counter[str]] = defaultdict(Counter)
        for phrase, count in count_keywords(text, self.phrases).items():
            for topic, weight in self.targets[phrase]:
                points[topic][phrase] += count * weight * factor
        return points


def _merge(into: dict[int, Counter[str]], points: dict[int, Counter[str]]) -> None:
    for topic, counter in points.items():
        into.setdefault(topic, Counter()).update(counter)


def _ranked(totals: dict[int, int], chosen) -> list[int]:
    # Ties keep file order, so the same input always lists topics the same way.
    return sorted(chosen, key=lambda t: (-totals[t], t))


def assign_topics(doc: Document, topics: tuple[Topic, ...] | None = None) -> TopicAssignment:
    """Topics of ``doc`` and of each of its sections, by the rules in the module docstring."""
    topics = load_topics() if topics is None else topics
    whole = "\n".join(
        [doc.title.text if doc.title else ""]
        + [p.text for p in doc.intro]
        + [text for section in doc.iter_sections() for text in _texts(section)]
    )
    scorer = _scorer(topics).within(whole)
    report: dict[int, Counter[str]] = {}
    headed: dict[int, list[str]] = defaultdict(list)
    sections: dict[str, list[str]] = {}

    def heading(text: str, where: str) -> dict[int, Counter[str]]:
        points = scorer.score(text, HEADING_FACTOR)
        for topic, counter in points.items():
            if counter.total() >= HEADING_MIN:
                headed[topic].append(where)
        return points

    if doc.title is not None:
        _merge(report, heading(doc.title.text, "title"))
    for paragraph in doc.intro:
        _merge(report, scorer.score(paragraph.text, 1))
    for section in doc.iter_sections():
        own: dict[int, Counter[str]] = {}
        _merge(own, heading(section.title, section.anchor))
        for paragraph in section.paragraphs:
            _merge(own, scorer.score(paragraph.text, 1))
        _merge(report, own)
        own_totals = {t: c.total() for t, c in own.items()}
        treated = [t for t, total in own_totals.items() if total >= SECTION_MIN]
        if treated:
            sections[section.anchor] = [topics[t].id for t in _ranked(own_totals, treated)]

    totals = {t: c.total() for t, c in report.items() if c.total() > 0}
    grand = sum(totals.values())
    chosen = [
        t
        for t, total in totals.items()
        if (total >= REPORT_MIN and total >= REPORT_SHARE * grand) or t in headed
    ]
    return TopicAssignment(
        report=[topics[t].id for t in _ranked(totals, chosen)],
        sections=sections,
        scores={topics[t].id: totals[t] for t in _ranked(totals, totals)},
        evidence={
            topics[t].id: [
                phrase
                for phrase, _ in sorted(report[t].items(), key=lambda kv: (-kv[1], kv[0]))[
                    :EVIDENCE_SIZE
                ]
            ]
            for t in totals
        },
        headings={topics[t].id: anchors for t, anchors in sorted(headed.items())},
    )


__all__ = [
    "HEADING_FACTOR",
    "HEADING_MIN",
    "REPORT_MIN",
    "REPORT_SHARE",
    "SECTION_MIN",
    "TOPICS",
    "Topic",
    "TopicAssignment",
    "assign_topics",
    "count_keywords",
    "load_topics",
]
