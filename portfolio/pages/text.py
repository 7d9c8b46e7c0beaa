"""Text as pages and feeds can carry it: whatever an editor pastes, an import reads or a row already holds.

XML 1.0 has no place for control characters (tab and line endings aside), lone surrogates or U+FFFE and U+FFFF:
one in a title made every feed listing the essay fail. They are removed from every text a visitor may see when it
is saved, and feeds remove them again as they write, for rows saved before this rule.
"""

import re

from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail.admin.forms.tags import TagField
from wagtail.fields import StreamField

from portfolio.pages.slugs import PageForm, tidy_slug

# Control characters but tab and line endings (C1 too, which no one types on purpose), lone surrogates, and the
# noncharacters, which are not for interchange: U+FDD0 to U+FDEF and the last two code points of every plane.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
UNSAFE_CHARACTERS = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
# A word processor's line and page breaks (vertical tab, form feed), which stand between words.
BREAKS = re.compile("[\x0b\x0c]")


def clean_text(text):
    """Text without the characters XML and HTML cannot carry; line and page breaks become spaces."""
    return UNSAFE_CHARACTERS.sub("", BREAKS.sub(" ", text))


def clean_data(value):
    """Text, or lists and dicts of it (a StreamField's data), cleaned; anything else as it is."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return [clean_data(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_data(item) for key, item in value.items()}
    return value


def clean_fields(instance):
    """Clean every text field of a model instance that is loaded, rich text and StreamFields included."""
    deferred = instance.get_deferred_fields()
    for field in instance._meta.concrete_fields:
        if field.attname in deferred:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, StreamField) and value is not None:
            data = value.get_prep_value()  # the stored data where blocks were not read, so no query is made
            cleaned = clean_data(data)
            if cleaned != data:
                setattr(instance, field.attname, cleaned)
        elif isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
            setattr(instance, field.attname, clean_text(value))


class CleanInput:
    """For page types: what an editor, an import or code gives a page, made safe before it is validated. Text is
    cleaned, the page's inline rows (tracks, links, videos) too, so that its revisions are clean as well; the slug
    is tidied; and the editor refuses a slug the site itself answers at (slugs.py)."""

    base_form_class = PageForm

    def full_clean(self, *args, **kwargs):
        self.clean_input()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self.clean_input()
        super().minimal_clean()

    def clean_input(self):
        clean_fields(self)
        for relation in get_all_child_relations(self):
            for row in getattr(self, relation.get_accessor_name()).all():
                clean_fields(row)
        tidy_slug(self)


class CleanTagField(TagField):
    """The editor's tag field, whose names are cleaned before taggit looks them up: "Rock" with a control character,
    saved clean, would clash with the tag "Rock" that taggit did not find."""

    def clean(self, value):
        return super().clean(clean_text(value) if isinstance(value, str) else value)


SITE_APPS = {"portfolio", "blog", "music"}


def clean_before_saving(sender, instance, **kwargs):
    """A pre_save receiver: the rows of the site's own models and of what else shows on pages (tags, media, sites,
    settings) are cleaned whoever saves them."""
    from wagtail.models import Page

    from portfolio.serving.content_changes import visible_models

    if sender._meta.app_label in SITE_APPS or issubclass(sender, Page) or sender in visible_models():
        clean_fields(instance)
