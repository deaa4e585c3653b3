"""Collection pages come from the templates of generator/templates, never from HTML strings.

Two guarantees: no generator module writes page HTML in string literals (outside a short
list of modules, each with its reason), and whatever a report, a sidecar or a file name
holds reaches every template as text: markup stays text, template syntax is not run, a
quote does not end an attribute, a line break does not end the home page's HTML block.
"""

from __future__ import annotations

import ast
import copy
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pytest

from generator import listing, pages, reuse_pages, templating, yoy
from generator.build import convert
from generator.chars import CONTROL_CHAR
from generator.escape import one_line
from generator.exceptions import SourceError
from generator.render import HTML_BODY_MARKER
from generator.reuse import Cluster, Member, Pair, ReuseIndex

from .conftest import ROOT, SEEDS

GENERATOR = ROOT / "generator"
TEMPLATES = GENERATOR / "templates"

#: Modules that still hold HTML in string literals, and why.
HTML_ALLOWED = {
    # Report pages are Markdown; render.HTML_BLOCKS lists the two blocks Markdown has no form
    # for (the checklist with its tooltips, the citation box that cite.js fills in).
    "render.py": "report pages' HTML blocks",
}
#: A tag in a string: ``<p``, ``</a>``, ``<td>``. ``(?P<name>`` in a regular expression is not.
_TAG = re.compile(r"(?<!\?P)</?[a-zA-Z][a-zA-Z0-9]*(?:[\s>]|/>|$)")

#: Markup, template syntax of Jinja2 (run, it would print 49 or x), a quote and an apostrophe
#: that would end an attribute, and a line break with an admonition after a blank line.
HOSTILE = (
    "\"'><script>window.__pwned=1</script><img src=x onerror=alert(1)>"
    '{{ 7*7 }}{% if true %}x{% endif %}{# c #}\n\n!!! warning "通知"\n    注入'
)
SHOWN = one_line(HOSTILE)  # as a page shows it: every value on one line
SEED = "004_7980e3df0de4e6bc.txt"


# --- no HTML in Python --------------------------------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def _html_literals(path: Path) -> list[str]:
    """``file:line: literal`` for each string literal (f-string parts too) holding a tag."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [
        f"{path.name}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and _TAG.search(node.value)
    ]


def test_no_generator_module_writes_html_in_string_literals():
    found = [
        hit
        for path in sorted(GENERATOR.glob("*.py"))
        if path.name not in HTML_ALLOWED
        for hit in _html_literals(path)
    ]
    assert found == [], "HTML belongs in generator/templates:\n" + "\n".join(found)


def test_the_tag_check_finds_a_tag_in_an_f_string(tmp_path):
    module = tmp_path / "page.py"
    module.write_text(
        '"""Docstring with <p> is fine."""\n'
        'PATTERN = r"(?P<name>x)"\n'
        'def row(x):\n    return f"<td>{x}</td>"\n',
        encoding="utf-8",
    )
    assert _html_literals(module) == ["page.py:4: '<td>'", "page.py:4: '</td>'"]


def test_templates_are_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    line = next(x for x in pyproject.splitlines() if x.startswith("generator = ["))
    assert '"templates/*"' in line
    assert sorted(TEMPLATES.glob("*/")) == []  # one folder: templates/* installs every file


def test_a_printable_value_holds_no_character_one_line_would_replace():
    # templating._finalize returns a printable str as it is, without one_line's expression.
    found = [hex(c) for c in range(0x110000) if CONTROL_CHAR.match(chr(c)) and chr(c).isprintable()]
    assert found == []


def test_a_missing_value_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        templating.page("标题", "topics.html", page="topics/index.md")  # no rows


# --- hostile values through every template ------------------------------------------------------


class _Parsed(HTMLParser):
    """Elements, attributes and text as a browser's parser sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


class _Recording(jinja2.BaseLoader):
    """The package loader, noting every template it is asked for."""

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner
        self.names: set[str] = set()

    def get_source(self, environment, name):
        self.names.add(name)
        return self.inner.get_source(environment, name)


@pytest.fixture
def recorded(monkeypatch):
    """A fresh environment whose loader records the templates used."""
    env = templating._environment()
    loader = _Recording(env.loader)
    env.loader = loader
    monkeypatch.setattr(templating, "ENV", env)
    templating.template.cache_clear()
    yield loader
    templating.template.cache_clear()


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """Seed 004 with a hostile value in every front-matter text, figure label and unclassified
    unit, and in an editor's note; listings of one entry per page, so that every
    continuation page is made."""
    text = (SEEDS / SEED).read_text(encoding="utf-8")
    shutil.copy(SEEDS / SEED, tmp_path / SEED)
    phrase = "枫桥经验"
    assert phrase in text
    note = HOSTILE.replace("\n", " ")  # a note is one line in its sidecar (the schema's rule)
    (tmp_path / SEED).with_suffix(".yml").write_text(
        f"notes:\n  - phrase: {phrase}\n    note: '{note.replace(chr(39), chr(39) * 2)}'\n",
        encoding="utf-8",
    )
    report = convert(tmp_path / SEED)
    assert report.annotations, "the sidecar's note was not placed"
    fm = report.front_matter()
    for field in ("title", "issuer", "province", "city", "county", "township"):
        fm[field] = HOSTILE
    fm["report_year"] = None  # an unknown year and place: the pages' other branches
    for metric in report.metrics:
        metric.label = HOSTILE
        metric.unit = HOSTILE if metric.indicator == "unclassified" else metric.unit
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    return report


def _every_page(report) -> dict[str, str]:
    unplaced = copy.deepcopy(report)  # and one the converter could not place
    unplaced.front_matter()["division_code"] = None
    failures = [SourceError(Path(f"seeds/{HOSTILE}.txt"), HOSTILE, 3)]
    made = {
        "browse/years.md": pages.years_page([report, report]),
        "browse/types.md": pages.types_page([report]),
        "browse/places.md": pages.places_page([report, unplaced]),
        "editors.md": pages.editors_page([report], failures),
        "checklist.md": pages.checklist_page([report]),
        "annotations.md": pages.annotations_page([report]),
        "glossary.md": pages.glossary_page([report]),
        **pages.place_pages([report, unplaced]),
        **pages.indicator_pages([report]),
        **pages.topic_pages([report]),
        **pages.law_pages([report]),
        **pages.continuation_pages([report, report], failures),
        **_reuse_and_compare_pages(report),
    }
    return {path: text.split(HTML_BODY_MARKER, 1)[1] for path, text in made.items()}


def _reuse_and_compare_pages(report) -> dict[str, str]:
    """The reuse page and a year-over-year page, with a twin of the report whose first
    paragraph gained the hostile text (a changed paragraph: the diff's marks are made)."""
    twin = copy.deepcopy(report)
    twin.id = f"{report.id}-twin"
    paragraph = next(twin.document.iter_paragraphs())
    paragraph.text = HOSTILE + paragraph.text
    member = (Member(report.id, paragraph.anchor, 1.0), Member(twin.id, paragraph.anchor, 0.5))
    index = ReuseIndex.from_clusters([Cluster("r1", member)])
    index.pairs = [Pair(report.id, twin.id, 1, 0.5, 0.5)]
    pair = yoy.YearPair(report, twin)
    return {
        **reuse_pages.reuse_pages([report, twin], index, [pair]),
        pair.path: yoy.compare_page(pair),
    }


def _assert_inert(where: str, html: str) -> None:
    parsed = _Parsed(html)
    for tag, attrs in parsed.tags:
        # The charts' data is the one script element, JSON, never run.
        assert tag != "script" or attrs.get("type") == "application/json", where
        assert tag != "img", where
        assert not [name for name in attrs if name.startswith("on")], where


def test_hostile_values_are_text_on_every_collection_page(hostile, recorded):
    made = _every_page(hostile)
    assert len(made) > 20
    for path, html in made.items():
        _assert_inert(path, html)
    whole = "".join(made.values())
    parsed = _Parsed(whole)
    # The values are shown whole, as text, on one line, and in attributes as they are.
    assert SHOWN in "".join(parsed.text)
    note = "".join(_Parsed(made["annotations.md"]).text)
    assert HOSTILE.replace("\n", " ") in note  # the editor's note
    assert any(a.get("title") == SHOWN for _, a in parsed.tags)  # the value table's place
    assert "{{ 7*7 }}" in "".join(parsed.text) and "{% if true %}" in "".join(parsed.text)
    # Every template was used (the overview is the next test's).
    templates = {p.name for p in TEMPLATES.iterdir()} - {"overview.md"}
    assert templates - recorded.names == set()


def test_hostile_values_stay_text_in_the_home_page_overview(hostile, recorded):
    failures = [SourceError(Path(f"seeds/{HOSTILE}.txt"), HOSTILE, 3)]
    snippet = pages.overview_snippet([hostile], failures)
    assert "overview.md" in recorded.names
    html = markdown.markdown(
        snippet, extensions=["attr_list", "md_in_html", "admonition", "tables", "toc"]
    )
    _assert_inert("overview", html)
    assert "admonition" not in html  # the blank line in the value did not end the HTML block
    parsed = _Parsed(html)
    assert SHOWN in "".join(parsed.text)
    assert [tag for tag, _ in parsed.tags].count("table") == 2
