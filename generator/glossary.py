"""Glossary: the policy jargon of the reports (generator/data/glossary.yml), found in their text.

Python-Markdown's ``abbr`` extension matches at ``\\b`` word boundaries, which Chinese running
text does not have, so terms are found here by characters: one compiled alternation of every
form, longest first, scanned left to right without overlaps. Spans are reported, not
rendered, so the caller can drop those that collide with other markup (numbers, links).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .chars import HAN
from .datafile import entry_problems, read_entries
from .exceptions import ConfigError

GLOSSARY = Path(__file__).parent / "data" / "glossary.yml"
_FIELDS = {"id", "term", "aliases", "definition", "see_also"}
_REQUIRED = {"id", "term", "definition"}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_SENTENCES = 3

#: Characters of a written number. A form that starts or ends with one must not continue a
#: number in the text: 八五 (the plan) is not the end of 一九八五 (a year).
NUMERALS = "〇零一二两三四五六七八九十百千万亿0-9０-９"
#: What a 、 in a form may be written as in a report, or left out (谁执法谁普法).
_SEPARATORS = "、，,"
_KEY = str.maketrans({"（": "(", "）": ")", "“": '"', "”": '"', "、": None, "，": None, ",": None})
#: A cited document's name; terms inside belong to the title, not to the sentence.
BOOK_TITLE = re.compile(r"《[^《》]*》")
#: Line breaks of a folded YAML definition become spaces; Chinese wants none.
_WRAP_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_SENTENCE_END = re.compile(r"[。！？]")


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    see_also: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        """Every written form that links to this entry: the headword, then the aliases."""
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class TermHit:
    term: Term
    paragraph: str
    start: int
    end: int
    written: str


def form_key(form: str) -> str:
    """The identity of a form: parentheses and quotes in one width, separators dropped."""
    return form.translate(_KEY)


# --- loading -----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY) -> tuple[Term, ...]:
    """Read and validate the glossary; every problem is reported at once."""
    entries = read_entries(path, "entries")
    problems: list[str] = []
    terms: list[Term] = []
    ids: set[str] = set()
    owner_of_form: dict[str, str] = {}
    for number, entry in enumerate(entries or [], start=1):
        where, shape = entry_problems(entry, f"{path}: entry {number}", _FIELDS, _REQUIRED)
        problems.extend(shape)
        if not isinstance(entry, dict) or not set(entry) >= _REQUIRED:
            continue
        term = _entry(entry, where, problems)
        if term is None:
            continue
        if term.id in ids:
            problems.append(f"{where}: duplicate id {term.id!r}")
        ids.add(term.id)
        for form in dict.fromkeys(form_key(f) for f in term.forms):
            owner = owner_of_form.setdefault(form, term.id)
            if owner != term.id:
                problems.append(f"{where}: form {form!r} is already claimed by {owner!r}")
        terms.append(term)
    for term in terms:
        for target in term.see_also:
            if target not in ids:
                problems.append(f"{path}: entry {term.id}: see_also names unknown id {target!r}")
            elif target == term.id:
                problems.append(f"{path}: entry {term.id}: see_also names the entry itself")
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(terms)


def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def _entry(entry: dict, where: str, problems: list[str]) -> Term | None:
    """One entry as a Term, or None after recording why it cannot be one."""
    count = len(problems)
    slug, headword, definition = entry["id"], entry["term"], entry["definition"]
    if not isinstance(slug, str) or not _ID.fullmatch(slug):
        problems.append(f"{where}: id {slug!r} must be lowercase a-z0-9 words joined by '-'")
    if not isinstance(headword, str) or not headword.strip():
        problems.append(f"{where}: term must be a non-empty string")
    aliases = _strings(entry.get("aliases"))
    see_also = _strings(entry.get("see_also"))
    if aliases is None:
        problems.append(f"{where}: aliases must be a list of non-empty strings")
    if see_also is None:
        problems.append(f"{where}: see_also must be a list of ids")
    if not isinstance(definition, str) or not definition.strip():
        problems.append(f"{where}: definition must be a non-empty string")
    else:
        definition = _WRAP_SPACE.sub("", definition.strip())
        sentences = len(_SENTENCE_END.findall(definition.rstrip("。！？"))) + 1
        if sentences > _MAX_SENTENCES:
            problems.append(f"{where}: definition has {sentences} sentences (at most 3)")
    if len(problems) > count:
        return None
    headword = headword.strip()
    for form in (headword, *aliases):
        # One character would mark every other sentence; a title mark can never match.
        if len(form_key(form)) < 2 or re.search(r"[《》\s]", form):
            problems.append(f"{where}: form {form!r} must be 2+ characters, no 《》 or spaces")
    if len(problems) > count:
        return None
    return Term(slug, headword, aliases, definition, see_also)


# --- matching ----------------------------------------------------------------------------


#: Characters of a form that stand for several written ones.
_VARIANTS = {"(": "(（", "（": "(（", ")": ")）", "）": ")）", "“": '“"', "”": '”"'}


def _form_pattern(form: str) -> str:
    parts = []
    for char in form:
        if char in _VARIANTS:
            parts.append(f"[{re.escape(_VARIANTS[char])}]")
        elif char == "、":
            parts.append(f"[{_SEPARATORS}]?")
        else:
            parts.append(re.escape(char))
    numeral = re.compile(f"[{NUMERALS}]")
    if numeral.match(form[0]):
        parts.insert(0, f"(?<![{NUMERALS}])")
    if numeral.match(form[-1]):
        parts.append(f"(?![{NUMERALS}])")
    return "".join(parts)


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    by_key: dict[str, Term]


@lru_cache(maxsize=8)
def _matcher(terms: tuple[Term, ...]) -> _Matcher:
    by_key = {form_key(form): term for term in terms for form in term.forms}
    forms = {form_key(form): form for term in terms for form in term.forms}
    # Alternation takes the first branch that matches, so longer forms go first: at one
    # position 人民调解委员会 beats 人民调解. Ties sort by text for a stable pattern.
    ordered = sorted(forms.values(), key=lambda f: (-len(form_key(f)), f))
    pattern = "|".join(_form_pattern(form) for form in ordered) or r"(?!x)x"
    # Branches that open with a character class or a lookbehind turn off the engine's
    # first-character scan; an explicit one makes the scan about five times faster.
    firsts = {v for form in ordered for v in _VARIANTS.get(form[0], form[0])}
    if firsts and not firsts & set(_SEPARATORS):
        pattern = f"(?=[{''.join(re.escape(c) for c in sorted(firsts))}])(?:{pattern})"
    return _Matcher(re.compile(pattern), by_key)


def _outside_titles(text: str, titles: re.Pattern[str] = BOOK_TITLE) -> Iterable[tuple[int, int]]:
    start = 0
    for title in titles.finditer(text):
        if title.start() > start:
            yield start, title.start()
        start = title.end()
    if start < len(text):
        yield start, len(text)


def find_terms(
    text: str, paragraph: str = "", glossary: tuple[Term, ...] | None = None
) -> list[TermHit]:
    """Glossary terms in ``text``: non-overlapping, longest first, left to right.

    Nothing inside 《…》 is reported. ``paragraph`` is the anchor the hits carry.
    """
    return _find(text, paragraph, _matcher(load_glossary() if glossary is None else glossary))


def _find(text: str, paragraph: str, matcher: _Matcher) -> list[TermHit]:
    hits = []
    for start, end in _outside_titles(text):
        for match in matcher.pattern.finditer(text, start, end):
            written = match.group()
            term = matcher.by_key[form_key(written)]
            hits.append(TermHit(term, paragraph, match.start(), match.end(), written))
    return hits


def find_in_document(doc, glossary: tuple[Term, ...] | None = None) -> list[TermHit]:
    """Glossary terms in every paragraph of a structured document, in reading order."""
    # Looked up once: the cache hashes the whole glossary, per paragraph that was most of
    # the cost of a report of many short lines.
    matcher = _matcher(load_glossary() if glossary is None else glossary)
    return [
        hit
        for paragraph in doc.iter_paragraphs()
        for hit in _find(paragraph.text, paragraph.anchor, matcher)
    ]


# --- candidates for the editors' page ----------------------------------------------------

_NOT_NUMERAL_HAN = f"(?:(?![{NUMERALS}])[{HAN}])"
#: A phrase a report sets off in quotes: 2–12 Han characters and nothing else.
QUOTED = re.compile(f'“([{HAN}]{{2,12}})”|「([{HAN}]{{2,12}})」|"([{HAN}]{{2,12}})"')
#: Numbered slogans written without quotes: 四个平台, 三大任务 (a count and a two-character
#: noun) and 三重一大, 一长三员 (numeral, character, numeral, character).
NUMBERED = re.compile(
    # The lookahead names the possible first characters, which lets the engine skip to them.
    f"(?=[一二两三四五六七八九十])(?<![{NUMERALS}])(?:[两二三四五六七八九十][个大]{_NOT_NUMERAL_HAN}{{2}}"
    f"|[一二两三四五六七八九十]{_NOT_NUMERAL_HAN}[一二两三四五六七八九十]{_NOT_NUMERAL_HAN})"
    f"(?![{NUMERALS}])"
)


#: A title within one line: candidate_terms joins a report's paragraphs with line breaks.
_TITLE_IN_LINE = re.compile(r"《[^《》\n]*》")


def _phrases(text: str, matcher: _Matcher, terms: list[tuple[int, int]] | None) -> set[str]:
    """Quoted phrases and numbered slogans of ``text`` that are not (part of) a glossary term;
    ``terms``: where the glossary's terms are in ``text``, if already known."""
    segments = list(_outside_titles(text, _TITLE_IN_LINE)) if "《" in text else [(0, len(text))]
    quoted = [m for start, end in segments for m in QUOTED.finditer(text, start, end)]
    numbered = [m for start, end in segments for m in NUMBERED.finditer(text, start, end)]
    if not (quoted or numbered):
        # The glossary scan below is the costly part.
        return set()
    if terms is None:
        terms = [
            match.span()
            for start, end in segments
            for match in matcher.pattern.finditer(text, start, end)
        ]
    found = set()
    exact = set(terms)
    for match in quoted:
        index = match.lastindex  # the one group of the three that matched
        if match.span(index) not in exact:
            found.add(match.group(index))
    # Part of a known term (一村一法 of 一村一法律顾问) or of a quoted phrase (一社一阵 of
    # “一社一阵地”) is not a phrase of its own. Spans are short, so only those starting at
    # most ``longest`` before a slogan can reach into it.
    taken = sorted([*terms, *(m.span() for m in quoted)])
    starts = [start for start, _ in taken]
    longest = max((end - start for start, end in taken), default=0)
    for match in numbered:
        first = bisect.bisect_left(starts, match.start() - longest)
        last = bisect.bisect_left(starts, match.end())
        if not any(end > match.start() for _, end in taken[first:last]):
            found.add(match.group())
    return found


def report_phrases(
    texts: list[str],
    term_spans: list[list[tuple[int, int]]] | None = None,
    glossary: tuple[Term, ...] | None = None,
) -> set[str]:
    """The candidate phrases of one report (its paragraphs' ``texts``): quoted phrases and
    numbered slogans that are not glossary forms. Needs nothing but the report, so it can be
    computed where the report is converted; :func:`candidate_terms` counts them.

    ``term_spans`` may give, per paragraph, the (start, end) of the glossary terms already
    found there (``Report.terms``), so that the text is not searched for them again.
    """
    # The matcher is cached on the glossary; passed down, it is looked up once per report.
    matcher = _matcher(load_glossary() if glossary is None else glossary)
    # The paragraphs are searched as one text, joined by line breaks: no phrase, slogan, term
    # or title (see _TITLE_IN_LINE) can run across one, so the result is that of each
    # paragraph apart, for a twentieth of the calls.
    terms = None
    if term_spans is not None:
        terms, offset = [], 0
        for text, spans in zip(texts, term_spans, strict=True):
            terms.extend((offset + start, offset + end) for start, end in spans)
            offset += len(text) + 1
    found = _phrases("\n".join(texts), matcher, terms)
    return {phrase for phrase in found if form_key(phrase) not in matcher.by_key}


def document_phrases(doc, hits: list[TermHit]) -> set[str]:
    """:func:`report_phrases` of a structured document, given the terms found in it."""
    paragraphs = list(doc.iter_paragraphs())
    found: dict[str, list[tuple[int, int]]] = {}
    for hit in hits:
        found.setdefault(hit.paragraph, []).append((hit.start, hit.end))
    return report_phrases(
        [p.text for p in paragraphs], [found.get(p.anchor, []) for p in paragraphs]
    )


def candidate_terms(
    texts_by_report: dict[str, list[str]],
    min_reports: int = 2,
    glossary: tuple[Term, ...] | None = None,
    term_spans: dict[str, list[list[tuple[int, int]]]] | None = None,
    phrases: dict[str, set[str]] | None = None,
) -> list[tuple[str, int]]:
    """Phrases that look like jargon, are not in the glossary, and recur across reports.

    Quoted phrases of 2–12 Han characters and numbered slogans, each counted once per report;
    those used by at least ``min_reports`` reports, most widely used first, then by phrase.
    ``term_spans`` may give, per report and paragraph (parallel to ``texts_by_report``), the
    glossary terms already found (see :func:`report_phrases`); ``phrases`` may give a report's
    :func:`report_phrases` already computed, and then its texts are not read.
    """
    counts: Counter[str] = Counter()
    for report, texts in texts_by_report.items():
        if phrases is not None and report in phrases:
            counts.update(phrases[report])
            continue
        spans = term_spans[report] if term_spans is not None else None
        counts.update(report_phrases(texts, spans, glossary))
    return sorted(
        ((p, n) for p, n in counts.items() if n >= min_reports),
        key=lambda item: (-item[1], item[0]),
    )


__all__ = [
    "GLOSSARY",
    "Term",
    "TermHit",
    "candidate_terms",
    "document_phrases",
    "find_in_document",
    "find_terms",
    "form_key",
    "load_glossary",
    "report_phrases",
]
