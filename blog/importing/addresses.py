"""Where an essay was on the old site, so that links into it and old bookmarks reach its new page: its `aliases`,
`redirect_from`, `permalink` and `canonicalURL`, and the address its generator gives a post by default."""

import re
from urllib.parse import unquote, urlsplit

from wagtail.contrib.redirects.models import Redirect


def default_address(source, categories, name):
    """The address AstroPaper, Hugo or Jekyll gives the post when its front matter names none; name is the slug
    from the front matter or the file's name as the generator writes it in addresses."""
    if source.generator == "astro":
        return f"/posts/{name}/"
    if source.generator == "hugo":
        parts = source.path.relative_to(source.folder).parts[:-1]
        parts = parts[1:] if parts[:1] == ("content",) else parts
        section = parts[0] if parts and (len(parts) > 1 or source.path.stem not in {"index", "_index"}) else ""
        return f"/{section}/{name}/" if section else f"/{name}/"
    if source.generator == "jekyll" and source.date:
        # Jekyll's default permalink, /:categories/:year/:month/:day/:title.html
        return expand("/:categories/:year/:month/:day/:title.html", source, categories, name)
    return None


def expand(address, source, categories, name):
    """A Jekyll or Hugo permalink pattern (/blog/:year/:title/) written out for the essay."""
    date = source.date
    values = {
        "categories": "/".join(category.lower().replace(" ", "-") for category in categories),
        "year": f"{date:%Y}" if date else "",
        "month": f"{date:%m}" if date else "",
        "day": f"{date:%d}" if date else "",
        "title": name,
        "slug": name,
    }
    address = re.sub(r":(categories|year|month|day|title|slug)\b", lambda match: values[match.group(1)], address)
    return re.sub(r"/{2,}", "/", address)


def old_paths(source, categories, name, *, own_address):
    """The essay's old addresses as paths, as Wagtail's redirects store them; the generator's default address only
    when the front matter gave the post an address of its own (own_address: permalink, url) instead."""
    addresses = [expand(address, source, categories, name) for address in source.old_addresses]
    if not own_address:
        addresses.append(default_address(source, categories, name))
    paths = []
    for address in filter(None, addresses):
        path = urlsplit(address).path if re.match(r"^https?://", address) else address
        path = Redirect.normalise_path("/" + unquote(path).lstrip("/"))
        if path not in paths and path != "/":
            paths.append(path)
    return paths


def keep_old_addresses(outcomes, site):
    """A permanent redirect from each old address of each essay to its page (the last essay of the run to claim an
    address gets it); the number made or changed. New ones are made together, as Wagtail makes its own."""
    root_path = site.root_page.url_path[:-1]
    pages = {}  # old path: page
    for outcome in outcomes:
        if outcome.page is None:
            continue
        new_path = Redirect.normalise_path(outcome.page.url_path.removeprefix(root_path))
        pages.update((path, outcome.page) for path in outcome.source.old_paths if path != new_path)
    existing = {redirect.old_path: redirect for redirect in Redirect.objects.filter(site=site, old_path__in=pages)}
    kept = 0
    for path, redirect in existing.items():
        if redirect.redirect_page_id != pages[path].pk:
            redirect.redirect_page, redirect.redirect_link = pages[path], ""
            redirect.save()
            kept += 1
    new = [
        Redirect(old_path=path, site=site, redirect_page=page, is_permanent=True)
        for path, page in pages.items()
        if path not in existing
    ]
    Redirect.objects.bulk_create(new)
    return kept + len(new)
