"""Slugs in any script, without a hyphen at either end, cut at a word when the text is longer than a slug holds."""

import re

from django.urls import Resolver404, resolve
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm

REPEATED_HYPHENS = re.compile(r"-{2,}")


def cut_slug(slug, max_length):
    """The slug cut to max_length at the end of a word (at a hyphen), or, for one word that long, at the limit."""
    slug = REPEATED_HYPHENS.sub("-", slug).strip("-")
    if len(slug) <= max_length:
        return slug
    head = slug[: max_length + 1]  # a hyphen just past the limit ends a whole word
    return (head.rsplit("-", 1)[0] if "-" in head else head[:max_length]).rstrip("-_")


def tidy_slug(page):
    """A page's slug without a hyphen at either end or a doubled one (the editor's JavaScript makes "-guitar-tones"
    of "🎸 Guitar tones"); a page saved without a slug whose title's slug is too long (ligatures spelled out) gets
    it cut at a word."""
    max_length = page._meta.get_field("slug").max_length
    if page.slug:
        page.slug = cut_slug(page.slug, max_length)
        return
    whole = slugify(page.title or "", allow_unicode=True)
    if len(whole) > max_length:  # else Wagtail makes the slug of the title itself, and a unique one
        page.slug = cut_slug(whole, max_length)


def taken_address(parent, slug):
    """The site's own address that would answer before a child of parent with this slug could, if any: /search/
    and /admin/ are the site's, not a page's."""
    from wagtail import views as wagtail_views

    if not slug or parent is None or not parent.is_site_root():
        return None
    address = f"/{slug}/"
    try:
        match = resolve(address)
    except Resolver404:
        return None
    return None if match.func is wagtail_views.serve else address


class PageForm(WagtailAdminPageForm):
    """The page editor's form, which refuses a slug the site itself answers at, with the reason."""

    def clean(self):
        cleaned_data = super().clean()
        address = taken_address(self.parent_page, cleaned_data.get("slug"))
        if address:
            self.add_error(
                "slug",
                f"The slug '{cleaned_data['slug']}' is reserved: the site answers at {address} itself, which would "
                "hide this page. Choose another slug.",
            )
        return cleaned_data
