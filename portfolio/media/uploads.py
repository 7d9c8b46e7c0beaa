"""The image upload field and form: Wagtail's checks, but pixels are counted before anything is decoded."""

import warnings

from django.core.exceptions import ValidationError
from PIL import Image as PillowImage
from PIL import ImageSequence
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from portfolio.media.collections import UploadsFirst

# A JPEG decoded at an eighth of its size still reads every byte, in a sixty-fourth of the memory.
JPEG_CHECK_SCALE = 8
# Most frames an animated image may have. The pixel limit alone lets through a GIF of 860,000 frames of one pixel
# (19.8 MB), whose frames take longer to decode than a worker may run.
MAX_FRAMES = 1000


class ImageFileField(WagtailImageField):
    """Wagtail's image field. Its pixel check decodes the whole image (through Willow) before counting, so a
    bomb is unpacked before it is refused and a cut-short file raises an error; this one counts first."""

    def check_image_pixel_size(self, f):
        f.seek(0)
        try:
            with warnings.catch_warnings():
                # Pillow warns, then refuses, far above our limit: either way there are too many pixels.
                warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
                image = PillowImage.open(f)
            with image:
                check_frame_count(image)
                pixels = image.width * image.height * getattr(image, "n_frames", 1)
                if self.max_image_pixels is None or pixels <= self.max_image_pixels:
                    decode_every_frame(image)
                    return
        except (PillowImage.DecompressionBombWarning, PillowImage.DecompressionBombError):
            pixels = "unknown number"
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever the decoder trips on, the file cannot be shown
            raise ValidationError(
                "This image is damaged or incomplete (perhaps cut short while it was copied or uploaded). "
                "Save or export it again and upload the new file.",
                code="damaged_image",
            ) from error
        finally:
            f.seek(0)
        raise ValidationError(
            self.error_messages["file_too_many_pixels"]
            % {"num_pixels": pixels, "max_pixels_count": self.max_image_pixels},
            code="file_too_many_pixels",
        )


def check_frame_count(image):
    """Refuse an image with more than MAX_FRAMES frames, reading no further than the first frame past it.

    Pillow's n_frames reads a GIF to its end (7.5 s for 860,000 frames); seeking to the frame after the limit reads
    that many (0.07 s), and rewinding is free."""
    if not getattr(image, "is_animated", False):
        return
    try:
        image.seek(MAX_FRAMES)
    except EOFError:
        image.seek(0)
        return
    raise ValidationError(
        f"This animated image has more than {MAX_FRAMES:,} frames. Shorten it, or upload it as a video.",
        code="too_many_frames",
    )


def decode_every_frame(image):
    """Raise if any frame cannot be decoded to its end."""
    if image.format == "JPEG":
        image.draft("RGB", (image.width // JPEG_CHECK_SCALE, image.height // JPEG_CHECK_SCALE))
    for frame in ImageSequence.Iterator(image):
        frame.load()


class ImageForm(UploadsFirst, BaseImageForm):
    """Wagtail's image form, with ImageFileField for the file, adding to Uploads unless told otherwise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The multiple uploader's second step edits an uploaded image without its file field.
        if "file" in self.fields:
            field = self.fields["file"]
            self.fields["file"] = ImageFileField(label=field.label, required=field.required, widget=field.widget)
