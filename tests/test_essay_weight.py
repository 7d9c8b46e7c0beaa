"""An essay's weight as a reader's browser fetches it from the site as production serves it (gunicorn, WhiteNoise):
its HTML, the CSS and JS it links, and the fonts those name, before any image."""

import http.client
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from tests.conftest import AUTHOR_ESSAYS
from tests.servers import fresh_database, serving

BUDGET = 60 * 1024  # bytes of HTML + CSS + JS, and of fonts, as served (before compression)
FONT = re.compile(r"\.(woff2?|ttf|otf)(\?|#|$)")


class Assets(HTMLParser):
    """The stylesheets, scripts and preloaded fonts a page links."""

    def __init__(self):
        super().__init__()
        self.styles, self.scripts, self.fonts = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel:
            self.styles.append(attrs["href"])
        elif tag == "link" and "preload" in rel and attrs.get("as") == "font":
            self.fonts.append(attrs["href"])
        elif tag == "link" and "modulepreload" in rel or tag == "script" and attrs.get("src"):
            self.scripts.append(attrs.get("src") or attrs["href"])


def fetched(site, url):
    """The body of a GET, as served (uncompressed: no Accept-Encoding)."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30)
    connection.request("GET", address.path, headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200, url
    return body


def test_an_essay_with_its_css_and_js_weighs_under_60_kb_and_its_fonts_under_60_kb(tmp_path):
    essay = AUTHOR_ESSAYS / "what-music-production-taught-me-about-software-engineering.md"
    with fresh_database() as database_url, serving("gunicorn", tmp_path, database_url) as site:
        site.manage("import_essays", str(essay))
        page_url = f"https://127.0.0.1/essays/{essay.stem}/"

        html = fetched(site, page_url)
        assets = Assets()
        assets.feed(html.decode())
        styles = {url: fetched(site, urljoin(page_url, url)) for url in assets.styles}
        scripts = {url: fetched(site, urljoin(page_url, url)) for url in assets.scripts}
        font_urls = {urljoin(page_url, url) for url in assets.fonts}
        for url, css in styles.items():
            named = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.decode())
            font_urls |= {urljoin(urljoin(page_url, url), name) for name in named if FONT.search(name)}
        fonts = {url: fetched(site, url) for url in font_urls}

    assert styles and scripts, (assets.styles, assets.scripts)  # the page links its CSS and its JS
    weight = len(html) + sum(map(len, styles.values())) + sum(map(len, scripts.values()))
    assert weight < BUDGET, {"html": len(html)} | {url: len(body) for url, body in {**styles, **scripts}.items()}
    assert sum(map(len, fonts.values())) < BUDGET, {url: len(body) for url, body in fonts.items()}
