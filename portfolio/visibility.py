"""Who may see which page, answered from the cached view restrictions rather than with queries per request."""

import operator
from functools import reduce

from django.db.models import Q
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from portfolio.content_cache import cached


def view_restrictions():
    """Every page view restriction of the site, with what checking a visitor against it needs."""
    return cached(
        "view-restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page").prefetch_related("groups")),
    )


class PublicPageQuerySet(PageQuerySet):
    def public(self):
        """Pages that no view restriction covers (Wagtail's own public() queries the restrictions every time)."""
        restricted = [Q(path__startswith=restriction.page.path) for restriction in view_restrictions()]
        return self.exclude(reduce(operator.or_, restricted)) if restricted else self.all()


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


def pages():
    """All pages, of every type, with the cached public()."""
    return PublicPageQuerySet(Page)


class CachedViewRestrictions:
    """A page mixin: Wagtail asks every page it serves for its view restrictions; answer from the cache."""

    def get_view_restrictions(self):
        if self.alias_of_id:  # an alias is restricted like its source page; Wagtail knows how to find it
            return super().get_view_restrictions()
        return [restriction for restriction in view_restrictions() if self.path.startswith(restriction.page.path)]
