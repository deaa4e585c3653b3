"""Where an inferred metadata value came from: the page's words and the rule that read them.

Each of ``title``, ``report_year``, ``publish_date`` and ``issuer`` carries one
:class:`Evidence`, published in the front matter's ``evidence`` mapping, in ``reports.json``
and on the report's metadata card, so a reader can judge a value and an editor can correct
it in the sidecar. Rule ids are stable (data users filter on them); the explanation is what
the card shows.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Rule id → what it means, as the card and docs/data.md say it. Ids never change meaning.
RULES: dict[str, str] = {
    # title
    "title_first_line": "正文首行的标题",
    "title_under_chrome": "页面导航、栏目或版头之下的标题行",
    "title_panel_field": "信息公开栏目中的“标题”字段",
    "title_split_lines": "分行书写的标题，合为一行",
    "title_derived": "原文无标题，由地区、年度和报告类型拟定",
    "page_meta_title": "网页元数据中的标题（ArticleTitle）",
    "page_html_title": "网页标题栏（title 标签）中的标题，去掉网站名称",
    # report_year
    "year_in_title": "标题中的年份",
    "year_in_opening": "正文开头的年份",
    "year_in_self_description": "报告自述（“现将……报告如下”）中的年份",
    "year_in_first_heading": "第一个小标题中的年份",
    "year_in_body": "正文中工作所在的年份（“2025年度内”“2025年全年”）",
    "year_this_year_published": "正文称“今年以来”，取发布或落款日期的年份",
    "year_from_publish_date": "发布或落款日期在1至4月，报告上一年度",
    "year_from_half_year_date": "半年总结，取发布或落款日期的年份",
    # publish_date
    "publish_line": "页面发布信息行（发布时间、发布日期）",
    "panel_field": "信息公开栏目中的日期字段（发布日期、成文日期、发文时间）",
    "date_under_title": "标题下单独一行的日期",
    "signoff_date": "落款日期",
    "page_meta_date": "网页元数据中的发布日期（PubDate）",
    # issuer
    "signoff": "落款署名",
    "panel_issuer": "信息公开栏目中的“发布机构”字段",
    "source_line": "页面的“来源”",
    "page_meta_source": "网页元数据中的来源（ContentSource）",
    "title_body": "标题开头的机关名称",
    "document_head": "文件抬头（“关于……的报告”之上）的机关名称",
    "navigation_body": "标题中的地名，由页面导航中该地政府的全称补足",
    "opening_subject": "正文首句的主语",
    # any field
    "sidecar": "编辑在旁注文件中给出",
}


@dataclass(frozen=True)
class Evidence:
    """The words of the page that gave a value (normalised, as the site shows them) and the
    id of the rule that read them (a key of :data:`RULES`)."""

    phrase: str
    rule: str

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown evidence rule {self.rule!r}")

    def record(self) -> dict[str, str]:
        """As published: ``{"rule", "phrase", "explanation"}``."""
        return {"rule": self.rule, "phrase": self.phrase, "explanation": RULES[self.rule]}
