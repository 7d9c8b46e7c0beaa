"""schema.org descriptions of pages, as JSON-LD for search engines."""

import json

SCHEMA = "https://schema.org"
# Keeps "</script>" and friends from ending the script element early.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_script(data):
    return json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES)


def website(name, url, search_url):
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": name,
        "url": url,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def person(author, url, image_url=None):
    """The author, or None until their name is filled in (a Person needs a name)."""
    if not author.name:
        return None
    data = {"@context": SCHEMA, "@type": "Person", "name": author.name, "url": url}
    if author.tagline:
        data["jobTitle"] = author.tagline
    if author.bio:
        data["description"] = author.bio
    if image_url:
        data["image"] = image_url
    profiles = [profile["url"] for profile in author.profiles()]
    if profiles:
        data["sameAs"] = profiles
    return data


def blog_posting(essay, url, tags, author, home_url, image_url=None):
    data = {
        "@context": SCHEMA,
        "@type": "BlogPosting",
        "headline": essay.title,
        "description": essay.description,
        "datePublished": essay.date.isoformat(),
        "dateModified": (essay.last_published_at or essay.latest_revision_created_at or essay.date).isoformat(),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "keywords": [tag.name for tag in tags],
    }
    if author.name:
        data["author"] = {"@type": "Person", "name": author.name, "url": home_url}
    if image_url:
        data["image"] = image_url
    return data


def creative_work_series(name, description, url):
    return {"@context": SCHEMA, "@type": "CreativeWorkSeries", "name": name, "description": description, "url": url}


def breadcrumb_list(crumbs):
    """crumbs: (name, absolute URL) pairs from the home page down to the current page."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }
