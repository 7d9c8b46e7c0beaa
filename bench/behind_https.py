"""The site as the HTTPS-terminating web server in front hands it requests: every one marked as HTTPS.

For Lighthouse, whose own requests (robots.txt among them) carry none of the headers it is told to add.
"""

from portfolio.wsgi import application as site


def application(environ, start_response):
    environ["HTTP_X_FORWARDED_PROTO"] = "https"
    return site(environ, start_response)
