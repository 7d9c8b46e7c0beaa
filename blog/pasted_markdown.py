"""Markdown pasted in the essay editor, read into body blocks by the importer's own reader. Files are refused: the
editor uploads nothing and downloads nothing, so images come from the media library through an Image block."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.html import escape
from wagtail.models import Site

from blog.importing.markdown import MarkdownReader
from blog.importing.sources import EssayFileError, EssayFileLink, EssaySource, filled
from blog.importing.writing import find_site_page
from portfolio.pages.text import clean_text

PASTED = Path("pasted Markdown")  # what the reader's messages would name as the file; the editor shows lines only


class PastedMarkdownReader(MarkdownReader):
    """The importer's reader, without the files beside an essay that a paste does not have."""

    def local_file(self, token, src, kind):
        advice = {
            "document": "upload it to Documents, then link to it from a paragraph",
            "video thumbnail": "add a Video block and choose its still there",
        }.get(kind, "add an Image block and choose or upload the image there")
        raise self.error(token, f"the {kind} '{src}' cannot come with pasted Markdown: {advice}")

    def link(self, token, href):
        tag = super().link(token, href)
        if isinstance(self.source.links[-1], EssayFileLink):
            raise self.error(token, f"'{href}' links to a Markdown file: link to the essay's page on this site instead")
        return tag


def markdown_blocks(text, *, heading_level=1):
    """The body blocks the Markdown makes, as StreamField data; a ValidationError names the line of each problem.

    heading_level is the level of the heading above the paste (1: the essay's title), which its headings go under.
    """
    source = EssaySource(path=PASTED, folder=PASTED, slug="", title="", description="", date=None, tags=[])
    reader = PastedMarkdownReader(source, clean_text(text), 1, heading_level=heading_level)
    try:
        reader.read()
    except EssayFileError as error:
        source.problems.append(error)
    if source.problems:
        raise ValidationError([f"Line {problem.line}: {problem.reason}" for problem in source.problems])
    if not source.blocks:  # only comments, or notes nothing refers to: the block would vanish without a word
        raise ValidationError("This Markdown makes no blocks: there is no text, heading, list or code in it to show.")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    link_tags = [link_tag(site, href) for href in source.links]
    return [{"type": block_type, "value": filled(value, link_tags)} for block_type, value in source.blocks]


def link_tag(site, href):
    """A link to a page of the site as Wagtail's page link, which follows the page when it moves; others as written."""
    page = find_site_page(site.root_page, href) if site else None
    return f'<a linktype="page" id="{page.pk}">' if page else f'<a href="{escape(href)}">'
