"""Heading anchor links for rich text: the same heading, anchor and link as a body's heading blocks."""

import html
import re

from django import template
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from portfolio.pages.blocks import unique_anchor

register = template.Library()

# Wagtail's rich text writes each heading on its own, without nested headings: <h2 data-block-key="…">…</h2>.
HEADING = re.compile(r"<h([2-4])(?:\s[^>]*)?>(.*?)</h\1>", re.S)


@register.filter
def heading_links(rich_html):
    """Each h2-h4 of the rendered rich text as blocks/heading.html shows a body's heading with its link."""
    used = set()

    def linked(match):
        level, inner = match.groups()
        plain = " ".join(html.unescape(strip_tags(inner)).split())
        value = {"level": level, "html": mark_safe(inner), "plain": plain}  # noqa: S308 (rich text, already safe)
        context = {"value": value, "anchor": unique_anchor(plain, used), "heading_links": True}
        return render_to_string("blocks/heading.html", context).strip()

    return mark_safe(HEADING.sub(linked, str(rich_html)))  # noqa: S308 (rich text, already safe)
