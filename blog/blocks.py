"""An essay's body: the shared blocks, and a Markdown block that becomes them when the essay is saved."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks

from portfolio.pages.blocks import BodyBlock
from portfolio.pages.widgets import CodeTextarea


class MarkdownBlock(blocks.TextBlock):
    """Markdown pasted in the editor; replaced by the blocks it makes on save, so it is never stored or shown."""

    @cached_property
    def field(self):
        # Not stripped: an indented first line is a code block. Tab indents, as in the code block's source.
        return forms.CharField(widget=CodeTextarea(attrs={"rows": 12}), strip=False, **self.field_options)

    def render_basic(self, value, context=None):
        return ""  # a page saved without its clean (save(clean=False)) shows nothing rather than raw Markdown

    class Meta:
        icon = "clipboard-list"
        label = "Markdown"
        description = "Pasted Markdown, turned into the blocks it describes when the essay is saved."
        preview_value = "## Mixing\n\nA list:\n\n- **gain** first\n- then *EQ*"


class EssayBodyBlock(BodyBlock):
    markdown = MarkdownBlock(
        help_text="Paste Markdown; it becomes headings, paragraphs, lists, quotes, code, tables, videos and notes "
        "when you save. Images cannot come with it: add an Image block for each."
    )

    def clean(self, value):
        """Each Markdown block replaced, in place, by the blocks it makes; a problem shown on its block, by line."""
        value = super().clean(value)
        if not any(child.block_type == "markdown" for child in value):
            return value
        children, errors = [], {}
        for index, child in enumerate(value):
            if child.block_type != "markdown":
                children.append((child.block_type, child.value, child.id))
                continue
            try:
                children += self.read_markdown(child.value, children)
            except ValidationError as error:
                errors[index] = error
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return blocks.StreamValue(self, children)

    def read_markdown(self, text, above):
        """The blocks a Markdown text makes below the blocks above it, whose last heading its headings go under."""
        # Imported here: the importer's package imports the essay model, which imports these blocks.
        from blog.pasted_markdown import markdown_blocks

        levels = [int(value["level"]) for block_type, value, _id in above if block_type == "heading"]
        return [
            (data["type"], self.child_blocks[data["type"]].to_python(data["value"]), None)
            for data in markdown_blocks(text, heading_level=levels[-1] if levels else 1)
        ]
