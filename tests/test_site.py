"""The built site: every seed has a page, data and search work, nothing leaves the origin."""

from __future__ import annotations

import json
import re
from html import escape as html_escape
from pathlib import Path

import yaml

from generator.pages import METRIC_CSV_COLUMNS
from generator.schema import FIELD_NAMES, validate

from .conftest import ROOT, SEEDS
from .regenerate_golden import GOLDEN, rendered_seeds

#: reports.json fields beyond the front matter.
EXTRA_FIELDS = (
    "url",
    "metric_count",
    "indicators",
    "topics",
    "terms",
    "laws",
    "checklist",
    "related",
)
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def _front_matter(markdown: str) -> dict:
    assert markdown.startswith("---\n")
    block, _, _ = markdown[4:].partition("\n---\n")
    return yaml.safe_load(block)


def test_golden_pages_match_the_converter():
    pages = rendered_seeds()
    assert sorted(pages) == sorted(p.name for p in GOLDEN.glob("*.md")), "run `make golden`"
    for name, text in pages.items():
        assert text == (GOLDEN / name).read_text(encoding="utf-8"), (
            f"{name} differs: run `make golden`"
        )


def test_every_front_matter_parses_back_and_validates():
    for name, text in rendered_seeds().items():
        data = _front_matter(text)
        assert list(data) == list(FIELD_NAMES), name
        assert validate(data) == [], name


def test_every_seed_has_a_page(built_site):
    for report_id in SEED_IDS:
        page = built_site / "reports" / f"{report_id}.html"
        assert page.is_file(), report_id
        assert "report-card" in page.read_text(encoding="utf-8")


def test_reports_json_has_every_field_and_url(built_site):
    rows = json.loads((built_site / "data" / "reports.json").read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == SEED_IDS
    for row in rows:
        assert list(row) == [*FIELD_NAMES, *EXTRA_FIELDS]
        assert (built_site / row["url"]).is_file()


def test_browse_pages_link_every_report(built_site):
    for page in ("years", "types"):
        html = (built_site / "browse" / f"{page}.html").read_text(encoding="utf-8")
        for report_id in SEED_IDS:
            assert f"reports/{report_id}.html" in html, (page, report_id)
    # The places page is an index of places; each province's page lists its reports.
    index = (built_site / "browse" / "places.html").read_text(encoding="utf-8")
    provinces = sorted(set(re.findall(r'href="\.\./(places/\d\d\.html)"', index)))
    listed = "".join((built_site / p).read_text(encoding="utf-8") for p in provinces)
    for report_id in SEED_IDS:
        assert f"reports/{report_id}.html" in listed, report_id


def test_places_page_has_the_seed_places(built_site):
    html = (built_site / "browse" / "places.html").read_text(encoding="utf-8")
    for anchor in ("p-32", "p-3206", "p-320685", "p-3301", "p-330110", "p-500107"):
        assert f'id="{anchor}"' in html, anchor
    # Townships are listed with their reports on the province page, under their county.
    jiangsu = (built_site / "places" / "32.html").read_text(encoding="utf-8")
    assert 'id="p-320685"' in jiangsu and "李堡镇" in jiangsu


def test_report_pages_are_not_listed_in_the_navigation(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary") : html.index('class="md-content"')]
    assert "browse/years.html" in nav
    assert "reports/" not in nav


def test_headings_have_readable_stable_anchors(built_site):
    html = (built_site / "reports" / f"{SEED_IDS[0]}.html").read_text(encoding="utf-8")
    assert 'id="s1"' in html and 'id="s1-1"' in html and 'id="s1-1-p1"' in html
    assert not re.search(r'<h[2-4] id="_\d+"', html)


def test_site_makes_no_request_to_another_origin(built_site):
    pattern = re.compile(
        r'<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)="(?:https?:)?//', re.I
    )
    offenders = []
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        offenders += [
            f"{page.relative_to(built_site)}: {m.group()}" for m in pattern.finditer(html)
        ]
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for sheet in built_site.rglob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        offenders += [
            f"{sheet.relative_to(built_site)}: {u}"
            for u in re.findall(r"url\(\s*['\"]?https?://[^)]*", css)
        ]
    assert not offenders, offenders


def test_home_page_shows_the_overview(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "档案现收录" in html and "最新收录" in html
    assert "浙江省" in html
    assert "未能转换" not in html  # every seed converts


def test_home_page_title_names_the_site_once(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<title>(.*?)</title>", html) == ["法治政府建设报告注释档案"]
    about = (built_site / "about.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]+ - 法治政府建设报告注释档案</title>", about)


def test_site_built_with_site_url_has_a_sitemap_and_absolute_citation_urls(tmp_path):
    from . import hostile_input as hostile

    site = hostile.build_hostile_sidecar_site(tmp_path)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{hostile.SITE_URL}index.html</loc>" in sitemap
    assert f"<loc>{hostile.SITE_URL}reports/hostile.html</loc>" in sitemap
    # The file name's payload is "}@misc{" (its sidecar's "}\n@misc{" is refused: two lines).
    stem = hostile.HOSTILE_FILE_STEM
    (bib_path,) = (p for p in (site / "reports").glob("*.bib") if "misc" in p.name)
    bib = bib_path.read_text(encoding="utf-8")
    assert f"url = {{{hostile.SITE_URL}reports/{bib_path.stem}.html}}" in bib
    assert len(re.findall(r"^@", bib, re.M)) == 1, f"{stem} added a BibTeX entry"
    csl = json.loads((site / "reports" / "hostile.csl.json").read_text(encoding="utf-8"))
    assert csl[0]["URL"] == f"{hostile.SITE_URL}reports/hostile.html"


def test_site_builds_from_another_folder_of_reports(tmp_path):
    from .site_build import build_site

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "chengguan.txt").write_bytes(
        (ROOT / "tests" / "fixtures" / "sources" / "gbk_encoded.txt").read_bytes()
    )
    # No place can be told from 城关镇 alone (dozens of counties have one): a warning, not --strict.
    site = build_site(folder, tmp_path / "out", strict=False)
    rows = json.loads((site / "data" / "reports.json").read_text(encoding="utf-8"))
    assert [(r["id"], r["encoding"]) for r in rows] == [("chengguan", "gb18030")]
    assert (site / "reports" / "chengguan.html").is_file()


def test_committed_tree_has_no_generated_output():
    assert not (ROOT / "docs" / "reports").exists()
    tracked = Path(ROOT / ".gitignore").read_text()
    assert "/site/" in tracked and "/build/" in tracked


def test_data_page_example_is_the_real_record_of_report_001(built_site):
    page = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    example = json.loads(page.split("```json\n", 1)[1].split("\n```", 1)[0])
    rows = json.loads((built_site / "data" / "reports.json").read_text(encoding="utf-8"))
    record = next(r for r in rows if r["id"] == example["id"])
    assert example == record


def test_data_page_documents_every_field(built_site):
    page = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for name in [*FIELD_NAMES, *EXTRA_FIELDS]:
        assert f"| `{name}` |" in page, name
    for column in METRIC_CSV_COLUMNS[2:]:
        assert f"| `{column}` |" in page, column


def test_metrics_csv_opens_in_excel_with_chinese(built_site):
    import csv

    raw = (built_site / "data" / "metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel reads Chinese"
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(METRIC_CSV_COLUMNS)
    records = json.loads((built_site / "data" / "reports.json").read_text(encoding="utf-8"))
    assert len(rows) - 1 == sum(r["metric_count"] for r in records)
    text = METRIC_CSV_COLUMNS.index("text")
    row = next(r for r in rows if r[0] == "001_aad3a219ed66e48e" and r[text] == "251余万元")
    assert row[3:8] == ["涉案金额", "2510000", "元", "money", "true"]


def _metric_rows(site: Path) -> list[dict[str, str]]:
    import csv

    text = (site / "data" / "metrics.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def test_every_figure_is_marked_and_linked_both_ways(built_site):
    records = json.loads((built_site / "data" / "reports.json").read_text(encoding="utf-8"))
    rows = _metric_rows(built_site)
    for record in records:
        html = (built_site / record["url"]).read_text(encoding="utf-8")
        assert 'id="metrics"' in html
        for row in (r for r in rows if r["report_id"] == record["id"]):
            anchor = row["metric_id"]  # the figure's anchor on the report page
            # (Python-Markdown writes attributes in alphabetical order.)
            assert f'<a class="metric" href="#metric-{anchor}" id="{anchor}"' in html, anchor
            assert f'<tr id="metric-{anchor}">' in html and f'href="#{anchor}"' in html, anchor


def test_indicator_pages_compare_reports_with_a_chart(built_site):
    overview = (built_site / "indicators" / "index.html").read_text(encoding="utf-8")
    page = built_site / "indicators" / "disputes-accepted.html"
    assert "受理矛盾纠纷数" in overview and page.is_file()
    html = page.read_text(encoding="utf-8")
    found = html.split('<script type="application/json">')[1:]
    strip, bars = (json.loads(text.split("</script>", 1)[0]) for text in found)
    # A dot per report, in rows of report years; the largest reports as bars.
    assert strip["type"] == "strip" and len(strip["values"]) == len(strip["row"])
    assert all(re.fullmatch(r"\d{4}年|年份不详", label) for label in strip["rows"])
    assert bars["values"] and len(bars["labels"]) == len(bars["values"]) == len(bars["links"])
    # The value per report links back to its sentence (checked by the link test).
    table = html.split('<table class="indicator-table" data-sortable="">', 1)[1]
    assert 'href="../reports/' in table.split("</table>", 1)[0]


def test_editors_page_lists_unclassified_labels(built_site):
    unclassified = {
        r["label"] for r in _metric_rows(built_site) if r["indicator"] == "unclassified"
    }
    html = (built_site / "editors.html").read_text(encoding="utf-8")
    missing = [label for label in unclassified if html_escape(label, quote=False) not in html]
    assert unclassified and not missing, missing


def test_no_broken_internal_link(built_site):
    """Every relative href/src in the built site resolves to a file, and its #fragment to an id."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            ids[page] = set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
        return ids[page]

    broken = []
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            if re.match(r"^(?:[a-z]+:|//|data:|javascript:)", link):
                continue
            target, _, fragment = link.partition("#")
            target = target.split("?")[0]
            if target.startswith("/"):  # 404.html links from the site root
                resolved = built_site / target.lstrip("/")
            else:
                resolved = (page.parent / target).resolve() if target else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(built_site)}: {link}")
            elif fragment and resolved.suffix == ".html":
                from urllib.parse import unquote

                if unquote(fragment) not in ids_of(resolved):
                    broken.append(f"{page.relative_to(built_site)}: {link} (no such id)")
    assert not broken, broken[:20]


def test_cited_laws_link_to_law_pages_that_cite_back(built_site):
    records = json.loads((built_site / "data" / "reports.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in records}
    civil_code = built_site / "laws" / "civil-code.html"
    assert civil_code.is_file()
    page = civil_code.read_text(encoding="utf-8")
    # 《民法典》 is cited by 000 (three times, Traditional 《民法典》) and linked from its text.
    assert "reports/000_fd4662651861cbed.html#" in page
    html = (built_site / by_id["000_fd4662651861cbed"]["url"]).read_text(encoding="utf-8")
    assert html.count('class="citation" href="../laws/civil-code.html"') == 3
    kinds = {law["title"]: law["kind"] for law in by_id["000_fd4662651861cbed"]["laws"]}
    assert kinds["中华人民共和国民法典"] == "law"
    assert kinds["2020年法治镇海建设工作要点"] == "local-document"
    assert (built_site / "laws" / "index.html").is_file()


def test_glossary_terms_have_tooltips_and_entries_list_their_reports(built_site):
    html = (built_site / "reports" / "001_aad3a219ed66e48e.html").read_text(encoding="utf-8")
    # Definitions live in glossary-terms.js, shared by every page; report-tooltips.js turns
    # them into the tooltip of each marked term (tested in the browser).
    term = re.search(r'<a class="term" href="\.\./glossary\.html#([\w-]+)">枫桥经验</a>', html)
    assert term, "枫桥经验 is marked and linked to its entry"
    script = (built_site / "javascripts" / "glossary-terms.js").read_text(encoding="utf-8")
    assert f'"{term.group(1)}": "枫桥经验：' in script
    glossary = (built_site / "glossary.html").read_text(encoding="utf-8")
    entry = glossary.split(f'id="{term.group(1)}"', 1)[1].split("<h2", 1)[0]
    assert "reports/001_aad3a219ed66e48e.html" in entry


def test_related_reports_are_listed_with_reasons(built_site):
    records = json.loads((built_site / "data" / "reports.json").read_text(encoding="utf-8"))
    for record in records:
        assert record["related"], record["id"]
        html = (built_site / record["url"]).read_text(encoding="utf-8")
        first = record["related"][0]
        assert f'href="{first["id"]}.html"' in html
    # The reasons are on the report page (reports.json keeps ids and scores).
    html = (built_site / "reports" / "003_b2c3a3e35ec255cb.html").read_text(encoding="utf-8")
    item = html.split('href="000_fd4662651861cbed.html"', 1)[1].split("</li>", 1)[0]
    assert "同在浙江省" in item


def test_original_text_is_offered_beside_the_simplified(built_site):
    page = (built_site / "reports" / "000_fd4662651861cbed.original.html").read_text(
        encoding="utf-8"
    )
    assert "依法治區建設工作進展情況" in page and "依法治区建设工作进展情况" in page
    assert "(qū)" not in page
    main = (built_site / "reports" / "000_fd4662651861cbed.html").read_text(encoding="utf-8")
    assert 'href="000_fd4662651861cbed.original.html"' in main
    simplified = (built_site / "reports" / "004_7980e3df0de4e6bc.html").read_text(encoding="utf-8")
    assert "收到的原文为简体，与本页正文逐字相同" in simplified


def test_each_report_offers_its_citation(built_site):
    html = (built_site / "reports" / "003_b2c3a3e35ec255cb.html").read_text(encoding="utf-8")
    # The title was derived by the archive (the report has none): in square brackets.
    assert (
        "杭州市余杭区人民政府余杭街道办事处. "
        "[余杭街道2020年度法治政府建设工作报告][EB/OL]. (2021-03-30)" in html
    )
    bib = (built_site / "reports" / "003_b2c3a3e35ec255cb.bib").read_text(encoding="utf-8")
    assert bib.startswith("@misc{fazhi_003_b2c3a3e35ec255cb,") and "year = {2021}" in bib
    assert "访问日期" not in bib and "urldate" not in bib
    csl = json.loads(
        (built_site / "reports" / "003_b2c3a3e35ec255cb.csl.json").read_text(encoding="utf-8")
    )
    assert csl[0]["issued"] == {"date-parts": [[2021, 3, 30]]} and csl[0]["type"] == "report"


def test_checklist_comparison_page(built_site):
    html = (built_site / "checklist.html").read_text(encoding="utf-8")
    row = html.split("003_b2c3a3e35ec255cb.html", 1)[1].split("</tr>", 1)[0]
    assert row.count("✓") == 5 and "是" in row


def test_two_builds_of_the_same_input_are_byte_identical(built_site, tmp_path):
    from .site_build import build_site

    again = build_site(SEEDS, tmp_path / "again")
    # The sitemap carries the build date by design (MkDocs' lastmod and gzip mtime).
    declared = {"sitemap.xml", "sitemap.xml.gz"}

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in declared
        }

    first, second = tree(built_site), tree(again)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, differing[:10]


def test_report_page_is_finished_html_with_its_table_of_contents(built_site):
    """hooks/archive.py skips Markdown for generated pages and builds the TOC from headings."""
    page = (built_site / "reports" / "001_aad3a219ed66e48e.html").read_text(encoding="utf-8")
    toc = page.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>\n</div>", 1)[0]
    links = re.findall(r'href="#([\w-]+)"', toc)
    assert links[0] == "s1" and {"metrics", "related", "cite"} <= set(links)
    headings = re.findall(r'<h[2-4] id="([\w-]+)">', page)
    assert set(links) <= set(headings)
    assert "<!-- archive:html -->" not in page  # the marker never reaches the reader


def test_preview_home_page_counts_a_report_added_while_serving(tmp_path):
    """`make serve` (mkdocs serve --dirty): the overview follows the seeds folder."""
    import os
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    seeds, build_dir = tmp_path / "seeds", tmp_path / "build"
    seeds.mkdir()
    shutil.copy(SEEDS / "000_fd4662651861cbed.txt", seeds)
    env = {
        **os.environ,
        "ARCHIVE_BUILD_DIR": str(build_dir),
        "ARCHIVE_DOCS_DIR": str(build_dir / "docs"),
        "ARCHIVE_SEEDS": str(seeds),
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": "",  # MkDocs serve sets its own address
    }
    convert = [sys.executable, "-m", "generator", "build", "--seeds", str(seeds)]
    convert += ["--out", str(build_dir / "docs"), "--snippets", str(build_dir / "snippets")]
    subprocess.run(convert, cwd=ROOT, env=env, check=True, capture_output=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict"]
    serve += ["--dev-addr", f"127.0.0.1:{port}", "--livereload"]
    server = subprocess.Popen(
        serve, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def home_after(condition, bound: float = 120) -> str:
        # A generous bound: it guards against a hang, it does not time the preview.
        deadline = time.monotonic() + bound
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    html = page.read().decode("utf-8")
                if condition(html):
                    return html
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"hang: the preview did not show the change in {bound} s")

    try:
        home_after(lambda html: "档案现收录 <strong>1</strong>" in html)
        shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", seeds)
        html = home_after(lambda html: "档案现收录 <strong>1</strong>" not in html)
        assert "档案现收录 <strong>2</strong>" in html and "谢家湾街道" in html
    finally:
        server.terminate()
        server.wait(timeout=30)
