"""Laws: every 《…》 title a report cites, resolved to a curated law or classified by rules.

A regex-plus-rules stage. :func:`find_citations` finds each 《…》 in the headings and
paragraphs of a document and :func:`resolve` turns its title into a :class:`Law`:

1. **Normalise** (for matching only; ``Citation.written`` keeps the report's spelling):
   whitespace removed, full-width brackets, digits and quotes folded (（）→()), a period
   written any way becomes ``(2021-2025年)``, trailing edition notes dropped (``(2020年修订)``,
   ``（试行）``, ``(草案)``), and a leading ``中华人民共和国`` dropped, so 《中华人民共和国民法典》
   and 《民法典》 are one key. A year alone in brackets is *not* an edition note: 《要点(2020年)》
   and 《要点(2021年)》 are different documents.
2. **Curated**: the key equals the normalised title or an alias of an entry in
   ``generator/data/laws.yml``, or does once a trailing bare year is dropped (《民法典(2020年)》);
   the entry's hand-chosen id and kind win.
3. **Derived**: any other title gets ``id = "doc-" + crc32(key)`` (stable across builds, the
   same for every spelling with the same key), ``title = short = key``, and the first kind whose
   rule fits the key, tried in this order:

   a. *National issuer* at the start (after an optional year): 中共中央, 中国共产党, 中央, 国务院,
      全国…, 最高人民法院/检察院, 国家…, or a ministry (司法部关于…). Then: 全国人大 decisions and
      titles ending in 法/法典/修正案 → ``law``; 规划/纲要 → ``plan``; party issuers →
      ``party-document``; 条例/规定/办法/细则/规则/准则/解释 → ``regulation``; else
      ``government-document``.
   b. *Local*: a place name at the start (浙江省…, 李堡镇…, 谢家湾街道…, 重庆市九龙坡区…), a
      single year anywhere (《2020年法治镇海建设工作要点》; a period such as 2021-2025年 does
      not count), or a grassroots organ anywhere (党工委, 办事处, 街道, 司法所…) →
      ``local-document``, except a place-prefixed title ending in 条例, which is a local
      regulation (《浙江省民营企业发展促进条例》) → ``regulation``.
   c. 中共, 党委, 党组, 党政, 党内… → ``party-document``.
   d. Ends in 法, 法典 or 修正案 (not 办法, 方法, 做法, 普法, 执法…) → ``law``: only the NPC makes
      法, so an unknown 法 is a national law cited by a wrong or short name (《安全法》).
   e. Ends in 条例, or implements a law (…法实施细则/办法) → ``regulation``: bodies without
      legislative power may not name a document 条例.
   f. Ends in 规划 or 纲要 (not 学习纲要, a study book) → ``plan``.
   g. Ends in 规定/办法/细则/规则/规范/制度/准则/规程/章程… with no national issuer →
      ``local-document``. National rules of these names that reports cite are curated; an
      unrecognised one is almost always a local body's own rule (《党工委议事规则》,
      《矫正人员考核及分类管理规定》), and calling it a regulation would claim legal force.
   h. Ends in 意见/通知/决定/方案/决议/批复/公告… → ``government-document``.
   i. Anything else → ``local-document``: the catch-all, since the curated list and rule (a)
      account for what is national.

**Not a title.** A 《…》 whose key is empty, has no Han character (《1984》, 《XXX》), is longer
than :data:`MAX_TITLE` characters or holds sentence punctuation (an unclosed 《 running on to a
later 》) yields no citation: a citation claims a cited document, and inventing a
``local-document`` for it would put noise in the archive's index of laws. :func:`resolve` itself
is total and classifies whatever it is given. Nested titles (《关于学习《民法典》的通知》) yield the
innermost one only, so spans never overlap.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .chars import HAN, HAN_CHAR
from .datafile import entry_problems
from .exceptions import ConfigError
from .structure import Document, sentence_at

LAWS = Path(__file__).parent / "data" / "laws.yml"

LAW_KINDS = (
    "law",
    "regulation",
    "party-document",
    "government-document",
    "plan",
    "local-document",
)
KIND_LABELS = {
    "law": "法律",
    "regulation": "法规规章",
    "party-document": "党内法规和文件",
    "government-document": "政府文件",
    "plan": "规划",
    "local-document": "本地文件",
}

#: Longest normalised title still taken for a document title (characters).
MAX_TITLE = 60
#: Derived ids start with this; curated ids may not, so the two never collide.
DERIVED_PREFIX = "doc-"
PRC = "中华人民共和国"

_FIELDS = {"id", "title", "short", "kind", "aliases", "note"}
_REQUIRED = {"id", "title", "short", "kind"}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Law:
    id: str
    title: str
    short: str
    kind: str
    curated: bool


@dataclass
class Citation:
    law: Law
    written: str
    paragraph: str
    start: int
    end: int
    context: str


# --- normalisation -------------------------------------------------------------------------

_BOOK_TITLE = re.compile(r"《([^《》]*)》")
_SPACE = re.compile(r"\s+")
_FOLD = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "［": "[",
        "］": "]",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        **{chr(0xFF10 + d): str(d) for d in range(10)},
    }
)
_YEAR4 = r"(?:19|20)\d{2}"
_PERIOD = re.compile(
    rf"({_YEAR4})\s*年?(?:\d{{1,2}}月)?\s*[-—–－~～至到]{{1,2}}\s*({_YEAR4})\s*年?(?:\d{{1,2}}月)?"
)
_EDITION = re.compile(
    rf"\((?:{_YEAR4}年?(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?)?(?:第?[一二三四五六七八九十]+次)?"
    r"(?:修订|修正|修改|修订版|修正版|修订本|修正文本|修订文本|最新版|试行|暂行|草案|征求意见稿|送审稿)"
    r"\)$"
)
_BARE_YEAR = re.compile(rf"(?<=.)\({_YEAR4}年?\)$")
_SENTENCE_END = re.compile(r"[。；！？;!?]")


def normalize_title(title: str) -> str:
    """The matching key of a title as written (with or without its 《》)."""
    text = title.strip()
    if text.startswith("《") and text.endswith("》"):
        text = text[1:-1]
    text = _SPACE.sub("", text.translate(_FOLD))
    text = _PERIOD.sub(r"\1-\2年", text)
    while (edition := _EDITION.search(text)) and edition.start() > 0:
        text = text[: edition.start()]
    if text.startswith(PRC) and len(text) > len(PRC):
        text = text[len(PRC) :]
    return text


def looks_like_title(written: str) -> bool:
    """Whether the inside of a 《…》 can be a document title (see the module docstring)."""
    key = normalize_title(written)
    return bool(HAN_CHAR.search(key)) and len(key) <= MAX_TITLE and not _SENTENCE_END.search(key)


# --- classification rules ----------------------------------------------------------------

_LEAD_YEAR = rf"(?:{_YEAR4}年度?)?"
_NATIONAL = re.compile(
    rf"^{_LEAD_YEAR}(?:中共中央|中国共产党|中央|国务院|全国|最高人民法院|最高人民检察院|国家"
    rf"|[{HAN}]{{1,6}}(?<!支)部(?=[、关办令]))"
)
_NPC = re.compile(rf"^{_LEAD_YEAR}全国(?:人民代表大会|人大)")
_PLACE = re.compile(
    rf"^{_LEAD_YEAR}(?P<stem>[{HAN}]{{2,10}}?)"
    r"(?P<suffix>特别行政区|自治区|自治州|自治县|自治旗|街道|社区|地区|[省市州盟县区旗镇乡村])"
    r"(?P<next>.?)"
)
#: Words that make the place suffix part of a noun: 市场, 区域, 行政区划, 乡村, 镇街.
_GLUE = frozenset(
    {"市场", "区域", "区划", "区块", "区别", "区间", "区分", "区位", "县域", "乡村", "乡镇", "乡贤",
     "镇村", "镇街", "镇域"}
)  # fmt: skip
#: Stems that read as place names but are common words (城乡社区, 法治镇海, 自然保护区).
_NOT_PLACE_STEMS = frozenset(
    {
        "城乡", "城市", "农村", "基层", "行政", "自然保护", "风景名胜", "经济特", "开发", "新农",
        "民族自治", "特别行政", "少数民族", "法治", "平安", "文明", "和谐", "美丽", "智慧",
    }
)  # fmt: skip
_NOT_PLACE_WORDS = re.compile(r"关于|[的和与及、]|加强|推进|开展|建设|深化|全面|实施|示范|创建")
_SINGLE_YEAR = re.compile(r"(?:19|20)[\dXx×]{2}年")
_PERIOD_KEY = re.compile(rf"{_YEAR4}-{_YEAR4}年")
_LOCAL_ORGAN = re.compile(
    r"党工委|办事处|街道|居委会|村委会|[镇乡](?:党委|政府|人民政府)|司法所|两委|村\(居\)"
)
_PARTY = re.compile(r"中共|中国共产党|党内|党委|党组|党政|党员|党的|党支部|党建|中央")
_TRAILING_BRACKETS = re.compile(r"(?:\([^()]*\))+$")
_LAW_END = re.compile(r"(?:(?<![执普守违立司办方做打手疗算书兵章写想看说用语作])法|法典|修正案)$")
_IMPLEMENTS_LAW = re.compile(r"法实施(?:条例|细则|办法|规定)$")
_REGULATION_END = re.compile(r"条例$")
_NATIONAL_RULE_END = re.compile(r"(?:条例|规定|办法|细则|规则|准则|解释)$")
_PLAN_END = re.compile(r"(?<!学习)(?:规划|纲要)$")
_OWN_RULE_END = re.compile(
    r"(?:规定|办法|细则|规则|规范|制度|准则|规程|守则|公约|章程|民约|标准|流程|机制)$"
)
_GOVERNMENT_END = re.compile(
    r"(?:意见|通知|决定|方案|决议|批复|公告|通告|通报|指引|指南|命令|函|纪要)$"
)


def _local_place(key: str) -> str | None:
    """The place that opens ``key`` (重庆市 of 重庆市九龙坡区…), if it reads as one."""
    match = _PLACE.match(key)
    if not match:
        return None
    stem = match["stem"]
    glued = match["suffix"][-1] + match["next"] in _GLUE
    if stem in _NOT_PLACE_STEMS or _NOT_PLACE_WORDS.search(stem) or glued:
        return None
    return stem + match["suffix"]


def _is_local(key: str, stem: str) -> bool:
    # The year test reads the stem: 《某法(2021年)》 is a dated national law, not a local plan.
    return bool(
        _local_place(key)
        or _SINGLE_YEAR.search(_PERIOD_KEY.sub("", stem))
        or _LOCAL_ORGAN.search(key)
    )


def classify_title(key: str) -> str:
    """The kind of an uncurated title, by the rules (a)–(i) of the module docstring."""
    stem = _TRAILING_BRACKETS.sub("", key) or key
    if _NATIONAL.match(key):
        if _NPC.match(key) or _LAW_END.search(stem):
            return "law"
        if _PLAN_END.search(stem):
            return "plan"
        if _PARTY.search(key):
            return "party-document"
        if _NATIONAL_RULE_END.search(stem) or _IMPLEMENTS_LAW.search(stem):
            return "regulation"
        return "government-document"
    if _is_local(key, stem):
        if _local_place(key) and _REGULATION_END.search(stem):
            return "regulation"
        return "local-document"
    if _PARTY.search(key):
        return "party-document"
    if _LAW_END.search(stem):
        return "law"
    if _REGULATION_END.search(stem) or _IMPLEMENTS_LAW.search(stem):
        return "regulation"
    if _PLAN_END.search(stem):
        return "plan"
    if _OWN_RULE_END.search(stem):
        return "local-document"
    if _GOVERNMENT_END.search(stem):
        return "government-document"
    return "local-document"


def derived_id(key: str) -> str:
    """``doc-`` and the CRC-32 of the normalised title: the same in every build."""
    return f"{DERIVED_PREFIX}{zlib.crc32(key.encode('utf-8')):08x}"


# --- the curated list ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Curated:
    laws: tuple[Law, ...]
    by_key: dict[str, Law]


def _entry_lines(text: str) -> list[int]:
    """1-based line of each top-level entry, so problems point into the file."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.SequenceNode):
        return []
    return [node.start_mark.line + 1 for node in root.value]


def _text_problem(value: object, what: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"{what} must be a non-empty string"
    if "《" in value or "》" in value:
        return f"{what} {value!r} must be written without 《》"
    return None


def _entry_problems(entry: dict, seen_ids: set[str]) -> list[str]:
    """Problems of one entry's fields, except clashes of titles and aliases."""
    problems = []
    law_id = entry["id"]
    if not isinstance(law_id, str) or not _ID.fullmatch(law_id):
        problems.append(f"id {law_id!r} must be lowercase a-z0-9 words joined by -")
    elif law_id.startswith(DERIVED_PREFIX):
        problems.append(f"id {law_id!r} must not start with {DERIVED_PREFIX!r}")
    elif law_id in seen_ids:
        problems.append(f"duplicate id {law_id!r}")
    problems.extend(filter(None, (_text_problem(entry[f], f) for f in ("title", "short"))))
    if entry["kind"] not in LAW_KINDS:
        problems.append(f"unknown kind {entry['kind']!r} (allowed: {LAW_KINDS})")
    if not isinstance(entry.get("aliases") or [], list):
        problems.append("aliases must be a list")
    if not isinstance(entry.get("note", ""), str):
        problems.append("note must be a string")
    return problems


def _names(entry: dict) -> list[str]:
    """The title and aliases of an entry that are usable strings (others are reported)."""
    aliases = entry.get("aliases") or []
    names = [entry["title"], *(aliases if isinstance(aliases, list) else [])]
    return [name for name in names if _text_problem(name, "") is None]


@lru_cache(maxsize=4)
def _load(path: Path) -> _Curated:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the list of laws: {exc.strerror}") from exc
    try:
        entries = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: malformed YAML: {exc.problem}") from exc
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list of laws, got {type(entries).__name__}")
    lines = _entry_lines(text)
    problems: list[str] = []
    laws: list[Law] = []
    by_key: dict[str, Law] = {}
    # Every usable title and alias claims its key, even in an entry with other problems, so
    # that one run reports every clash.
    owner: dict[str, tuple[int, object]] = {}
    seen_ids: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        line = f":{lines[number - 1]}" if number <= len(lines) else ""
        where, shape = entry_problems(entry, f"{path}{line}: law {number}", _FIELDS, _REQUIRED)
        problems.extend(shape)
        if not isinstance(entry, dict) or not set(entry) >= _REQUIRED:
            continue
        own = [f"{where}: {problem}" for problem in _entry_problems(entry, seen_ids)]
        seen_ids.add(str(entry["id"]))
        keys = []
        for name in _names(entry):
            key = normalize_title(name)
            if key not in owner:
                owner[key] = (number, entry["id"])
                keys.append(key)
            elif owner[key][0] == number:
                own.append(f"{where}: alias {name!r} repeats its title after normalisation")
            else:
                own.append(
                    f"{where}: {name!r} is already the title or an alias of {owner[key][1]!r}"
                )
        problems.extend(own)
        if own:
            continue
        law = Law(entry["id"], entry["title"].strip(), entry["short"].strip(), entry["kind"], True)
        laws.append(law)
        by_key.update(dict.fromkeys(keys, law))
    if problems:
        raise ConfigError("\n".join(problems))
    return _Curated(tuple(laws), by_key)


def load_laws(path: Path = LAWS) -> tuple[Law, ...]:
    """Read and validate the curated list; every problem is reported at once.

    Raises:
        ConfigError: the file is unreadable, malformed, or breaks a rule of its header.
    """
    return _load(Path(path)).laws


# --- resolving and finding -----------------------------------------------------------------


@lru_cache(maxsize=8192)
def _resolve_key(key: str) -> Law:
    by_key = _load(LAWS).by_key
    curated = by_key.get(key) or by_key.get(_BARE_YEAR.sub("", key))
    if curated:
        return curated
    return Law(derived_id(key), key, key, classify_title(key), False)


def resolve(title: str) -> Law:
    """The law a title names: the curated entry it matches, else one derived by the rules."""
    return _resolve_key(normalize_title(title))


def _cite(text: str, anchor: str) -> list[Citation]:
    citations = []
    for match in _BOOK_TITLE.finditer(text):
        written = match.group(1)
        if not looks_like_title(written):
            continue
        citations.append(
            Citation(
                law=resolve(written),
                written=written,
                paragraph=anchor,
                start=match.start(),
                end=match.end(),
                context=sentence_at(text, match.start(), match.end()),
            )
        )
    return citations


def find_citations(doc: Document) -> list[Citation]:
    """Every cited title in reading order: headings (anchor of the section) and paragraphs.

    The document title line is not scanned: it has no anchor to cite from.
    """
    citations = []
    for paragraph in doc.intro:
        citations.extend(_cite(paragraph.text, paragraph.anchor))
    for section in doc.iter_sections():
        citations.extend(_cite(section.title, section.anchor))
        for paragraph in section.paragraphs:
            citations.extend(_cite(paragraph.text, paragraph.anchor))
    return citations


__all__ = [
    "KIND_LABELS",
    "LAWS",
    "LAW_KINDS",
    "MAX_TITLE",
    "Citation",
    "Law",
    "classify_title",
    "derived_id",
    "find_citations",
    "load_laws",
    "looks_like_title",
    "normalize_title",
    "resolve",
]
