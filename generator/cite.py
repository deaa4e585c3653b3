"""How to cite a report: a GB/T 7714 reference, BibTeX and CSL-JSON.

The archive URL and the date accessed belong to the reader's visit: the generated text uses
the site-relative URL and a placeholder date, and ``docs/javascripts/cite.js`` fills in the
page's own address and today's date in the browser.
"""

from __future__ import annotations

import json

from .report import Report

ARCHIVE_NAME = "法治政府建设报告注释档案"
DATE_PLACEHOLDER = "访问日期"


def _issued(fm: dict) -> list[int] | None:
    if fm["publish_date"]:
        return [int(part) for part in fm["publish_date"].split("-")]
    if fm["report_year"]:
        return [fm["report_year"]]
    return None


def gb7714(report: Report, url: str, accessed: str = DATE_PLACEHOLDER) -> str:
    """GB/T 7714-2015 style for an online document ([EB/OL])."""
    fm = report.front_matter()
    author = fm["issuer"] or "佚名"
    issued = fm["publish_date"] or (str(fm["report_year"]) if fm["report_year"] else "")
    when = f"({issued})" if issued else ""
    return f"{author}. {fm['title']}[EB/OL]. {when}[{accessed}]. {url}."


def bibtex(report: Report, url: str, accessed: str = DATE_PLACEHOLDER) -> str:
    fm = report.front_matter()
    issued = _issued(fm)
    fields = [
        ("author", f"{{{fm['issuer'] or '佚名'}}}"),
        ("title", fm["title"]),
        ("year", str(issued[0]) if issued else ""),
        ("date", fm["publish_date"] or ""),
        ("howpublished", ARCHIVE_NAME),
        ("url", url),
        ("urldate", accessed),
        ("note", f"原始文件 {fm['source_file']}，SHA-256 {fm['sha256']}"),
    ]
    body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields if value)
    key = "fazhi_" + report.id.replace("-", "_")
    return f"@misc{{{key},\n{body}\n}}\n"


def _bibtex_escape(value: str) -> str:
    # Braces stay balanced (the author is wrapped on purpose); other specials are escaped.
    out = value
    for char in "&%$#_":
        out = out.replace(char, "\\" + char)
    return out


def csl_json(report: Report, url: str, accessed: str | None = None) -> str:
    fm = report.front_matter()
    item = {
        "id": report.id,
        "type": "report",
        "title": fm["title"],
        "author": [{"literal": fm["issuer"] or "佚名"}],
        "container-title": ARCHIVE_NAME,
        "URL": url,
        "note": f"原始文件 {fm['source_file']}，SHA-256 {fm['sha256']}",
        "language": "zh-CN",
    }
    issued = _issued(fm)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    if accessed:
        item["accessed"] = {"date-parts": [[int(p) for p in accessed.split("-")]]}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"
