"""The indicator pages of the site built from the seeds, read as a researcher reads them.

The values are issue 10's: each report's row on the mediation success-rate and disputes
pages, and none of the figures the issue found wrongly compared shows anywhere on an
indicator page (values, "另见", or look-alikes). Built once with the session's site.
"""

from __future__ import annotations

import re

import pytest

from generator.build import convert

from .conftest import SEEDS

_ROW = re.compile(r"<tr><td>\d+</td>.*?</tr>", re.S)
_REPORT = re.compile(r'href="\.\./reports/(\d{3})_[0-9a-f]+\.html"')
_VALUE = re.compile(
    r'data-value="([0-9.]+)">(?:<span class="metric-approx"[^>]*>≈</span> )?<a href="[^"]+#m\d+"'
)


def _values(site, indicator: str) -> dict[str, float]:
    """Seed number → the value its row shows on ``indicators/<indicator>.html``."""
    page = (site / "indicators" / f"{indicator}.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="indicator-table"') :]
    table = table[: table.index("</table>")]
    out = {}
    for row in _ROW.findall(table):
        out[_REPORT.search(row).group(1)] = float(_VALUE.search(row).group(1))
    return out


def test_mediation_success_rate_page_shows_each_report_its_own_success_rate(built_site):
    assert _values(built_site, "mediation-success-rate") == {"001": 99.89, "002": 98.3, "000": 99}


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        ("disputes-accepted", {"001": 891, "002": 825}),
        ("disputes-resolved", {"001": 890, "002": 811}),
    ],
)
def test_disputes_pages_show_the_mediation_figures_not_police_or_part_counts(
    built_site, indicator, expected
):
    values = _values(built_site, indicator)
    assert {seed: values[seed] for seed in expected} == expected


#: Figures of the seeds the issue found compared where they do not belong: the text as
#: written and a word of its label.
WRONG = [
    ("001", "100%", "定位"),  # tracking people under correction, not mediation
    ("001", "100%", "调处率"),  # a handling rate
    ("001", "979起", ""),  # police incidents
    ("001", "970起", ""),
    ("001", "43件", ""),  # one centre's sub-count
    ("002", "100%", "调解成功率"),  # the success rate of wage disputes (劳资纠纷) only
    ("002", "54宗", ""),  # petitioners referred to mediation
    ("002", "18宗", ""),  # an arbitration office's closed cases
    ("000", "405名", ""),  # an intake since a past year
]


@pytest.mark.parametrize(("seed", "text", "word"), WRONG, ids=[f"{s}-{t}-{w}" for s, t, w in WRONG])
def test_a_figure_the_issue_found_wrongly_compared_is_on_no_indicator_page(
    built_site, seed, text, word
):
    # The figures' anchors come from the converter; a link to one of them from any indicator
    # page (value, 另见 or look-alike list) would be ../reports/<id>.html#mN.
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    report = convert(path)
    anchors = {m.id for m in report.metrics if m.text == text and word in m.label}
    assert anchors, f"{text} ({word}) is not a figure of {path.name}"
    for page in (built_site / "indicators").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for anchor in anchors:
            assert f'{report.id}.html#{anchor}"' not in html, f"{text} on {page.name}"
