from django import template

from blog.models import EssayIndexPage

register = template.Library()

FEATURED_ON_HOME = 3
LATEST_ON_HOME = 5


def essay_index(context):
    """The essay index (there is one: its max_count is 1), looked up once per request."""
    request = context["request"]
    if not hasattr(request, "_essay_index"):
        request._essay_index = EssayIndexPage.objects.live().first()
    return request._essay_index


@register.simple_tag(takes_context=True)
def essay_index_url(context):
    index = essay_index(context)
    return index.get_url(context["request"]) if index else ""


@register.inclusion_tag("blog/feed_links.html", takes_context=True)
def essay_feed_links(context):
    return {"index_url": essay_index_url(context)}


@register.simple_tag(takes_context=True)
def tag_url(context, tag):
    index = essay_index(context)
    return index.get_url(context["request"]) + index.reverse_subpage("tag", args=[tag.slug]) if index else ""


@register.simple_tag(takes_context=True)
def featured_essays(context):
    """Featured essays first, newest first, then the latest ones to fill the list."""
    index = essay_index(context)
    if index is None:
        return []
    return list(index.essays().order_by("-featured", "-date", "-pk")[:FEATURED_ON_HOME])


@register.simple_tag(takes_context=True)
def latest_essays(context, exclude=()):
    index = essay_index(context)
    if index is None:
        return []
    return list(index.essays().exclude(pk__in=[essay.pk for essay in exclude])[:LATEST_ON_HOME])
