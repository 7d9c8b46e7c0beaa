"""Operations on stored body data for data migrations, shared by every app whose pages have a rich body."""

import html

from wagtail.blocks.migrations.operations import BaseBlockOperation


class HeadingTextToRichText(BaseBlockOperation):
    """A heading's plain text as the one paragraph of rich text a heading now holds: it reads the same."""

    def apply(self, block_value):
        return {**block_value, "text": f"<p>{html.escape(block_value.get('text') or '', quote=False)}</p>"}

    @property
    def operation_name_fragment(self):
        return "heading_text_to_rich_text"
