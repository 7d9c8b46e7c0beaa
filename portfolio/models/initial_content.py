from django.db import models


class InitialContentLoad(models.Model):
    """That load_initial_data has built this database's pages, so that it never builds them again."""

    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "initial content load"

    def __str__(self):
        return f"Initial content loaded {self.loaded_at:%Y-%m-%d %H:%M}"
