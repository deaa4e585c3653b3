"""The one place collection pages are rendered: Jinja2 templates in ``generator/templates/``.

Python prepares the data (lists, counts, groups, pages of a listing: :mod:`generator.pages`,
:mod:`generator.listing`, :mod:`generator.summaries`, :mod:`generator.indicator_pages`);
the templates lay it out. Escaping is the engine's job, not each call site's: the
environment autoescapes every ``{{ value }}``, and its ``finalize`` puts every plain string
on one line (a line break shown as the space HTML would show anyway), so that no value can
put a blank line into the home page's overview, which Markdown reads (a blank line ends a
raw HTML block there, and what follows would be read as Markdown). Only the output of a
template (``Markup``) passes unchanged. A missing value is an error (``StrictUndefined``),
never an empty string on the page.

Pages are finished HTML after :data:`render.HTML_BODY_MARKER`: ``hooks/archive.py`` gives
them to MkDocs without a Markdown pass. So links are relative ``.html`` URLs (the ``href``
filter; MkDocs does not rewrite or check them: tests/test_pages.py and the site's link test
do), and headings carry their ids and permalinks as the toc extension writes them (the hook
reads the table of contents from them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup

from .escape import front_matter, json_in_html, one_line, url_part, url_path
from .render import HTML_BODY_MARKER

#: What a page says for a year or a place the archive does not know.
UNKNOWN = "不详"


def rel(page: str, target: str) -> str:
    """``target`` (a docs path, maybe with ``#fragment``) as a link from the page ``page``.

    Both are plain relative paths inside the docs (no ``..``), so this is a string operation;
    ``posixpath.relpath`` asks the file system for the current folder on every call.
    """
    path, _, fragment = target.partition("#")
    if path == page and fragment:
        return f"#{fragment}"
    folder = page.rpartition("/")[0]
    there, _, name = path.rpartition("/")
    link = _climb(folder, there) + name
    return f"{link}#{fragment}" if fragment else link


@cache
def _climb(here: str, there: str) -> str:
    """The way from the folder ``here`` to the folder ``there`` (both "" for the top):
    ``../`` for each folder left, then each folder entered, each ending in ``/``. A site has
    a few folders and tens of thousands of links between them."""
    up = here.split("/") if here else []
    down = there.split("/") if there else []
    common = 0
    while common < min(len(up), len(down)) and up[common] == down[common]:
        common += 1
    return "../" * (len(up) - common) + "".join(f"{part}/" for part in down[common:])


def href(page: str, target: str) -> str:
    """The URL of a link from the page ``page`` to the docs path ``target`` (``x.md``,
    ``x.md#id``), as the built site has it (``x.html``, as ``use_directory_urls: false``);
    not escaped for any context (the template escapes it; a chart's data carries it as JSON)."""
    path, sep, fragment = target.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return url_path(rel(page[:-3] + ".html", path + sep + fragment))


def number(value: float) -> str:
    """``2,510,000``, ``99.5``: thousands separators, at most two decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str) -> str:
    """``12.5%``, ``2,510 件``: a rate sticks to its number, a unit is a word apart."""
    return f"{number(value)}{unit}" if unit in ("%", "‰") else f"{number(value)} {unit}"


def share(part: int, whole: int) -> str:
    """``part`` as a whole percentage of ``whole`` (``–`` of nothing)."""
    return f"{round(100 * part / whole)}%" if whole else "–"


# --- rich text ------------------------------------------------------------------------------
# Table cells and short phrases that hold a link or code, prepared in Python as data and drawn
# by the ``inline`` macro of macros.html. A plain ``str`` in them is text, always escaped.


@dataclass(frozen=True)
class Link:
    """A link to the docs path ``target`` (``x.md``, ``x.md#id``) from the page being drawn."""

    target: str
    text: object  # rich text
    id: str = ""  # the link's own id
    title: str = ""  # shown on hover
    kind: ClassVar[str] = "link"


@dataclass(frozen=True)
class Code:
    text: str
    kind: ClassVar[str] = "code"


@dataclass(frozen=True)
class Parts:
    """Rich text drawn one after another."""

    parts: tuple
    kind: ClassVar[str] = "parts"


def joined(separator: str, items) -> Parts:
    """``items`` (rich text) with ``separator`` between them."""
    out: list = []
    for item in items:
        if out:
            out.append(separator)
        out.append(item)
    return Parts(tuple(out))


# --- the environment --------------------------------------------------------------------------


def _finalize(value: Any) -> Any:
    # A template's own output (Markup) keeps its lines; every other string is a value. Run
    # for every ``{{ }}``: a printable str (no character of chars.CONTROL is printable, a
    # test checks) is returned as it is without a regular expression.
    if value.__class__ is str:
        return value if value.isprintable() else one_line(value)
    if isinstance(value, str) and not isinstance(value, Markup):
        return one_line(value)
    return value


def _json_script(data: Any) -> Markup:
    """``data`` as the text of a ``<script type="application/json">``: json_in_html escapes
    what could end the element, so the result is safe there and nowhere else."""
    return Markup(json_in_html(data))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        # Block tags on lines of their own leave no blank line behind (see the module note).
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        href=lambda target, page: href(page, target),
        num=lambda n: f"{n:,}",
        number=number,
        urlpath=url_path,
        urlpart=url_part,
        json_script=_json_script,
    )
    env.globals.update(share=share, UNKNOWN=UNKNOWN)
    return env


ENV = _environment()


@cache
def template(name: str) -> jinja2.Template:
    """The template ``name`` of generator/templates, loaded once."""
    return ENV.get_template(name)


def render(name: str, /, **context: Any) -> str:
    """The template ``name`` rendered with ``context``."""
    return template(name).render(**context)


def macro(name: str, macro_name: str) -> Callable[..., Markup]:
    """A macro of the template ``name``, for Python to hand to another template (a list's
    rows are drawn by the macro of the page the list belongs to)."""
    return getattr(template(name).module, macro_name)


def page(title: str, name: str, /, **context: Any) -> str:
    """A whole generated page: its title in the front matter, then the template ``name``
    (which extends ``page.html``: the marker, the ``<h1>`` and the body)."""
    body = render(name, title=title, marker=Markup(HTML_BODY_MARKER), **context)
    return front_matter({"title": title}) + body
