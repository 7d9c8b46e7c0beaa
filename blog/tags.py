"""Tags in any script: every tag gets a slug its page can be reached by, whatever its name is written in."""

import unicodedata

from django.utils.text import slugify

# A tag page's slug in URLs: letters and digits of any script, as taggit keeps them (música-en-vivo, 音楽).
SLUG_PATTERN = r"[-\w]+"


def slug_for(name):
    """The slug taggit gives a name, or, for a name of symbols alone (🎸), the slug of their Unicode names (guitar)."""
    return slugify(name, allow_unicode=True) or slugify(" ".join(unicodedata.name(character, "") for character in name))


def give_every_tag_a_slug(sender, instance, **kwargs):
    """A pre_save receiver for taggit's Tag: taggit slugs "🎸" as "", and then "_1" for the next such tag, which
    no tag page can be reached by; such a tag is named by its symbols instead ("guitar", "guitar_1")."""
    if slugify(instance.name, allow_unicode=True):
        return
    fallback = slug_for(instance.name) or "tag"
    if not instance.slug:
        instance.slug = fallback
    elif instance.slug.startswith("_"):  # taggit's second try after a clash: "_1", "_2"...
        instance.slug = fallback + instance.slug
