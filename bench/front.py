"""What the web server in front does for the site (docs/operations.md): it terminates HTTPS, so every request
reaches the site marked as HTTPS, and it serves the media files from disk.

For Lighthouse, whose own requests (robots.txt among them) carry none of the headers it is told to add.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from portfolio.wsgi import application as site

# Renditions are written while the site runs, so the folder is looked at on every request.
with_media = WhiteNoise(site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, autorefresh=True)


def application(environ, start_response):
    environ["HTTP_X_FORWARDED_PROTO"] = "https"
    return with_media(environ, start_response)
