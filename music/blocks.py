"""The blocks music pages add to the shared body: lyrics kept in sections, recordings from the library, players."""

from wagtail import blocks

from portfolio.pages.blocks import BodyBlock

LYRICS_SECTIONS = [
    ("verse", "Verse"),
    ("pre-chorus", "Pre-chorus"),
    ("chorus", "Chorus"),
    ("bridge", "Bridge"),
    ("intro", "Intro"),
    ("outro", "Outro"),
    ("spoken", "Spoken"),
    ("other", "Other"),
]


class LyricsSectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=LYRICS_SECTIONS, default="verse")
    label = blocks.CharBlock(
        required=False, max_length=60, help_text="Shown instead of the kind, for example “Verse 2” or “Chorus ×2”."
    )
    text = blocks.TextBlock(help_text="One sung line per line; line breaks are kept.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["heading"] = value["label"] or dict(LYRICS_SECTIONS).get(value["kind"], "")
        return context

    class Meta:
        icon = "pilcrow"
        template = "music/blocks/lyrics_section.html"
        label_format = "{kind}: {text}"
        description = "A part of the lyrics: a verse, a chorus, a bridge…"
        preview_value = {"kind": "chorus", "text": "Dried by time\nand still awake"}


class LyricsBlock(blocks.StreamBlock):
    section = LyricsSectionBlock()

    class Meta:
        template = "music/blocks/lyrics.html"


class MusicBodyBlock(BodyBlock):
    """The shared body blocks; music pages alone add sound (essays keep the blocks their Markdown round-trips)."""
