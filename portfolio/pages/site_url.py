from wagtail.models import Site


def absolute_url(request, path):
    """The path as an absolute URL on the site's own address (its Wagtail Site), whatever Host was asked for."""
    site = Site.find_for_request(request)
    return (site.root_url if site else request.build_absolute_uri("/").rstrip("/")) + path
