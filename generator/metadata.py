"""Metadata: title, kind, years, dates, issuer and place, read from the structured report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from . import places
from .chars import count_han
from .evidence import Evidence
from .normalize import NormalizedText, detect_script, to_simplified
from .received import PageMeta, title_bar_part
from .structure import Document

#: Placeholders anonymisers put in place of names and digits: XX街道, ××镇, 某某, 201X年.
PLACEHOLDER = re.compile(r"[XxＸｘ×＊*]{1,3}(?=街道|镇|乡|社区|村|区|县|市)|某某")
_YEAR = re.compile(r"(?<![\d])((?:19|20)[\dXx×]{2})\s*(?:年|(?=以来))")
#: A year the body says its work was done in: ``2025年度内``, ``2025年全年``, ``2025年以来``.
_BODY_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2})\s*年(?:度内|度(?=[,，])|全年|以来)")
#: How far into the body a year of work is looked for.
_BODY_YEAR_REACH = 3000
#: ``今年以来``: the year the report came out in.
_THIS_YEAR = re.compile(r"今年以来|今年上半年|今年(?=[,，])")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_PLAN_WORDS = r"(?:计划|思路|打算|安排|要点|设想)"
#: A lookahead so that ``2021年工作总结和2022年工作计划`` tries 2022 after 2021; the gap may
#: hold no digit, so 2021 does not claim 2022's 计划.
_PLAN_YEAR = re.compile(rf"(?=((?:19|20)[\dXx×]{{2}})\s*年度?[^。，,；;\d]{{0,14}}?{_PLAN_WORDS})")
#: The report's description of itself: ``现将2020年依法治区…情况汇报如下``.
_SELF_DESCRIPTION = re.compile(r"现将[^。]{0,60}?(?:汇报|报告)如下")
#: The subject at the head of the opening sentence: ``2020年,XX街道坚持…``.
_OPENING_SUBJECT = re.compile(
    r"^(?:(?:19|20)[\dXx×]{2}\s*年度?\s*[,，]?\s*)?(?P<org>[^\s,，。、“”《》]{1,14}?(?:街道|镇|乡)(?:办事处|人民政府)?)"
)
#: How the name of an issuing body ends, longest first.
_BODY_SUFFIX = r"(?:街道办事处|办事处|人民政府|政府|街道|镇|乡|区|县|市|州|盟|旗|街)"
#: How a body named on a line of its own ends: a government, office or party committee.
_BODY_SUFFIX_LINE = r"(?:人民政府|政府|办事处|委员会|党工委|党委)"
#: Words a sentence's predicate commonly opens with, after its subject.
_PREDICATE_START = (
    r"(?:坚持|认真|深入|紧紧|紧扣|紧密|以|在|全面|始终|按照|围绕|积极|扎实|进一步|持续|不断|"
    r"高度|严格|聚焦|立足|牢牢|着力|继续|大力|切实|依法|贯彻|结合|强化|秉持|锚定|统筹|主动|"
    r"把|将|对|于|全力|努力|精心|有序|稳步|加快|加强|推进|认真|自觉|深化|不折不扣|高举|"
    r"全面|扎实|充分|狠抓|抓|落实|健全|完善|围绕|强化|推动)"
)
#: The author named at the head of a title: ``谢家湾街道2021年度…``.
_TITLE_SUBJECT = re.compile(r"^(?P<org>[^\d\s]{2,20}?(?:街道办事处|街道|镇人民政府|镇|乡|区|县))")
#: A whole body named before the year or ``关于`` of a title (``某某市人民政府关于…``,
#: ``某某县人民政府2015年…``), kept as written rather than cut at its first 区 or 县.
_TITLE_BODY = re.compile(
    rf"^(?P<org>[^\d\s（(《]{{2,30}}?{_BODY_SUFFIX})(?=\s*(?:关于|(?:19|20)\d\d|[（(]))"
)
#: A title-like line of the opening is short and has no sentence punctuation.
_MAX_TITLE_LINE = 60
#: A line that is nothing but a body's name, as the first line of a title split in two.
_BODY_LINE = re.compile(rf"^\s*[\u4e00-\u9fff、]{{2,40}}{_BODY_SUFFIX_LINE}\s*$")
#: Where the opening names a guiding body before its own subject: ``在区委、区政府的领导下，``.
_LEAD_IN = re.compile(
    r"在[^。，,；;]{1,40}?(?:(?:领导|指导|指引|关心|支持|部署|带领)下|上|中|期间|之际)\s*[,，]\s*"
    r"|在[^。，,；;]{1,40}?(?:领导|指导|指引|关心|支持|部署|带领)下\s*"
)
#: The opening's subject, the longest body name (``清镇市``, not ``清镇``) directly followed by
#: the words a predicate opens with.
_OPENING_SUFFIX = rf"(?:{_BODY_SUFFIX[3:-1]}|党工委|党委|委员会|司法局|局)"
_OPENING_BODY = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff]{{1,18}}?{_OPENING_SUFFIX}"
    rf"(?:、[\u4e00-\u9fff]{{0,18}}?{_OPENING_SUFFIX})*)(?={_PREDICATE_START})"
)

#: A year heading an opening sentence: ``2022年，``.
_YEAR_HEAD = re.compile(
    r"^\s*(?:19|20)[\dXx×]{2}\s*年度?(?:以来|上半年|下半年|全年|上半年以来)?\s*[,，]?\s*"
)
#: A half-year summary covers the year it comes out in.
_HALF_YEAR = re.compile(r"上半年|半年(?:度)?(?:工作)?总结")
#: A letter's addressee line standing before the text: ``市委、市政府：``.
_ADDRESSEE = re.compile(r"^[^。，,]{2,30}[:：]\s*$")

#: Keywords that decide the kind of report, most specific first.
_DOC_TYPE_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("法治政府建设工作报告", re.compile(r"法治政府建设")),
    ("依法治理工作报告", re.compile(r"依法治(?:理|区|县|市|街|镇|乡)")),
    ("政法工作总结", re.compile(r"政法工作")),
)
_DEFAULT_DOC_TYPE = "法治建设工作报告"


@dataclass
class Metadata:
    title: str
    title_derived: bool
    doc_type: str
    report_year: int | None
    plan_year: int | None
    publish_date: date | None
    signed_date: date | None
    issuer: str | None
    locality: places.Locality
    anonymized: bool
    #: Where title, report_year, publish_date and issuer came from (those the text gave).
    evidence: dict[str, Evidence] = field(default_factory=dict)


def extract_metadata(
    doc: Document, normalized: NormalizedText, page: PageMeta | None = None
) -> Metadata:
    """Read every metadata field the text supports, and what a saved web page says about
    the document in its meta tags, title bar and publication line (``page``)."""
    page_date, page_date_evidence = _page_date(page, normalized)
    if page_date is not None:
        normalized = replace(
            normalized, publish_date=page_date, publish_evidence=page_date_evidence
        )
    page_source = _page_source(page, normalized)
    if page_source is not None:
        normalized = replace(normalized, source=page_source)
    title = doc.title.text if doc.title else None
    opening = [
        p.text for p in doc.intro[:3] if not (_ADDRESSEE.match(p.text) or _BODY_LINE.match(p.text))
    ]
    intro = opening[0] if opening else ""
    headings = [s.title for s in doc.iter_sections()]
    signed = doc.signoff.date if doc.signoff else None
    evidence: dict[str, Evidence] = {}
    issuer, issuer_evidence = find_issuer(doc, normalized)
    if issuer_evidence and page_source and issuer_evidence.rule == "source_line":
        phrase = (page and page.source_phrase) or f"ContentSource: {page_source}"
        issuer_evidence = Evidence(phrase, "page_meta_source")
    if issuer_evidence:
        evidence["issuer"] = issuer_evidence
    # A page's site is the government that publishes it (杭州市余杭区人民政府网站).
    site = _simplified(page.site_name) if page and page.site_name else None
    priority = [p for p in (issuer, title, normalized.source, site) if p]
    if doc.signoff:
        priority.extend(line.text for line in doc.signoff.lines)
    # The page's head (panel, index number, navigation) names places too, after the text.
    head = [line.text for line in doc.page_head]
    full_text = "\n".join(filter(None, [title, doc.body_text, *priority, *head]))
    locality = places.locate(full_text, priority=priority)
    report_year, year_text, year_evidence = find_report_year_with_evidence(title, intro, headings)
    published = normalized.publish_date or signed
    if report_year is None and year_text is None:
        report_year, year_evidence = _year_beyond_the_opening(doc, title, intro, published)
    if year_evidence:
        evidence["report_year"] = year_evidence
    if normalized.publish_date and normalized.publish_evidence:
        evidence["publish_date"] = Evidence(*normalized.publish_evidence)
    elif signed:
        evidence["publish_date"] = Evidence(doc.signoff.lines[-1].text, "signoff_date")
    plan_year = find_plan_year(title, intro, headings, report_year)
    doc_type = find_doc_type(title, intro, headings)
    anonymized = locality.anonymized or bool(
        PLACEHOLDER.search(issuer or "") or (year_text and not year_text.isdigit())
    )
    page_title = _page_title(page) if title is None else None
    if page_title is not None:
        title, rule, phrase = page_title
        evidence["title"] = Evidence(phrase, rule)
        title_derived = False
    elif title is None:
        title_derived = True
        subject = locality.township or _short_issuer(issuer) or locality.county or ""
        year_part = f"{year_text}年度" if year_text else ""
        title = f"{subject}{year_part}{doc_type}"
        evidence["title"] = Evidence(title, "title_derived")
    else:
        title_derived = False
        evidence["title"] = Evidence(title, doc.title_rule)
    return Metadata(
        title=title,
        title_derived=title_derived,
        doc_type=doc_type,
        report_year=report_year,
        plan_year=plan_year,
        publish_date=published,
        signed_date=signed,
        issuer=issuer,
        locality=locality,
        anonymized=anonymized,
        evidence=evidence,
    )


def find_issuer(doc: Document, normalized: NormalizedText) -> tuple[str | None, Evidence | None]:
    """The issuing body as written, and the evidence for it.

    Strongest first: the signature; the bodies heading the document (above a split title or
    a ``关于…的报告`` line); a government named at the head of the title, unless a panel names
    the same body more fully; the panel's 发布机构; the 来源; the title's place name, made whole
    when the panel, source or navigation names its government; the opening's subject.
    """
    if doc.signoff and doc.signoff.issuer:
        return doc.signoff.issuer, Evidence(doc.signoff.issuer, "signoff")
    if doc.title and doc.title_bodies:
        return "、".join(doc.title_bodies), Evidence(doc.title.text, "title_body")
    head = _document_head([p.text for p in doc.intro[:4]])
    if head:
        bodies, words = head
        return "、".join(bodies), Evidence(words, "document_head")
    panel = normalized.panel_issuer
    title_org = _title_org(doc.title.text) if doc.title else None
    if title_org and _GOVERNMENT.search(title_org):
        if panel and _same_body(panel, title_org) and len(panel) > len(title_org):
            return panel, Evidence(panel, "panel_issuer")
        return title_org, Evidence(doc.title.text, "title_body")
    # A panel names the publishing body as written; a 来源 is often only the office that
    # posted the page.
    if panel:
        return panel, Evidence(panel, "panel_issuer")
    source = normalized.source
    if source and _SOURCE_BODY.search(source):
        return source, Evidence(f"来源:{source}", "source_line")
    if title_org:
        fuller = _named_in_navigation(title_org, normalized, doc)
        if fuller:
            return fuller, Evidence(fuller, "navigation_body")
        # The opening names the same body in full: ``草滩街道办事处坚持…`` under ``草滩街道…``.
        subject, why = _opening_issuer(doc)
        fuller_subject = (
            subject
            and subject != title_org
            and _GOVERNMENT.search(subject)
            and subject.startswith(_BODY_TAIL.sub("", title_org))
        )
        if fuller_subject:
            return subject, why
        return title_org, Evidence(doc.title.text, "title_body")
    # A title the structure missed (under breadcrumbs, split, repeated) still names its body.
    for paragraph in doc.intro[:4]:
        text = paragraph.text.strip()
        if len(text) <= _MAX_TITLE_LINE and not re.search(r"[，,。；;]", text):
            match = _TITLE_BODY.match(text)
            if match:
                return match["org"], Evidence(text, "title_body")
    return _opening_issuer(doc)


def _opening_issuer(doc: Document) -> tuple[str | None, Evidence | None]:
    """The opening sentence's subject, with the clause that names it."""
    heads = [p.text for p in doc.intro[:2]]
    subject = opening_subject(heads)
    if not subject:
        return None, None
    opening = heads[1] if _ADDRESSEE.match(heads[0]) and len(heads) > 1 else heads[0]
    return subject, Evidence(_clause_with(opening, subject), "opening_subject")


#: A name that is a government or office, not only a place.
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处|委员会|党工委|党委)$")
#: What a 来源 that names an issuing body ends with (``…法制办``, ``…司法局``).
_SOURCE_BODY = re.compile(
    r"(?:人民政府|办事处|委员会|党工委|党委|政府|街道|镇|乡|局|办公室|办|司法所|中心|领导小组)$"
)
_GOVERNING = re.compile(r"治(?:区|县|市|镇|乡|街)$")
_BODY_TAIL = re.compile(r"(?:人民政府|政府|街道办事处|办事处)$")


def _title_org(title: str) -> str | None:
    """The body or place at the head of the title, after a leading year."""
    text = _YEAR_HEAD.sub("", title, count=1)
    match = _TITLE_BODY.match(text) or _TITLE_SUBJECT.match(text)
    # ``依法治区``, ``依法治镇`` name a kind of work, not a place.
    return match["org"] if match and not _GOVERNING.search(match["org"]) else None


def _same_body(a: str, b: str) -> bool:
    """Two names of one body: one holds the other, the government's suffix aside."""
    a, b = _BODY_TAIL.sub("", a), _BODY_TAIL.sub("", b)
    return bool(a and b) and (a in b or b in a)


def _named_in_navigation(place: str, normalized: NormalizedText, doc: Document) -> str | None:
    """The government of ``place`` as the page's navigation or head names it, when it does:
    a township site's breadcrumb reads ``首页 > 某某镇人民政府 > 信息公开``."""
    lines = [c.text for c in normalized.chrome] + [line.text for line in doc.page_head]
    for line in lines:
        for name in _GOVERNMENT_NAME.findall(line):
            if _same_body(name, place):
                return name
    return None


_GOVERNMENT_NAME = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:人民政府|街道办事处|办事处)")


def _document_head(paragraphs: list[str]) -> tuple[list[str], str] | None:
    """Bodies on lines of their own over a ``关于…`` line: the document's issuing head."""
    bodies: list[str] = []
    for text in paragraphs:
        if _BODY_LINE.match(text) and len(bodies) < 3:
            bodies.append(text.strip())
            continue
        if bodies and text.strip().startswith("关于"):
            return bodies, " ".join([*bodies, text.strip()])[:80]
        return None
    return None


def _year_beyond_the_opening(
    doc: Document, title: str | None, intro: str, published: date | None
) -> tuple[int | None, Evidence | None]:
    """The year when title and opening do not write it: the body's year of work, the
    publish date's year for ``今年以来``, else what the publish date implies."""
    body = _BOOK_TITLE.sub("", doc.body_text[:_BODY_YEAR_REACH])
    match = _BODY_YEAR.search(body)
    if match:
        return int(match.group(1)), Evidence(_around(body, match), "year_in_body")
    this_year = _THIS_YEAR.search(intro[:200])
    if this_year and published:
        phrase = f"{this_year.group()} / {published.isoformat()}"
        return published.year, Evidence(phrase, "year_this_year_published")
    half_year = _HALF_YEAR.search(title or intro[:200])
    year = year_from_publish_date(published, half_year=half_year)
    if year is None:
        return None, None
    rule = "year_from_half_year_date" if half_year else "year_from_publish_date"
    return year, Evidence(published.isoformat(), rule)


def year_from_publish_date(published: date | None, half_year: object = None) -> int | None:
    """The year a report covers, judged from when it came out, when the text never says.

    Annual reports are due by the end of the first quarter, so one out January–April covers
    the year before; a half-year summary covers its own year. Later in the year it is unsure.
    """
    if published is None:
        return None
    if half_year:
        return published.year
    return published.year - 1 if published.month <= 4 else None


def opening_subject(paragraphs: list[str]) -> str | None:
    """The body the opening sentence is about, after an addressee line and any lead-in."""
    if paragraphs and _ADDRESSEE.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    for text in paragraphs[:1]:
        text = _YEAR_HEAD.sub("", text)
        # Lead-ins come one after another: ``在区委…领导下，在区…指导下，``.
        for _ in range(3):
            text = _LEAD_IN.sub("", text, count=1) if _LEAD_IN.match(text) else text
            text = _YEAR_HEAD.sub("", text)
        match = _OPENING_BODY.match(text) or _OPENING_SUBJECT.match(text)
        if match and not match["org"].startswith(("我", "本", "在")):
            return match["org"]
        # A preamble first (``根据…部署，2023年，某某街道以…``): the subject starts the clause
        # after the year, within the opening sentence.
        sentence = text[: _FIRST_STOP.search(text).start()] if _FIRST_STOP.search(text) else text
        for year in _CLAUSE_YEAR.finditer(sentence):
            rest = sentence[year.end() :]
            match = _OPENING_BODY.match(rest)
            if match and not match["org"].startswith(("我", "本", "在")):
                return match["org"]
    return None


_FIRST_STOP = re.compile(r"[。！？!?]")
#: A year heading a clause inside the opening sentence: ``…部署，2023年，``.
_CLAUSE_YEAR = re.compile(r"[，,；;]\s*(?:19|20)\d{2}\s*年度?(?:以来)?\s*[，,]\s*")


def _short_issuer(issuer: str | None) -> str | None:
    """``杭州市余杭区人民政府余杭街道办事处`` names 余杭街道 last; titles use the short form."""
    if not issuer:
        return None
    match = re.search(r"([^市区县政府]{1,12}?(?:街道|镇|乡))(?:办事处|人民政府)?$", issuer)
    return match.group(1) if match else issuer


def find_report_year(
    title: str | None, intro: str, headings: list[str]
) -> tuple[int | None, str | None]:
    """The year the report covers and how the text writes it (``2020``; ``201X`` when hidden)."""
    return find_report_year_with_evidence(title, intro, headings)[:2]


def find_report_year_with_evidence(
    title: str | None, intro: str, headings: list[str]
) -> tuple[int | None, str | None, Evidence | None]:
    """:func:`find_report_year` and the evidence for it."""
    # A year inside a cited document's title (《2019年工作要点》) is not the report's year.
    own = _SELF_DESCRIPTION.search(intro)
    for text, rule in (
        (title or "", "year_in_title"),
        (_BOOK_TITLE.sub("", intro[:200]), "year_in_opening"),
        (own.group() if own else "", "year_in_self_description"),
        (headings[0] if headings else "", "year_in_first_heading"),
    ):
        match = _YEAR.search(text)
        if match:
            written = match.group(1)
            year = int(written) if written.isdigit() else None
            return year, written, Evidence(_around(text, match), rule)
    return None, None, None


def _clause_with(text: str, words: str) -> str:
    """The clause of ``text`` that holds ``words``, as evidence: from the clause start to the
    next comma or full stop."""
    at = text.find(words)
    if at < 0:
        return text[:60] + ("…" if len(text) > 60 else "")
    start = max((text.rfind(p, 0, at) for p in "，,。；;"), default=-1) + 1
    ends = [i for i in (text.find(p, at + len(words)) for p in "，,。；;") if i >= 0]
    end = min(ends) if ends else len(text)
    return text[start:end].strip()


def _around(text: str, match: re.Match[str], reach: int = 20) -> str:
    """The words around a match, cut at the sentence, for evidence."""
    start = max(0, match.start() - reach)
    end = min(len(text), match.end() + reach)
    cut = re.split(r"[。；;]", text[match.start() : end])[0]
    head = text[start : match.start()]
    head = re.split(r"[。；;]", head)[-1]
    return (head + cut).strip()


def find_plan_year(
    title: str | None, intro: str, headings: list[str], report_year: int | None
) -> int | None:
    """The year the report's plans are for, when it has a plans part."""
    own = _SELF_DESCRIPTION.search(intro)
    for text in (title or "", own.group() if own else "", *headings):
        for match in _PLAN_YEAR.finditer(text):
            written = match.group(1)
            if not written.isdigit():
                continue
            year = int(written)
            if report_year is None or year == report_year + 1:
                return year
    return None


def find_doc_type(title: str | None, intro: str, headings: list[str]) -> str:
    """The kind of report: from the title when it has one, else from how it describes itself."""
    if title:
        for doc_type, pattern in _DOC_TYPE_KEYWORDS:
            if pattern.search(title):
                return doc_type
    own = _SELF_DESCRIPTION.search(intro)
    scores = dict.fromkeys((t for t, _ in _DOC_TYPE_KEYWORDS), 0)
    for doc_type, pattern in _DOC_TYPE_KEYWORDS:
        scores[doc_type] += 3 * len(pattern.findall(own.group() if own else ""))
        scores[doc_type] += len(pattern.findall(intro))
        scores[doc_type] += sum(len(pattern.findall(h)) for h in headings)
    best = max(scores, key=lambda t: scores[t])
    return best if scores[best] else _DEFAULT_DOC_TYPE


# --- what a saved web page says ----------------------------------------------------------------


def _simplified(text: str) -> str:
    return to_simplified(text, detect_script(text))


def _page_title(page: PageMeta | None) -> tuple[str, str, str] | None:
    """The document's title as the page's metadata gives it, for a text that has no title
    line: ``(title, rule, phrase)``. The ArticleTitle tag first; else the page's <title>, less
    the site's name around it (the longest part holding Han characters)."""
    if page is None:
        return None
    if page.article_title and count_han(page.article_title):
        title = _simplified(" ".join(page.article_title.split()))
        return title, "page_meta_title", f"ArticleTitle: {page.article_title}"
    part = title_bar_part(page.html_title)
    if count_han(part):
        return _simplified(" ".join(part.split())), "page_html_title", f"title: {page.html_title}"
    return None


def _page_date(
    page: PageMeta | None, normalized: NormalizedText
) -> tuple[date | None, tuple[str, str] | None]:
    """The publication date a page's meta tag gives (machine-readable, so it wins over the
    date the text's publication line gave), or its publication line when the text has none.
    ``(None, None)`` when the page adds nothing."""
    if page is None or not page.publish_date:
        return None, None
    try:
        published = date.fromisoformat(page.publish_date)
    except ValueError:
        return None, None
    phrase = page.publish_phrase or page.publish_date
    if page.publish_from == "meta":
        return published, (phrase, "page_meta_date")
    if normalized.publish_date is None:
        return published, (phrase, "publish_line")
    return None, None


def _page_source(page: PageMeta | None, normalized: NormalizedText) -> str | None:
    """The page's 来源 (ContentSource), where the text names none."""
    if page is None or not page.source or normalized.source:
        return None
    return _simplified(" ".join(page.source.split()))
