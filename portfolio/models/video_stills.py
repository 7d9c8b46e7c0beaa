from django.db import models


class VideoStill(models.Model):
    """A YouTube or Vimeo video's still, fetched once into the media library: facades show it without asking the
    platform for anything. A still the author chose for a video block or row comes first."""

    provider = models.CharField(max_length=20)
    video_id = models.CharField(max_length=64)
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "video_id"], name="one_still_per_video")]

    def __str__(self):
        return f"{self.provider} {self.video_id}"
