"""Links and addresses carried over: links between the posts of a blog lead to their new pages, and the old
addresses redirect there (Wagtail's redirects)."""

from wagtail.contrib.redirects.models import Redirect

from blog.models import EssayPage
from tests.test_import import import_essays
from tests.test_import_generators import write


def rich_text(essay):
    return "".join(block.value.source for block in essay.body if block.block_type == "paragraph")


def test_links_to_other_posts_files_become_page_links(client, essay_index, tmp_path):
    write(tmp_path, "_posts/2010-07-21-hola.md", "---\ntitle: Hola\n---\n\nPrimera.\n")
    write(
        tmp_path,
        "_posts/2011-01-01-next.md",
        """
        ---
        title: Next
        ---

        See [hola](2010-07-21-hola.md), [its part](./2010-07-21-hola.md#part),
        [the first post]({% post_url 2010-07-21-hola %}) and [a lost one](gone.md).
        """,
    )

    out, err = import_essays(tmp_path)

    hola, following = EssayPage.objects.get(slug="hola"), EssayPage.objects.get(slug="next")
    assert rich_text(following).count(f'<a linktype="page" id="{hola.pk}">') == 3
    assert '<a href="gone.md">a lost one</a>' in rich_text(following)
    assert "2011-01-01-next.md:5: 'gone.md' is not among the essays imported; the link was kept as written" in err
    assert 'href="/essays/hola/"' in client.get("/essays/next/").content.decode()


def test_old_url_links_into_the_old_site_lead_to_the_new_pages(essay_index, tmp_path):
    write(tmp_path, "uno.md", "---\ntitle: Uno\npubDatetime: 2022-01-01T10:00:00Z\n---\n\nUno.\n")
    write(
        tmp_path,
        "dos.md",
        """
        ---
        title: Dos
        pubDatetime: 2022-02-02T10:00:00Z
        ---

        [Uno](https://old.example/posts/uno/), [its part](https://old.example/posts/uno#a),
        [the about page](https://old.example/about/) and [elsewhere](https://example.org/posts/uno/).
        """,
    )

    import_essays(tmp_path, "--old-url", "https://old.example/")

    uno, dos = EssayPage.objects.get(slug="uno"), EssayPage.objects.get(slug="dos")
    assert rich_text(dos).count(f'<a linktype="page" id="{uno.pk}">') == 2
    assert '<a href="https://old.example/about/">' in rich_text(dos)
    assert '<a href="https://example.org/posts/uno/">' in rich_text(dos)


def test_old_addresses_redirect_to_the_new_pages_once(client, essay_index, tmp_path):
    write(
        tmp_path,
        "_posts/2017-10-19-welcome-to-jekyll.markdown",
        """
        ---
        layout: post
        title: "Welcome to Jekyll!"
        categories: jekyll update
        redirect_from:
          - /viejo/bienvenida/
        ---

        Hi.
        """,
    )
    write(tmp_path, "_posts/2018-01-01-perma.md", "---\ntitle: Perma\npermalink: /blog/:year/:title/\n---\n\nP.\n")
    write(
        tmp_path,
        "content/posts/música/index.md",
        "+++\ntitle = 'Música'\ndate = 2024-01-01\naliases = ['/old/musica/']\n+++\n\nM.\n",
    )
    write(tmp_path, "astro.md", "---\ntitle: Astro\npubDatetime: 2022-09-23T15:22:00Z\n---\n\nA.\n")

    out, err = import_essays(tmp_path)
    import_essays(tmp_path)

    expected = {
        "/jekyll/update/2017/10/19/welcome-to-jekyll.html": "/essays/welcome-to-jekyll/",
        "/viejo/bienvenida/": "/essays/welcome-to-jekyll/",
        "/blog/2018/perma/": "/essays/perma/",
        "/posts/música/": "/essays/musica/",
        "/old/musica/": "/essays/musica/",
        "/posts/astro/": "/essays/astro/",
    }
    for old, new in expected.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert Redirect.objects.count() == len(expected)
    assert "6 old addresses now redirect to essays." in out
