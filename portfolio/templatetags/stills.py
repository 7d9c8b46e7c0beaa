from django import template

from portfolio.pages.video_stills import stills

register = template.Library()


@register.simple_tag
def video_still(video, chosen=None):
    """The still the author chose for the video, or else the one fetched for it; None without either."""
    return chosen or stills().get((video.provider, video.id))
