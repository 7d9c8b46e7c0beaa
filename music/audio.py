"""Recordings from the media library, played by the browser's own audio element (nothing from another host)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

DURATION = RegexValidator(r"^\d{1,3}:[0-5]\d$", "Enter the duration as minutes:seconds, for example 3:45.")
# The audio files the media library accepts (WAGTAILDOCS_EXTENSIONS), with the type the <audio> element is told.
AUDIO_TYPES = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "flac": "audio/flac", "wav": "audio/wav"}
NOT_AUDIO_MESSAGE = "Choose an audio file (MP3, OGG, FLAC or WAV); “{title}” is a {extension} file."


def audio_type(document):
    """The MIME type of a library document that is a recording, or None."""
    return AUDIO_TYPES.get(document.file_extension.lower()) if document else None


def validate_audio(document):
    if document and not audio_type(document):
        extension = document.file_extension.upper() or "typeless"
        raise ValidationError(NOT_AUDIO_MESSAGE.format(title=document.title, extension=extension), code="not_audio")
