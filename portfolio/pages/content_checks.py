"""The editor's accessibility checks: Wagtail's checker (the page editor's Checks panel and the userbar) with rules
for missing and file-name alt text, heading order, empty headings and vague link text."""

import html
import re

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.admin.userbar import ContentCheckerItem

# Link text that says nothing of where the link goes, once lower-cased and stripped of punctuation.
VAGUE_LINK_TEXTS = {
    "click here",
    "here",
    "link",
    "this link",
    "this",
    "more",
    "read more",
    "learn more",
    "see more",
    "this page",
    "go",
}
# The attribute a preview puts on such a link, for the rule below to find: axe sees markup, not meaning.
VAGUE_LINK_ATTRIBUTE = "data-vague-link"
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)


def mark_vague_links(rich_text_html):
    """The HTML with each link whose text is vague marked for the checker."""

    def mark(match):
        text = " ".join(html.unescape(strip_tags(match[2])).lower().split()).strip(" .,:;!?…")
        if text not in VAGUE_LINK_TEXTS:
            return match[0]
        return f"<a{match[1]} {VAGUE_LINK_ATTRIBUTE}>{match[2]}</a>"

    return mark_safe(LINK.sub(mark, str(rich_text_html)))


class ContentChecks(ContentCheckerItem):
    axe_run_only = [*ContentCheckerItem.axe_run_only, "image-alt", "link-text-quality"]
    axe_custom_rules = [
        *ContentCheckerItem.axe_custom_rules,
        {
            "id": "link-text-quality",
            "impact": "serious",
            "selector": f"a[{VAGUE_LINK_ATTRIBUTE}]",
            "tags": ["best-practice"],
            # axe's own checks: a vague link passes only with an aria-label that names where it goes.
            "any": ["aria-label", "aria-labelledby"],
            "enabled": True,
        },
    ]
    axe_custom_checks = [
        {
            "id": "check-image-alt-text",
            # Wagtail's pattern (a file name, an underscore), and words that describe nothing.
            "options": {"pattern": r"\.(avif|gif|jpg|jpeg|png|svg|webp)$|_|^(image|img|photo|picture|untitled)$"},
        },
        *ContentCheckerItem.axe_custom_checks[1:],
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": "Image without alt text",
            "help_text": "Say what the image shows, or mark it decorative",
        },
        "link-text-quality": {
            "error_name": "Link text says nothing of where it goes",
            "help_text": "Name where it goes instead of “click here” or “read more”",
        },
    }


def use_content_checks(request, items, page=None):
    """A construct_wagtail_userbar hook: this site's rules in place of Wagtail's."""
    for position, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, ContentChecks):
            items[position] = ContentChecks(in_editor=item.in_editor)
