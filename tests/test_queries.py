"""SQL queries per page stay the same however many essays and tags there are."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGES = ["/", "/essays/", "/essays/?page=2", "/essays/tags/music/", "/essays/essay-3/"]


def queries_for(client, url):
    client.get(url)  # the first request warms Wagtail's site root cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_essays(make_essay, start, count):
    for number in range(start, start + count):
        make_essay(
            f"Essay {number}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            tags=["Music", f"Topic {number}"],
            featured=number % 4 == 0,
        )


def test_queries_do_not_grow_with_the_number_of_essays_and_tags(client, make_essay):
    add_essays(make_essay, 0, 12)
    few = {url: queries_for(client, url) for url in PAGES}
    add_essays(make_essay, 12, 30)
    many = {url: queries_for(client, url) for url in PAGES}
    assert many == few
