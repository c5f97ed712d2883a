"""Markdown of meetings (agenda, minutes, decisions) and challenges, made safe to show.

Python-Markdown turns the text into HTML (tables, fenced code, sane lists, a line break for a
new line); nh3 (ammonia) then keeps only a small list of tags, drops every attribute except a
link's ``href`` (http, https, mailto; no relative or ``javascript:`` URL) and gives links
``rel="noopener noreferrer nofollow"``. Raw HTML typed into the text goes through the same
cleaner: scripts and styles disappear with their content, other tags leave their text only.
Headings move one level down (``#`` becomes ``<h2>``; the page has its own ``<h1>``).
"""

from __future__ import annotations

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "table", "thead",
        "tbody", "tr", "th", "td", "blockquote", "code", "pre", "a"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# "extra" without md_in_html (which parses Markdown inside raw HTML blocks), abbreviations
# and footnotes (their output is not on the allow-list).
EXTENSIONS = ["tables", "fenced_code", "def_list", "sane_lists", "nl2br"]

_cleaner = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                       url_relative="deny", link_rel="noopener noreferrer nofollow",
                       strip_comments=True)


class _ShiftHeadings(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + 1, 4)}"


class _HeadingsBelowTitle(Extension):
    def extendMarkdown(self, md_instance):  # noqa: N802 (Python-Markdown's API)
        md_instance.treeprocessors.register(_ShiftHeadings(md_instance), "ucj_headings", 5)


def render_markdown(text: str | None) -> SafeString:
    """The text as sanitized HTML ("" for no text)."""
    if not text or not text.strip():
        return mark_safe("")
    html = md.markdown(text, extensions=[*EXTENSIONS, _HeadingsBelowTitle()],
                       output_format="html")
    return mark_safe(_cleaner.clean(html))  # noqa: S308 (sanitized by nh3 just above)
