"""One description, and dates that tell the truth: the essay's description is its meta description unless the
author fills in the Promote tab's, and the editor says which one search engines are shown; listings, feeds and the
essay show the author's date; the admin's Essays listing says "Draft", "Scheduled for …" or that date."""

import datetime
import json
import re

import feedparser
from django.urls import reverse
from django.utils import timezone

from tests.factories import create_essay


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html, name):
    match = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def test_the_essays_description_is_its_meta_description_unless_the_promote_tabs_is_set(client, make_essay):
    make_essay("Plain", description="Über Hall und Echo — 残響について.")
    make_essay("Promoted", description="What readers see.", search_description="What search engines see.")

    plain = html_of(client, "/essays/plain/")
    assert meta(plain, "description") == meta(plain, "og:description") == "Über Hall und Echo — 残響について."
    promoted = html_of(client, "/essays/promoted/")
    assert meta(promoted, "description") == meta(promoted, "og:description") == "What search engines see."

    # Readers of the listings and the feeds see the essay's own description.
    assert '<p dir="auto">What readers see.</p>' in html_of(client, "/essays/")
    entries = {entry.title: entry for entry in feedparser.parse(client.get("/essays/feed/").content).entries}
    assert entries["Promoted"].summary == "What readers see."


def test_the_editor_says_which_description_search_engines_are_shown(admin_client, make_essay):
    plain = make_essay("Plain")
    promoted = make_essay("Promoted", search_description="For search engines.")

    plain_editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=(plain.pk,))).content.decode()
    assert "as the page&#x27;s meta description, unless the Promote tab&#x27;s" in plain_editor
    assert "Leave it blank: search engines are then shown the essay&#x27;s description" in plain_editor
    promoted_editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=(promoted.pk,))).content.decode()
    assert "Search engines are shown the Promote tab&#x27;s “Meta description” instead" in promoted_editor
    assert "Search engines are shown this, not the essay&#x27;s description" in promoted_editor


def test_listings_feeds_and_the_essay_show_the_authors_date_not_the_day_it_went_live(client, make_essay):
    make_essay("Written long ago", slug="old", date=datetime.date(2019, 2, 14))

    essay = html_of(client, "/essays/old/")
    assert '<time datetime="2019-02-14">14 February 2019</time>' in essay
    assert meta(essay, "article:published_time") == "2019-02-14"
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', essay, re.S)
    posting = next(item for item in map(json.loads, blocks) if item["@type"] == "BlogPosting")
    assert posting["datePublished"] == "2019-02-14"
    for url in ["/essays/", "/", "/essays/2019/", "/search/?q=written"]:
        assert '<time datetime="2019-02-14">14 February 2019</time>' in html_of(client, url), url
    (entry,) = feedparser.parse(client.get("/essays/feed/").content).entries
    assert entry.published_parsed[:3] == (2019, 2, 14)


def test_the_essays_listing_says_draft_scheduled_or_the_date(admin_client, essay_index):
    create_essay(essay_index, "Live one", date=datetime.date(2025, 8, 22))
    create_essay(essay_index, "Draft one", live=False, date=None)
    scheduled = create_essay(essay_index, "Scheduled one", live=False, date=None)
    go_live_at = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    scheduled.go_live_at = go_live_at
    scheduled.save_revision().publish()

    html = admin_client.get(reverse("essays:index")).content.decode()
    rows = {
        title: " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
        for title in ["Live one", "Draft one", "Scheduled one"]
        if title in row
    }
    assert "22 August 2025" in rows["Live one"]
    assert "Draft" in rows["Draft one"].replace("Draft one", "")
    assert f"Scheduled for {go_live_at:%-d %B %Y, %H:%M}" in rows["Scheduled one"]
    assert not any("Published on" in row for row in rows.values())
