"""Blogs written for AstroPaper, Hugo and Jekyll, as their documentation shows them, imported as they are."""

import datetime
import os
import textwrap

import pytest

from blog.models import EssayPage
from tests.test_import import import_essays, refused


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def tag_names(essay):
    return [tag.name for tag in essay.tags.all().order_by("taggit_taggeditem_items__id", "pk")]


ASTROPAPER = """
    ---
    author: Sat Naing
    pubDatetime: 2022-09-23T15:22:00Z
    modDatetime: 2023-12-21T09:12:47.400Z
    title: Adding new posts in AstroPaper theme
    slug: adding-new-posts-in-astropaper-theme
    featured: true
    draft: false
    tags:
      - docs
      - música
    ogImage: ""
    description: Some rules & recommendations for creating or adding new posts using AstroPaper theme.
    canonicalURL: https://example.org/my-article-was-already-posted-here
    ---

    Here are some rules/recommendations, tips & ticks for creating new posts in AstroPaper blog theme.
    """


def test_astropaper_front_matter_is_read(essay_index, tmp_path):
    write(tmp_path, "adding-new-post.md", ASTROPAPER)

    out, err = import_essays(tmp_path)

    essay = EssayPage.objects.get(slug="adding-new-posts-in-astropaper-theme")
    assert essay.title == "Adding new posts in AstroPaper theme"
    assert essay.date == datetime.date(2022, 9, 23) and essay.featured and essay.live
    assert {tag.name for tag in essay.tags.all()} == {"docs", "música"}
    assert essay.description.startswith("Some rules & recommendations")
    for key in ("author", "modDatetime", "ogImage"):
        assert (
            f"adding-new-post.md:{ASTROPAPER.split(key)[0].count(chr(10))}: front matter key '{key}' has no use" in err
        )


def test_hugo_toml_front_matter_and_a_page_bundle_named_by_its_folder(essay_index, tmp_path):
    write(
        tmp_path,
        "content/posts/mañana-en-el-estudio/index.md",
        """
        +++
        title = 'Mañana en el estudio 🎙️'
        date = 2024-06-01T23:30:00-05:00
        lastmod = 2024-06-02
        draft = false
        summary = 'Una sesión de grabación, paso a paso.'
        categories = ['Música']
        tags = ['grabación', 'música']
        aliases = ['/old/manana/']
        +++

        El micrófono estaba listo a las nueve.
        """,
    )

    out, err = import_essays(tmp_path)

    essay = EssayPage.objects.get()
    assert essay.slug == "manana-en-el-estudio"
    assert essay.title == "Mañana en el estudio 🎙️"
    assert essay.date == datetime.date(2024, 6, 1)  # the day as the author wrote it, in the author's zone
    assert essay.description == "Una sesión de grabación, paso a paso."
    assert tag_names(essay) == ["Música", "grabación"]
    assert "front matter key 'lastmod' has no use" in err


def test_hugo_yaml_with_a_date_time_and_zone(essay_index, tmp_path):
    write(
        tmp_path,
        "post/first.md",
        """
        ---
        title: "第一篇文章"
        date: 2017-10-19 21:33:00 +0200
        draft: true
        categories: [笔记]
        ---

        你好，世界。
        """,
    )

    import_essays(tmp_path)

    essay = EssayPage.objects.get(slug="first")
    assert not essay.live
    latest = essay.get_latest_revision_as_object()
    assert latest.title == "第一篇文章" and latest.date == datetime.date(2017, 10, 19)


def test_jekyll_posts_take_date_and_slug_from_the_file_name_and_split_tags_on_spaces(essay_index, tmp_path):
    write(
        tmp_path,
        "_posts/2017-10-19-welcome-to-jekyll.markdown",
        """
        ---
        layout: post
        title:  "Welcome to Jekyll!"
        categories: jekyll update
        tags: ruby static-sites
        published: true
        ---

        You’ll find this post in your `_posts` directory.
        """,
    )
    write(
        tmp_path,
        "_posts/2016-01-05-مرحبا.md",
        """
        ---
        layout: post
        title: "مرحبا بالعالم"
        published: false
        ---

        نص المقال.
        """,
    )

    out, err = import_essays(tmp_path)

    welcome = EssayPage.objects.get(slug="welcome-to-jekyll")
    assert welcome.date == datetime.date(2017, 10, 19) and welcome.live
    assert tag_names(welcome) == ["jekyll", "update", "ruby", "static-sites"]
    arabic = EssayPage.objects.get(slug="مرحبا")
    assert not arabic.live and arabic.get_latest_revision_as_object().date == datetime.date(2016, 1, 5)
    assert err.count("front matter key 'layout' has no use") == 1 and "also in 1 other files" in err


def test_a_file_without_front_matter_takes_its_title_from_the_first_heading(essay_index, tmp_path):
    path = write(tmp_path, "notes.md", "# Notas de campo 🎧\n\nGrabado en Lisboa.\n")
    os.utime(path, (0, datetime.datetime(2023, 3, 4, 12).timestamp()))

    out, err = import_essays(path)

    essay = EssayPage.objects.get(slug="notes")
    assert essay.title == "Notas de campo 🎧" and essay.date == datetime.date(2023, 3, 4)
    assert f"{path}:1: no front matter: the title comes from the first '#' heading" in err


def test_date_on_the_command_line_dates_a_file_without_front_matter(essay_index, tmp_path):
    path = write(tmp_path, "readme.md", "Intro.\n\n# 안녕하세요\n\nText.\n")
    import_essays(path, "--date", "2020-02-29")
    essay = EssayPage.objects.get()
    assert essay.title == "안녕하세요" and essay.date == datetime.date(2020, 2, 29)


def test_every_problem_of_every_file_is_reported_in_one_run(essay_index, tmp_path):
    bad = write(
        tmp_path,
        "bad.md",
        """
        ---
        title: 1984
        date: someday
        featured: maybe
        tags: {a: b}
        ---

        ![](no-alt.png)

        ![A photo](missing.png)
        """,
    )
    other = write(tmp_path, "2024-13-40-other.md", "---\ntitle: Other\n---\n\nText.\n")

    said = refused(tmp_path)

    for line, message in [
        (2, "title must be text, not 1984"),
        (3, "date 'someday' is not a date"),
        (4, "featured must be true or false, not 'maybe'"),
        (5, "tags must be a list of names"),
        (8, "image 'no-alt.png' has no alt text"),
        (10, "image file 'missing.png' does not exist"),
    ]:
        assert f"{bad}:{line}: {message}" in said
    assert f"{other}:1: the date in the file name '2024-13-40' is not a date" in said
    assert "7 problem(s) found; nothing was imported." in said
    assert not EssayPage.objects.exists()


@pytest.mark.parametrize(
    "date",
    [
        "2024-06-01",
        "2024-06-01T12:00:00Z",
        "2024-06-01T12:00",
        "2024-06-01 23:59:59 +0200",
        "2024-06-01T00:00:00.5-07:00",
    ],
)
def test_dates_with_a_time_and_a_zone_give_the_day_written(essay_index, tmp_path, date):
    write(tmp_path, "dated.md", f"---\ntitle: Dated\ndate: {date}\n---\n\nText.\n")
    import_essays(tmp_path)
    assert EssayPage.objects.get().date == datetime.date(2024, 6, 1)


def test_the_run_ends_with_a_summary(essay_index, tmp_path):
    write(tmp_path, "one.md", "---\ntitle: One\ndate: 2024-01-01\nauthor: Zoë\n---\n\nText.\n")
    write(tmp_path, "two.md", "---\ntitle: Two\ndate: 2024-01-02\nauthor: Zoë\n---\n\nText.\n")
    import_essays(tmp_path)
    write(tmp_path, "two.md", "---\ntitle: Two, again\ndate: 2024-01-02\n---\n\nText.\n")

    out, err = import_essays(tmp_path)

    assert "2 essays: 0 created, 1 updated, 1 unchanged, 0 left as they are; 1 warnings." in out
    assert "1 × front matter key … has no use on this site and was left out" in out
