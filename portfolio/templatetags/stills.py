from django import template

from portfolio.pages.video_stills import still_of

register = template.Library()


@register.simple_tag
def video_still(video, chosen=None):
    """The still the author chose for the video, or else the one fetched for it; None without either."""
    return still_of(video, chosen)
