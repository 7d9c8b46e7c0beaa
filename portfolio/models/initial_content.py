from django.db import models


class InitialContentLoad(models.Model):
    """That load_initial_data has built this database's pages, so that it never builds them again."""

    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "initial content load"

    def __str__(self):
        return f"Initial content loaded {self.loaded_at:%Y-%m-%d %H:%M}"


class InitialContentStep(models.Model):
    """Content added to the initial content after databases were first loaded: each step is run once per database,
    new or old, so that what the author has deleted since never comes back."""

    name = models.CharField(max_length=100, unique=True)
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "initial content step"

    def __str__(self):
        return f"{self.name}, added {self.done_at:%Y-%m-%d %H:%M}"
