"""The blocks music pages add to the shared body: lyrics kept in sections, recordings from the library, players."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from music.audio import DURATION, validate_audio
from music.listening import parse_listen_url
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


class AudioChooserBlock(DocumentChooserBlock):
    """A document from the media library that is a recording."""

    def clean(self, value):
        value = super().clean(value)
        validate_audio(value)
        return value


class DurationBlock(blocks.CharBlock):
    def clean(self, value):
        value = super().clean(value)
        if value:
            DURATION(value)
        return value


class AudioBlock(blocks.StructBlock):
    audio = AudioChooserBlock(label="Recording", help_text="An MP3, OGG, FLAC or WAV file from the media library.")
    title = blocks.CharBlock(required=False, max_length=200, help_text="What is playing, shown above the player.")
    duration = DurationBlock(required=False, max_length=7, help_text="m:ss, for example 3:45")

    class Meta:
        icon = "media"
        template = "music/blocks/audio.html"
        description = "A recording from the media library, played by the browser, with a download link."


class ListenURLBlock(blocks.URLBlock):
    def clean(self, value):
        value = super().clean(value)
        return parse_listen_url(value).url if value else value


class ListenBlock(blocks.StructBlock):
    url = ListenURLBlock(
        label="Player link", help_text="A Spotify, SoundCloud or Apple Music link, or Bandcamp's embed address."
    )
    title = blocks.CharBlock(required=False, max_length=200, help_text="What it plays: shown on the play button.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["listen"] = parse_listen_url(value["url"])
        return context

    class Meta:
        icon = "media"
        template = "music/blocks/listen.html"
        description = (
            "A Bandcamp, Spotify, SoundCloud or Apple Music player that loads only when the reader clicks play."
        )
        preview_value = {"url": "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq", "title": "Exage"}


class MusicBodyBlock(BodyBlock):
    """The shared body blocks; music pages alone add sound (essays keep the blocks their Markdown round-trips)."""

    audio = AudioBlock()
    listen = ListenBlock()
