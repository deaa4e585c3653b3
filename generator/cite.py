"""How to cite a report: a GB/T 7714 reference, BibTeX and CSL-JSON.

The date accessed belongs to the reader's visit: the page shows a placeholder that
``docs/javascripts/cite.js`` replaces with today's date (and the page's own address), and the
downloads leave it out (a reference manager adds it when the reader saves the entry). The
downloads carry the report page's absolute URL when the build knows the site's address
(``--site-url``/``SITE_URL``), else the site-relative one.

Two conventions of GB/T 7714 mark what the archive supplied rather than the report (see
docs/data.md#cite): a title the archive derived is put in square brackets, and so is a year
that is only the report's year (the report gives no publication date). BibTeX and CSL-JSON
say the same in a note (and CSL marks the year ``circa``).
"""

from __future__ import annotations

from typing import Any

from .escape import bibtex_key, bibtex_url, bibtex_value, one_line
from .escape import csl_json as dump_csl_json
from .report import Report

ARCHIVE_NAME = "法治政府建设报告注释档案"
#: Shown on the page until cite.js puts today's date in its place; never in a download.
DATE_PLACEHOLDER = "访问日期"
DERIVED_TITLE_NOTE = "标题为本档案拟定"
YEAR_ONLY_NOTE = "原文未载明发布日期，年份为报告年度"


def _title(fm: dict[str, Any]) -> str:
    return f"[{fm['title']}]" if fm["title_derived"] else fm["title"]


def _year_only(fm: dict[str, Any]) -> bool:
    """Whether the only date known is the report year (so it stands for the publication's)."""
    return not fm["publish_date"] and bool(fm["report_year"])


def _issued(fm: dict[str, Any]) -> list[int] | None:
    if fm["publish_date"]:
        return [int(part) for part in fm["publish_date"].split("-")]
    if fm["report_year"]:
        return [fm["report_year"]]
    return None


def _notes(fm: dict[str, Any]) -> list[str]:
    notes = []
    if fm["title_derived"]:
        notes.append(DERIVED_TITLE_NOTE)
    if _year_only(fm):
        notes.append(YEAR_ONLY_NOTE)
    notes.append(f"原始文件 {fm['source_file']}，SHA-256 {fm['sha256']}")
    if fm["source_url"]:
        notes.append(f"原网页 {fm['source_url']}")
    return notes


def gb7714(report: Report, url: str, accessed: str = DATE_PLACEHOLDER) -> str:
    """GB/T 7714-2015 style for an online document ([EB/OL]).

    One line of plain text: the caller escapes it for where it lands (the page HTML-escapes it).
    """
    fm = report.front_matter()
    author = fm["issuer"] or "佚名"
    if fm["publish_date"]:
        when = f"({fm['publish_date']})"
    elif fm["report_year"]:
        when = f"([{fm['report_year']}])"
    else:
        when = ""
    return one_line(f"{author}. {_title(fm)}[EB/OL]. {when}[{accessed}]. {url}.")


def bibtex(report: Report, url: str) -> str:
    """A ``@misc`` entry; every value through :func:`escape.bibtex_value`, so a brace, a
    backslash or a line break in a title or file name cannot end the entry or add one."""
    fm = report.front_matter()
    issued = _issued(fm)
    fields = [
        # Double braces: a corporate author is one name, not "given family".
        ("author", "{" + bibtex_value(fm["issuer"] or "佚名") + "}"),
        ("title", bibtex_value(_title(fm))),
        ("year", str(issued[0]) if issued else ""),
        ("date", bibtex_value(fm["publish_date"] or "")),
        ("howpublished", bibtex_value(ARCHIVE_NAME)),
        ("url", bibtex_url(url)),
        ("note", bibtex_value("；".join(_notes(fm)))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    key = bibtex_key("fazhi_" + report.id.replace("-", "_"))
    return f"@misc{{{key},\n{body}\n}}\n"


def csl_json(report: Report, url: str) -> str:
    fm = report.front_matter()
    item: dict[str, Any] = {
        "id": report.id,
        "type": "report",
        "title": _title(fm),
        "author": [{"literal": fm["issuer"] or "佚名"}],
        "container-title": ARCHIVE_NAME,
        "URL": url,
        "note": "；".join(_notes(fm)),
        "language": "zh-CN",
    }
    issued = _issued(fm)
    if issued:
        item["issued"] = {"date-parts": [issued]}
        if _year_only(fm):
            item["issued"]["circa"] = True
    return dump_csl_json([item])
