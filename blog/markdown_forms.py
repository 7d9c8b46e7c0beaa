"""How each body block is read from Markdown and written back: one table, so that a new block type is added in
one place, and the round-trip test (tests/test_export.py) imports each example and checks it comes back the same."""

from dataclasses import dataclass


@dataclass(frozen=True)
class MarkdownForm:
    opened_by: tuple  # the markdown-it tokens that start it; () when another form's reader makes it
    reader: str | None  # the MarkdownReader method that reads those tokens (blog/importing/markdown.py)
    writer: str  # the EssayWriter method that writes the block back (blog/exporting.py)
    example: str  # Markdown that gives one such block


MARKDOWN_FORMS = {
    "heading": MarkdownForm(
        ("heading_open",),
        "read_heading",
        "write_heading",
        "## Mixing [in **Dolby** Atmos](https://example.org/atmos)\n\n### Levels *in* `dB`\n\n#### Gain & ‹ruído›",
    ),
    "paragraph": MarkdownForm(
        ("paragraph_open", "bullet_list_open", "ordered_list_open"),
        "read_paragraph",
        "write_paragraph",
        "Text with **bold**, *italic*, ~~struck~~, `code`[^1] and a [link](https://example.org/ünï).\n\n"
        "57. fifty-seven\n58. fifty-eight\n\n- [x] done\n- [ ] to do",
    ),
    "quote": MarkdownForm(
        ("blockquote_open",),
        "read_quote",
        "write_quote",
        "> Ship the track.\n>\n> > Once *more*,\n> >\n> > > from the top.\n>\n> — Zoë",
    ),
    "image": MarkdownForm((), None, "write_image", '![A desk](desk.png "My desk")'),
    "video": MarkdownForm((), None, "write_video", "Dried By Time\n\nhttps://youtu.be/5MSZXmbNoLg"),
    "code": MarkdownForm(("fence", "code_block"), "read_code", "write_code", '```python\nprint("¡hola!")\n```'),
    "divider": MarkdownForm(("hr",), "read_divider", "write_divider", "---"),
    "table": MarkdownForm(
        ("table_open",),
        "read_table",
        "write_table",
        "| Track | Länge | BPM |\n|:--|:-:|--:|\n| *Intro* | 1:02 | 90 |\n| [Outro](https://example.org) | 3:30 | 12 |",
    ),
    "footnotes": MarkdownForm(("footnote_block_open",), "read_footnotes", "write_footnotes", "[^1]: A *note*."),
}
