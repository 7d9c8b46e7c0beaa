"""Tags in any script: every tag gets a slug its page can be reached by, whatever its name is written in."""

import unicodedata

from django.utils.text import slugify
from taggit.models import Tag

from portfolio.pages.slugs import cut_slug

# A tag page's slug in URLs: letters and digits of any script, as taggit keeps them (música-en-vivo, 音楽).
SLUG_PATTERN = r"[-\w]+"
SLUG_LENGTH = Tag._meta.get_field("slug").max_length


def slug_for(name, max_length=SLUG_LENGTH):
    """The slug taggit gives a name, or, for a name of symbols alone (🎸), the slug of their Unicode names (guitar);
    cut at a word to fit."""
    names = (unicodedata.name(character, "") for character in name if not character.isspace())
    slug = slugify(name, allow_unicode=True) or slugify(" ".join(names))
    return cut_slug(slug, max_length)


def give_every_tag_a_slug(sender, instance, **kwargs):
    """A pre_save receiver for taggit's Tag. Taggit slugs "🎸" as "", and then "_1" for the next such tag, which no
    tag page can be reached by: such a tag is named by its symbols instead ("guitar", "guitar_1"). And it never cuts
    a slug, which can be longer than the column (a name of 100 characters, or "ﬁ" spelled "fi"): it is cut at a
    word, before taggit's "_1"."""
    made = slugify(instance.name, allow_unicode=True)
    if instance.slug == made:
        suffix = ""
    elif instance.slug.startswith(made + "_") and instance.slug[len(made) + 1 :].isdigit():
        suffix = instance.slug[len(made) :]  # taggit's second try after a clash: "_1", "_2"...
    else:
        return  # a slug someone chose
    instance.slug = (slug_for(instance.name, SLUG_LENGTH - len(suffix)) or "tag") + suffix
