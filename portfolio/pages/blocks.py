"""The blocks of a rich body, shared by essays and every other page with long-form content."""

import functools
import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.util import ClassNotFound
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.images.models import Filter
from wagtail.rich_text import expand_db_html

from portfolio.pages.cards import prefetch_renditions
from portfolio.pages.video import parse_video_url
from portfolio.pages.widgets import CodeTextarea

PARAGRAPH_FEATURES = ["bold", "italic", "strikethrough", "superscript", "link", "document-link", "ol", "ul", "code"]
HEADING_FEATURES = ["bold", "italic", "link", "code"]
QUOTE_FEATURES = ["bold", "italic", "strikethrough", "link", "code", "blockquote"]
CELL_FEATURES = ["bold", "italic", "strikethrough", "link", "code"]
NOTE_FEATURES = ["bold", "italic", "strikethrough", "link", "ol", "code"]
# A footnote reference in a paragraph, <sup><a href="#fn-3">3</a></sup>, and a note in the notes at the end.
FOOTNOTE_REFERENCE = re.compile(r'<a href="#fn-(\d+)">')
FOOTNOTE = re.compile(r"<li>(.*?)</li>", re.S)
ALIGNMENTS = {"left", "center", "right"}


@functools.cache
def pygments_languages():
    """Every language Pygments highlights, by its first alias (python, cpp, pycon) and its name, plain text first."""
    languages = {aliases[0]: name for name, aliases, _files, _types in get_all_lexers() if aliases}
    others = sorted(
        ((alias, name) for alias, name in languages.items() if alias != "text"), key=lambda item: item[1].lower()
    )
    return [("text", "Plain text"), *others]


CODE_LANGUAGES = pygments_languages()
CODE_LANGUAGE_NAMES = {name for name, _label in CODE_LANGUAGES}
CODE_LANGUAGE_LABELS = dict(CODE_LANGUAGES)


def code_language(name):
    """The offered language a Pygments name or alias (py, js, sh...) stands for, or None."""
    if not name:
        return "text"
    try:
        aliases = get_lexer_by_name(name.lower()).aliases
    except ClassNotFound:
        return None
    return next((alias for alias in aliases if alias in CODE_LANGUAGE_NAMES), None)


class HeadingValue(blocks.StructValue):
    """A heading's text as inline HTML for the page, and as plain text for its anchor and the table of contents."""

    @property
    def html(self):
        return mark_safe(inline_html(expand_db_html(self["text"].source)))

    @property
    def plain(self):
        # From the stored HTML, so that anchors and the contents cost no query for a link's page.
        return " ".join(html.unescape(strip_tags(inline_html(self["text"].source))).split())


def inline_html(rich_text):
    """One line of rich text: its paragraphs joined by a space, without their <p> tags."""
    paragraphs = re.sub(r"</p>\s*<p[^>]*>", " ", rich_text.strip())
    return re.sub(r"^<p[^>]*>|</p>$", "", paragraphs)


class HeadingBlock(blocks.StructBlock):
    # Rich text limited to what a line holds, so that an imported changelog's headings keep their links.
    text = blocks.RichTextBlock(features=HEADING_FEATURES, max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("2", "Section (h2)"), ("3", "Subsection (h3)"), ("4", "Minor heading (h4)")],
        default="2",
        help_text="Sections appear in the table of contents; subsections are indented under them.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        description = "A section heading with a link anchor; it may hold links, bold, italic and code."
        preview_value = {"text": "<p>Mixing is <i>debugging</i></p>", "level": "2"}
        value_class = HeadingValue


class QuoteBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=QUOTE_FEATURES)
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        description = "A quotation, with who said it."
        preview_value = {"text": "<p>Ship the track.</p>", "attribution": "A producer"}


# The renditions templates/blocks/image.html's picture tag asks for, as prefetch_pictures() reads them ahead.
PICTURE_SPECS = Filter.expand_spec("format-{avif,webp,jpeg} width-{480,800,1200}")


class CaptionedImageBlock(blocks.StructBlock):
    # Wagtail's ImageBlock asks for alt text unless the image is marked decorative.
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The body's first image is likely in view when the page opens; the others load as they near it.
        loads_first = (parent_context or {}).get("loads_first", False)
        context["loading"], context["fetchpriority"] = ("eager", "high") if loads_first else ("lazy", None)
        return context

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        description = "An image from the media library, with alt text and an optional caption."


class VideoURLBlock(blocks.URLBlock):
    """A YouTube or Vimeo link, stored without its tracking parameters."""

    def clean(self, value):
        value = super().clean(value)
        return parse_video_url(value).url if value else value


class VideoBlock(blocks.StructBlock):
    url = VideoURLBlock(
        label="Video URL",
        help_text="A YouTube or Vimeo link. Tracking parameters (si, utm_*…) are removed; a start time (t=) stays.",
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="The video's title: shown on the play button and under the video.",
    )
    thumbnail = ImageChooserBlock(
        required=False,
        help_text="A still from the media library, shown on the play button; without one the button is a plain panel.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["video"] = parse_video_url(value["url"])
        return context

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        description = "A YouTube or Vimeo video that loads only when the reader clicks play."
        preview_value = {"url": "https://youtu.be/5MSZXmbNoLg", "caption": "Exage - Dried By Time"}


class CodeSourceBlock(blocks.TextBlock):
    """Source code, typed in a monospace box where Tab indents."""

    @cached_property
    def field(self):
        # Not stripped: the first line's indentation is part of the code.
        return forms.CharField(widget=CodeTextarea(), strip=False, **self.field_options)


class CodeLanguageBlock(blocks.ChoiceBlock):
    """Wagtail's ChoiceBlock with Pygments' ~600 languages looked up in a set and a dict. Its own walks and
    normalises every choice for each value it reads, validates or indexes: 8 of 49 s of importing 200 essays with
    code (cProfile). Migrations still name a ChoiceBlock: ChoiceBlock.deconstruct gives no subclass."""

    def to_python(self, value):
        return value if value in CODE_LANGUAGE_NAMES else super().to_python(value)

    def normalize(self, value):
        return value if value in CODE_LANGUAGE_NAMES else super().normalize(value)

    def clean(self, value):
        # An offered language is valid; anything else gets Wagtail's own error.
        return value if value in CODE_LANGUAGE_NAMES else super().clean(value)

    def get_searchable_content(self, value):
        label = CODE_LANGUAGE_LABELS.get(value)
        return [label] if label and self.search_index else []


class CodeBlock(blocks.StructBlock):
    # A callable, so that migrations name it rather than copy the list that each Pygments release changes.
    language = CodeLanguageBlock(choices=pygments_languages, default="text", help_text="Any language Pygments knows.")
    source = CodeSourceBlock(
        help_text="Tab indents the line or the selected lines, Shift+Tab outdents; Esc, then Tab, moves on."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["highlighted"] = highlighted(value["language"] or "text", value["source"])
        return context

    class Meta:
        icon = "code"
        template = "blocks/code.html"
        description = "Source code, highlighted on the server."
        preview_value = {"language": "python", "source": 'print("hello")'}


# Class-based output styled by the site's stylesheet, so the markup carries no inline colours.
CODE_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


@functools.lru_cache(maxsize=256)
def highlighted(language, source):
    """Source code as highlighted HTML; kept, since every render of a page would highlight it again the same."""
    html = highlight(source, get_lexer_by_name(language, stripnl=False), CODE_FORMATTER)
    # A focusable <pre> lets keyboard readers scroll long lines.
    return mark_safe(html.replace("<pre>", '<pre tabindex="0">', 1))


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text whose footnote references get the ids that the notes at the end link back to."""

    def render_basic(self, value, context=None):
        seen = set()

        def with_id(match):
            number = match.group(1)
            if number in seen:
                return match.group(0)
            seen.add(number)
            return f'<a href="#fn-{number}" id="fnref-{number}" role="doc-noteref">'

        return mark_safe(FOOTNOTE_REFERENCE.sub(with_id, str(value)))


class FootnotesBlock(blocks.RichTextBlock):
    """The notes at the end of a text, a numbered list whose items link back to where they are referred to."""

    def render_basic(self, value, context=None):
        numbers = iter(range(1, 10_000))

        def note(match):
            number = next(numbers)
            back = f'<a href="#fnref-{number}" role="doc-backlink" aria-label="Back to reference {number}">↩</a>'
            return f'<li id="fn-{number}">{match.group(1)} {back}</li>'

        notes = FOOTNOTE.sub(note, str(value))
        return mark_safe(f'<section class="footnotes" role="doc-endnotes" aria-label="Notes">{notes}</section>')


class TableBlock(blocks.StructBlock):
    table = TypedTableBlock([("text", blocks.RichTextBlock(features=CELL_FEATURES, required=False))])
    alignment = blocks.CharBlock(
        required=False,
        help_text="Each column's alignment, separated by commas: left, center or right; blank for the default.",
    )

    def clean(self, value):
        value = super().clean(value)
        wrong = [part for part in column_alignments(value["alignment"]) if part and part not in ALIGNMENTS]
        if wrong:
            raise blocks.StructBlockValidationError(
                {"alignment": ValidationError(f"'{wrong[0]}' is not an alignment: use left, center or right")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        alignments = column_alignments(value["alignment"])
        context["columns"] = [
            (column["heading"], alignments[index] if index < len(alignments) else "")
            for index, column in enumerate(value["table"].columns)
        ]
        context["rows"] = [
            [(cell, alignments[index] if index < len(alignments) else "") for index, cell in enumerate(row)]
            for row in value["table"].rows
        ]
        return context

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        description = "A table with a header row; each column may be aligned left, center or right."


def column_alignments(text):
    return [part.strip() for part in (text or "").split(",")]


class DividerBlock(blocks.StaticBlock):
    class Meta:
        icon = "minus"
        template = "blocks/divider.html"
        admin_text = "A divider between parts of the text."
        description = "A horizontal divider."


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        description="Text with bold, italic, links, lists, inline code and footnote references.",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    code = CodeBlock()
    divider = DividerBlock()
    table = TableBlock()
    footnotes = FootnotesBlock(
        features=NOTE_FEATURES,
        icon="list-ol",
        description="The notes at the end: a numbered list; note N is what a paragraph's link to #fn-N refers to.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        anchors = heading_anchors(value)
        images = (index for index, child in enumerate(value) if child.block_type == "image" and child.value["image"])
        # Below a cover image (image_above), no image of the body is in view when the page opens.
        first_image = None if context.get("image_above") else next(images, None)
        context["children"] = [(child, anchors.get(index), index == first_image) for index, child in enumerate(value)]
        # A preview marks vague link text for the editor's checks (portfolio.pages.content_checks).
        request = context.get("request")
        context["checked"] = bool(getattr(request, "is_preview", False))
        return context

    class Meta:
        template = "blocks/body.html"


def read_together(bodies):
    """Read several bodies at once, one batch per block type, so N bodies with images cost what one does."""
    batches = {}
    for body in bodies:
        for position, raw in enumerate(body.raw_data):
            batches.setdefault(raw["type"], []).append((body, position, raw))
    for block_type, batch in batches.items():
        block = BodyBlock.base_blocks[block_type]
        values = block.bulk_to_python([raw["value"] for _body, _position, raw in batch])
        for (body, position, raw), value in zip(batch, values, strict=True):
            body[position] = (block_type, value, raw.get("id"))


def heading_anchors(body):
    """Map the position of each heading in the body to an anchor made from its text, unique in the body."""
    used = set()
    return {
        index: unique_anchor(child.value.plain, used)
        for index, child in enumerate(body)
        if child.block_type == "heading"
    }


def unique_anchor(text, used):
    """An anchor made from the heading's text, numbered if the set of anchors used so far has it; added to it."""
    base = slugify(text) or "section"
    anchor, number = base, 2
    while anchor in used:
        anchor, number = f"{base}-{number}", number + 1
    used.add(anchor)
    return anchor


def table_of_contents(body):
    """The body's headings in order, each with its text, level and anchor."""
    anchors = heading_anchors(body)
    return [
        {"text": body[index].value.plain, "level": int(body[index].value["level"]), "anchor": anchor}
        for index, anchor in anchors.items()
    ]


def prefetch_pictures(body, *more_specs):
    """Reads the renditions of the body's pictures (and more_specs of the same images) in one query. Wagtail's
    picture tag otherwise reads a picture's nine from the cache and writes them back even when they came from it: two
    round trips and nine renditions unpickled and pickled again a picture, on every uncached render."""
    images = [child.value["image"] for child in body if child.block_type == "image" and child.value["image"]]
    prefetch_renditions(images, *PICTURE_SPECS, *more_specs)
