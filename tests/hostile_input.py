"""A report whose text is full of markup, and the site built from it.

Shared by test_hard_input.py (the built HTML) and test_browser_hostile.py (what runs in a
browser). Every line is one the normaliser leaves as it is, so the site must show it exactly.
Each payload that could run sets ``window.__pwned`` (or ``document.title``) to say where it came
from.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import SEEDS
from .site_build import build_site

TITLE = (
    "余杭街道2020年法治政府建设工作报告<script>document.title='pwned'</script>"
    "<img src=x onerror=\"window.__pwned='title'\">*法治*_政府_`代码`[链接](javascript:alert(1))"
    "{{ 7*7 }}{% raw %}$x$#井|竖|"
)
INTRO = (
    "2020年，杭州市余杭区余杭街道坚持依法行政<script>window.__pwned='intro'</script>，"
    "全年调解纠纷5件。"
)
HEADING = (
    "一、主要工作<img src=x onerror=\"window.__pwned='heading'\">*强调*_下划线_`代码`"
    "{{ config.site_name }}{% if true %}真{% endif %}$$x$$[链接](http://example.com)#不是锚|a|"
)
#: Paragraphs of section 一 (anchors s1-p1, s1-p2, …): Markdown block syntax, one per line.
PARAGRAPHS = [
    "开展普法活动30场<img src=x onerror=\"window.__pwned='para'\">，*星号*与_下划线_，`反引号`，"
    "{{ 7*7 }}，{% raw %}，$100，#号，|竖线|，[方括号]。",
    "# 不是标题",
    "| 列一 | 列二 |",
    "|---|---|",
    "| 甲 | 乙 |",
    "[链接](http://example.com)与![图](x.png)和<https://example.com>和<!-- 注释 -->"
    "和&amp;和&lt;b&gt;。",
    "- 不是列表项",
    "> 不是引用",
    "```",
    "不是代码块",
    "```",
]
LAST_PARAGRAPH = "法治宣传形式单一，\\*反斜杠\\*仍需加强。"
#: Short enough (40 characters) to be read as the signature, so it becomes the issuer.
ISSUER = "<svg onload=__pwned='issuer'>余杭街道办事处"
TEXT = "\n".join(
    [TITLE, INTRO, HEADING, *PARAGRAPHS, "二、存在问题", LAST_PARAGRAPH, ISSUER, "2021年3月30日"]
)
#: An editor's note is shown in the text (a tooltip) and listed at the end of the page.
NOTE = "<script>window.__pwned='note'</script>*注*`码`"
SIDECAR = f'notes:\n  - phrase: 全年调解纠纷\n    note: "{NOTE}"\n'

#: A Traditional report, so that its side-by-side page (原文对照：<title>) is built too.
TRADITIONAL_TITLE = (
    "餘杭街道2021年法治政府建設工作報告<script>window.__pwned='original'</script>*原文*"
)
TRADITIONAL = "\n".join(
    [
        TRADITIONAL_TITLE,
        "2021年，杭州市餘杭區餘杭街道堅持依法行政<img src=x onerror=\"window.__pwned='orig'\">，"
        "全年調解糾紛8件。",
        "一、主要工作",
        "開展普法活動40場，*星號*與_下劃線_。",
        "餘杭街道辦事處",
        "2022年3月1日",
    ]
)
TRADITIONAL_TITLE_SIMPLIFIED = (
    "余杭街道2021年法治政府建设工作报告<script>window.__pwned='original'</script>*原文*"
)


def write_hostile_seeds(folder: Path) -> Path:
    """The hostile report (with a sidecar note), its Traditional sibling and one real seed."""
    folder.mkdir(parents=True)
    (folder / "hostile.txt").write_text(TEXT + "\n", encoding="utf-8")
    (folder / "hostile.yml").write_text(SIDECAR, encoding="utf-8")
    (folder / "hostile-traditional.txt").write_text(TRADITIONAL + "\n", encoding="utf-8")
    shutil.copy(SEEDS / "004_7980e3df0de4e6bc.txt", folder)
    return folder


def build_hostile_site(workdir: Path) -> Path:
    """Convert the hostile seeds (strictly: they convert cleanly) and build the site."""
    return build_site(write_hostile_seeds(workdir / "seeds"), workdir)


# --- hostile sidecars ---------------------------------------------------------------------

#: Values an editor (or an attacker with write access to seeds/) could put in a sidecar: each
#: one breaks some output format if written raw. The script payloads set window.__pwned.
SIDECAR_PAYLOADS = {
    "script": "<script>window.__pwned='sidecar-script'</script>",
    "img": "<img src=x onerror=\"window.__pwned='sidecar-img'\">",
    "admonition": '标题\n\n!!! warning "系统通知"\n    系统升级，请访问 http://example.com 登录\n',
    "bibtex": "标题}, note={x}}\n@misc{evil, title={注入}",
    "pipe": "甲|乙|丙",
    "link": "[点我](javascript:window.__pwned='sidecar-link')",
    "jinja": "{{ config.site_name }}{% raw %}{{ 7*7 }}",
}
#: The file name carries payloads too: a ``}`` for BibTeX and markup for the page.
HOSTILE_FILE_STEM = "名}@misc{x<b onclick=alert(1)>粗"
#: A report that cannot be converted (bytes that are not text): listed on the editors' page.
DAMAGED_NAME = "damaged<img src=x onerror=__pwned=9>.txt"
SITE_URL = "https://archive.example.org/fazhi/"


def write_hostile_sidecar_seeds(folder: Path) -> Path:
    """The hostile seeds, plus copies of a real report whose sidecars put each payload in
    the title, province, city and issuer (one payload per report), one whose file name is
    hostile, and one damaged file."""
    import yaml

    write_hostile_seeds(folder)
    real = (SEEDS / "001_aad3a219ed66e48e.txt").read_text(encoding="utf-8")
    for name, payload in SIDECAR_PAYLOADS.items():
        # A line of its own makes each copy distinct (equal files are kept once).
        text = real.replace("\n", f"\n此为测试副本（{name}）。\n", 1)
        (folder / f"sidecar-{name}.txt").write_text(text, encoding="utf-8")
        values = {"title": f"{name}{payload}", "province": payload, "city": payload}
        values["issuer"] = payload
        (folder / f"sidecar-{name}.yml").write_text(
            yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    shutil.copy(SEEDS / "003_b2c3a3e35ec255cb.txt", folder / f"{HOSTILE_FILE_STEM}.txt")
    (folder / DAMAGED_NAME).write_bytes(b"\xff\xfe\x00\xd8\x00\xd8abc\x81")
    return folder


def build_hostile_sidecar_site(workdir: Path) -> Path:
    """Those seeds built as `make site STRICT=` would (the sidecars' places are not in the
    gazetteer, the damaged file fails), with the site's address set as for a deployment."""
    seeds = write_hostile_sidecar_seeds(workdir / "seeds")
    return build_site(seeds, workdir, strict=False, site_url=SITE_URL)
