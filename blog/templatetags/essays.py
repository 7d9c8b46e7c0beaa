from django import template

from blog.models import EssayIndexPage
from portfolio.serving.content_changes import cached

register = template.Library()

FEATURED_ON_HOME = 3
LATEST_ON_HOME = 5


def essay_index(context):
    """The essay index (there is one: its max_count is 1), looked up once per request."""
    request = context["request"]
    if not hasattr(request, "essay_index"):
        request.essay_index = cached("essay-index", lambda: EssayIndexPage.objects.live().first())
    return request.essay_index


@register.simple_tag(takes_context=True)
def essay_index_url(context):
    """The essay index's URL ("" without one), which every page's feeds and tag links start from."""
    index = essay_index(context)
    return index.get_url(context["request"]) if index else ""


@register.inclusion_tag("blog/feed_links.html", takes_context=True)
def essay_feed_links(context):
    return {"index_url": essay_index_url(context)}


@register.simple_tag(takes_context=True)
def tag_url(context, tag):
    index_url = essay_index_url(context)
    return index_url + tag_path(tag.slug) if index_url else ""


def tag_path(slug):
    """A tag page's path below the essay index."""
    return EssayIndexPage.get_resolver().reverse("tag", slug)


@register.simple_tag(takes_context=True)
def home_essays(context):
    """The essays the author featured (none when none is), then the latest of the others, newest first: both from
    one queryset, so that the visibility rules are read once."""
    index = essay_index(context)
    if index is None:
        return {"featured": [], "latest": []}
    essays = index.essays().for_cards()
    featured = list(essays.filter(featured=True)[:FEATURED_ON_HOME])
    latest = list(essays.exclude(pk__in=[essay.pk for essay in featured])[:LATEST_ON_HOME])
    return {"featured": featured, "latest": latest}
