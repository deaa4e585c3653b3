"""Every value is escaped for the place it lands in (generator/escape.py), and the reported
injections stay data: a script in a sidecar's province, an admonition in a title, a second
BibTeX entry from a ``}``. Also the reader-facing parts of issue 9 that live in the same code:
failures shown, citations marked, the preview's overview kept fresh.

Values are put into a report's front matter directly (as a sidecar correction would), so
these tests hold whether or not sidecar validation would refuse them first.
"""

from __future__ import annotations

import csv
import html as html_module
import importlib.util
import io
import json
import os
import re
import shutil
from html.parser import HTMLParser

import markdown
import pytest
import yaml

from generator import cite, escape, pages
from generator.build import build, convert
from generator.exceptions import CollisionError, SourceError
from generator.render import HTML_BODY_MARKER

from .conftest import ROOT, SEEDS

SEED = "004_7980e3df0de4e6bc.txt"  # 重庆市 九龙坡区 谢家湾街道, report year 2021, no date
SCRIPT = "<script>window.__pwned=1</script>"
ADMONITION = '标题\n\n!!! warning "系统通知"\n    系统升级，请访问 http://example.com 重新登录\n'
#: Closes the BibTeX field and the entry, then opens one of its own.
BIBTEX_BREAKOUT = "标题}, note={x}}\n@misc{evil, title={注入}"
#: The extensions docs/index.md is read with (mkdocs.yml), which the overview lands in.
SITE_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]


@pytest.fixture
def report(tmp_path):
    """A real report (seed 004), converted from a copy; tests set its front-matter values."""
    shutil.copy(SEEDS / SEED, tmp_path / SEED)
    return convert(tmp_path / SEED)


def _set(report, **values):
    fm = report.front_matter()
    fm.update(values)
    return report


class _Elements(HTMLParser):
    """Tags and the text of the whole document, as a browser's parser would see them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _bibtex_entries(text: str) -> list[str]:
    """Entry types at brace depth 0, counting braces as BibTeX does (backslashes ignored)."""
    entries, depth = [], 0
    for match in re.finditer(r"@(\w+)|[{}]", text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            assert depth >= 0, "a brace closes more than was opened"
        elif depth == 0:
            entries.append(match.group(1))
    assert depth == 0, "braces left open"
    return entries


# --- one test per context --------------------------------------------------------------------


def test_html_text_escapes_markup_and_keeps_quotes_readable():
    assert escape.html_text('<b a="1">&') == '&lt;b a="1"&gt;&amp;'


def test_html_attribute_cannot_be_closed_by_a_quote():
    value = "x\" onmouseover='alert(1)'"
    parsed = _Elements(f'<a title="{escape.html_attr(value)}">t</a>')
    assert parsed.tags == [("a", {"title": value})]


def test_markdown_inline_keeps_syntax_and_line_breaks_literal():
    value = f"*星* _下_ `码` [链](javascript:alert(1)) {{{{ x }}}} | {ADMONITION}"
    html = markdown.markdown(f"- {escape.markdown_inline(value)}", extensions=SITE_EXTENSIONS)
    parsed = _Elements(html)
    assert [tag for tag, _ in parsed.tags] == ["ul", "li"]
    shown = re.sub(r"\s+", " ", "".join(parsed.text)).strip()  # as a browser shows it
    assert shown == re.sub(r"\s+", " ", value).strip()


def test_front_matter_round_trips_values_that_look_like_yaml():
    data = {"title": "a: b\n---\nkey: value # not a comment", "issuer": "\x1b[31m\x07", "n": 3}
    text = escape.front_matter(data)
    lines = text.splitlines()
    # Only the delimiters are lines of their own that MkDocs' front-matter pattern would see.
    assert [i for i, line in enumerate(lines) if line.rstrip() in ("---", "...")] == [
        0,
        len(lines) - 1,
    ]
    assert yaml.safe_load(text[4:-4]) == data


def test_json_in_html_cannot_end_its_script_element():
    data = {"title": "</script><script>alert(1)</script><!-- \u2028\u2029&"}
    text = escape.json_in_html(data)
    assert not re.search(r"</script|<!--|[\u2028\u2029]", text, re.I)
    assert json.loads(text) == data


def test_csl_json_round_trips_any_string():
    items = [{"title": 'a"\n}\\\u2028', "note": "\x00"}]
    assert json.loads(escape.csl_json(items)) == items


def test_bibtex_value_escapes_every_special_and_flattens_lines():
    value = escape.bibtex_value("a{b}c\\d%e&f_g#h$i~j^k\n\nl")
    assert "\n" not in value
    for raw in ("%", "&", "_", "#", "$"):
        assert f"\\{raw}" in value
    assert _bibtex_entries(f"@misc{{k, title = {{{value}}}}}") == ["misc"]


def test_bibtex_key_is_ascii_without_separators():
    assert escape.bibtex_key("a b,c}{@d") == "a_b_c_d"
    assert escape.bibtex_key("，。") == "report"


def test_bibtex_url_stays_verbatim_but_cannot_end_the_field():
    url = "https://x.github.io/r/reports/001_ab.html"
    assert escape.bibtex_url(url) == url
    assert escape.bibtex_url("https://x/}{\\ 报") == "https://x/%7D%7B%5C%20%E6%8A%A5"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","点")', '\'=HYPERLINK("http://x","点")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("-3", "-3"),
        ("+5%", "+5%"),
        ("1.5e3", "1.5e3"),
        ("调解纠纷", "调解纠纷"),
        (-3, -3),
    ],
)
def test_csv_cell_guards_formulas_and_keeps_numbers(cell, written):
    assert escape.csv_cell(cell) == written


def test_url_part_cannot_add_a_folder_query_or_fragment():
    assert escape.url_part("../a?b#c d") == "..%2Fa%3Fb%23c%20d"
    assert escape.url_part("001_ab-c") == "001_ab-c"


def test_url_path_cannot_become_a_javascript_link():
    link = escape.url_path("javascript:alert(1).html#p-<x>")
    assert not link.lower().startswith("javascript:") and "<" not in link
    assert escape.url_path("../browse/types.html#t-政法工作总结") == (
        "../browse/types.html#t-政法工作总结"
    )


# --- the reported injections -----------------------------------------------------------------


def test_province_script_in_the_overview_is_text(report):
    _set(report, province=SCRIPT)
    html = markdown.markdown(pages.overview_snippet([report]), extensions=SITE_EXTENSIONS)
    parsed = _Elements(html)
    assert "script" not in [tag for tag, _ in parsed.tags]
    assert SCRIPT in "".join(parsed.text)


def test_title_newline_does_not_add_an_admonition_to_the_overview(report):
    _set(report, title=ADMONITION, issuer=ADMONITION)
    html = markdown.markdown(pages.overview_snippet([report]), extensions=SITE_EXTENSIONS)
    assert "admonition" not in html
    link = re.search(r'<a href="reports/[^"]+">(.*?)</a>', html).group(1)
    # The title as text on one line (the template engine spells a quote &#34;).
    assert "<" not in link and html_module.unescape(link) == escape.one_line(ADMONITION)


def test_pipe_and_link_syntax_in_a_title_stay_in_one_overview_row(report):
    title = "甲|乙|[点我](javascript:alert(1))"
    _set(report, title=title, province=title)
    html = markdown.markdown(pages.overview_snippet([report]), extensions=SITE_EXTENSIONS)
    parsed = _Elements(html)
    assert not any(a.get("href", "").startswith("javascript") for _, a in parsed.tags)
    row = re.search(r"<tr><td><a [^>]*>([^<]*)</a></td><td[^>]*>1</td></tr>", html.split("省级")[1])
    assert row and row.group(1) == title


def test_closing_brace_in_a_title_does_not_add_a_bibtex_entry(report):
    _set(report, title=BIBTEX_BREAKOUT, issuer=BIBTEX_BREAKOUT)
    assert _bibtex_entries(cite.bibtex(report, "reports/x.html")) == ["misc"]


def test_closing_brace_in_a_file_name_does_not_add_a_bibtex_entry(report):
    _set(report, source_file="报告}\n@misc{evil,.txt")
    entry = cite.bibtex(report, "reports/x}@misc{y.html")
    assert _bibtex_entries(entry) == ["misc"]


def test_citations_of_a_hostile_report_are_one_line_and_round_trip(report):
    _set(report, title=ADMONITION, issuer=SCRIPT)
    assert "\n" not in cite.gb7714(report, "reports/x.html")
    (item,) = json.loads(cite.csl_json(report, "reports/x.html"))
    assert item["title"] == ADMONITION and item["author"] == [{"literal": SCRIPT}]


def test_label_starting_with_equals_is_not_a_formula_in_metrics_csv(report):
    report.metrics[0].label = '=HYPERLINK("http://example.com","点")'
    rows = list(csv.reader(io.StringIO(pages.metrics_csv([report]).lstrip("\ufeff"))))
    label = rows[0].index("label")
    assert rows[1][label] == "'" + report.metrics[0].label


def test_hostile_values_on_the_collection_pages_are_text(report):
    _set(report, province=SCRIPT, city=SCRIPT, issuer=SCRIPT, title=f"{SCRIPT}\n{ADMONITION}")
    made = {
        "browse/years.md": pages.years_page([report]),
        "browse/places.md": pages.places_page([report]),
        "editors.md": pages.editors_page([report]),
        **pages.place_pages([report]),
        **pages.indicator_pages([report]),
    }
    for path, text in made.items():
        body = text.split(HTML_BODY_MARKER, 1)[1]  # after the (YAML) front matter
        parsed = _Elements(body)
        # The charts' data is the one script element, and it is JSON, never run.
        scripts = [a for tag, a in parsed.tags if tag == "script"]
        assert all(a.get("type") == "application/json" for a in scripts), path
        if "reports/" in body:  # a page naming the report shows its values as text
            assert SCRIPT in "".join(parsed.text), path


# --- failures stay visible -------------------------------------------------------------------


def _failures():
    return [
        SourceError(SEEDS.parent / "seeds" / "broken.txt", "byte 7 cannot be decoded", 3),
        SourceError("seeds/<b>x</b>.yml", "publish_date: 2021-13-40 is not a date", 2),
        CollisionError("seeds/a.txt and seeds/A.txt both map to the id 'a'; rename one"),
    ]


def test_editors_page_lists_every_report_that_failed_with_file_and_reason(report):
    html = pages.editors_page([report], _failures())
    section = html.split('id="failures"')[1].split("<h2")[0]
    assert "未能转换的文件（3）" in html
    assert "<code>broken.txt:3</code>" in section  # an absolute path shows its name only
    assert "byte 7 cannot be decoded" in section
    assert "<code>seeds/&lt;b&gt;x&lt;/b&gt;.yml:2</code>" in section
    assert "both map to the id" in section


def test_overview_says_how_many_reports_were_left_out(report):
    snippet = pages.overview_snippet([report], _failures())
    assert "档案现收录 <strong>1</strong> 份报告" in snippet
    assert "另有 3 个文件未能转换，见" in snippet and 'href="editors.html#failures"' in snippet
    assert "未能转换" not in pages.overview_snippet([report])


def test_a_failed_report_reaches_the_editors_page_and_the_home_page(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / SEED, seeds)
    (seeds / "damaged.txt").write_bytes(b"\xff\xfe\x00\xd8\x00\xd8abc\x81")
    result = build(seeds, tmp_path / "docs", tmp_path / "snippets", jobs=1)
    assert [e.path.name for e in result.errors] == ["damaged.txt"]
    editors = (tmp_path / "docs" / "editors.md").read_text(encoding="utf-8")
    assert "<code>damaged.txt:1</code>" in editors
    overview = (tmp_path / "snippets" / "overview.md").read_text(encoding="utf-8")
    assert "另有 1 个文件未能转换" in overview


# --- citations --------------------------------------------------------------------------------


def test_derived_title_is_in_square_brackets_in_every_citation(report):
    _set(report, title="某街道2020年法治政府建设工作报告", title_derived=True)
    assert "[某街道2020年法治政府建设工作报告][EB/OL]" in cite.gb7714(report, "u")
    assert "title = {[某街道2020年法治政府建设工作报告]}" in cite.bibtex(report, "u")
    (item,) = json.loads(cite.csl_json(report, "u"))
    assert item["title"] == "[某街道2020年法治政府建设工作报告]"
    assert cite.DERIVED_TITLE_NOTE in item["note"]


def test_year_only_date_is_marked_as_the_report_year(report):
    _set(report, publish_date=None, report_year=2020)
    assert "([2020])" in cite.gb7714(report, "u")
    bib = cite.bibtex(report, "u")
    assert "year = {2020}" in bib and cite.YEAR_ONLY_NOTE in bib
    (item,) = json.loads(cite.csl_json(report, "u"))
    assert item["issued"] == {"date-parts": [[2020]], "circa": True}
    _set(report, publish_date="2021-03-30")
    assert "(2021-03-30)" in cite.gb7714(report, "u")
    assert cite.YEAR_ONLY_NOTE not in cite.bibtex(report, "u")


def test_downloads_carry_no_access_date_placeholder(report):
    assert cite.DATE_PLACEHOLDER not in cite.bibtex(report, "u")
    assert "urldate" not in cite.bibtex(report, "u")
    assert "accessed" not in json.loads(cite.csl_json(report, "u"))[0]


def test_site_url_makes_the_download_urls_absolute(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / SEED, seeds)
    site = "https://owner.github.io/archive/"
    build(seeds, tmp_path / "docs", tmp_path / "snippets", jobs=1, site_url=site)
    report_id = SEED.removesuffix(".txt")
    bib = (tmp_path / "docs" / "reports" / f"{report_id}.bib").read_text(encoding="utf-8")
    assert f"url = {{{site}reports/{report_id}.html}}" in bib
    csl = (tmp_path / "docs" / "reports" / f"{report_id}.csl.json").read_text(encoding="utf-8")
    assert json.loads(csl)[0]["URL"] == f"{site}reports/{report_id}.html"


# --- the preview's overview stays fresh -----------------------------------------------------


def _load_hook():
    spec = importlib.util.spec_from_file_location("archive_hook", ROOT / "hooks" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dirty_rebuild_redoes_the_home_page_when_its_snippet_changed(tmp_path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    build_dir, docs, site = tmp_path / "build", tmp_path / "docs", tmp_path / "site"
    (build_dir / "docs").mkdir(parents=True)
    (build_dir / "snippets").mkdir()
    docs.mkdir()
    (docs / "index.md").write_text('# 首页\n\n--8<-- "overview.md"\n', encoding="utf-8")
    (docs / "about.md").write_text("# 关于\n", encoding="utf-8")
    snippet = build_dir / "snippets" / "overview.md"
    snippet.write_text("<p>4 份报告</p>\n", encoding="utf-8")
    monkeypatch.setenv("ARCHIVE_BUILD_DIR", str(build_dir))
    config = load_config(
        str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), strict=False
    )
    hook = _load_hook()
    hook.on_startup("serve", dirty=True)
    for page in ("index.html", "about.html"):  # both built once, after their sources
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text("built", encoding="utf-8")
        os.utime(site / page, (2_000_000_000, 2_000_000_000))
    files = hook.on_files(get_files(config), config)
    index, about = files.get_file_from_path("index.md"), files.get_file_from_path("about.md")
    assert not index.is_modified() and not about.is_modified()
    snippet.write_text("<p>5 份报告</p>\n", encoding="utf-8")
    os.utime(snippet, (2_000_000_100, 2_000_000_100))  # the converter rewrote it since
    files = hook.on_files(get_files(config), config)
    assert files.get_file_from_path("index.md").is_modified()
    assert not files.get_file_from_path("about.md").is_modified()
