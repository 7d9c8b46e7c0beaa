"""Small builders for the page tree and media that tests need."""

import datetime
import html
import io
import re
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.text import slugify
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import EssayIndexPage, EssayPage
from music.models import (
    MusicProjectLink,
    MusicProjectPage,
    MusicTimelinePage,
    MusicVideo,
    ReleaseLink,
    ReleasePage,
    SetlistEntry,
    ShowLink,
    ShowPage,
    SongPage,
    Track,
)
from portfolio.models import HomePage, ProjectIndexPage


def create_home():
    """A home page as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    Page.objects.child_of(root).delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home", intro="<p>Hello from the author.</p>"))
    home.save_revision().publish()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test site")
    return home


def create_essay_index(home):
    index = home.add_child(instance=EssayIndexPage(title="Essays", slug="essays", show_in_menus=True))
    index.save_revision().publish()
    return index


def create_essay(index, title="An essay", *, tags=(), live=True, body=None, **fields):
    fields.setdefault("date", datetime.date(2025, 1, 1))
    fields.setdefault("description", f"What {title} is about.")
    page = EssayPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        body=body or [{"type": "paragraph", "value": f"<p>The text of {title}.</p>"}],
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    page.tags.add(*tags)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def essay_form(**overrides):
    """The page editor's POST data for an essay with one block of each kind, published."""
    data = {
        "title": "Written in the admin",
        "slug": "written-in-the-admin",
        "description": "An essay posted through the page editor.",
        "date": "2025-03-04",
        "tags": "Music, Engineering",
        "featured": "on",
        "body": streamfield(
            [
                ("heading", {"text": rich_text("<p>A <i>section</i></p>"), "level": "2"}),
                ("paragraph", rich_text("<p>Some <b>bold</b> words.</p>")),
                ("quote", {"text": rich_text("<p>Ship it.</p>"), "attribution": "Someone"}),
                ("video", {"url": "https://youtu.be/5MSZXmbNoLg?si=tracking", "caption": "A video"}),
                ("code", {"language": "python", "source": "print(1)"}),
                ("divider", ""),
            ]
        ),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_essay_url(index):
    return reverse("wagtailadmin_pages:add", args=("blog", "essaypage", index.pk))


def image_bytes(width=64, height=48, format="PNG", color=(200, 80, 40)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), color).save(buffer, format=format)
    return buffer.getvalue()


def cut_short_jpeg_bytes():
    """A photo-like JPEG whose last 40% is missing, as when a copy or an upload is interrupted."""
    buffer = io.BytesIO()
    PillowImage.effect_noise((800, 600), 60).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()[: buffer.tell() * 6 // 10]


def create_image(title="A photo", *, content=None, collection=None, uploaded_by_user=None, description="", **kwargs):
    """An image in the library (in the root collection unless one is named): PNG content, or image_bytes(**kwargs)."""
    file = ImageFile(io.BytesIO(content or image_bytes(**kwargs)), name=f"{slugify(title)}.png")
    collection = Collection.objects.get(name=collection) if collection else Collection.get_first_root_node()
    return get_image_model().objects.create(
        title=title, file=file, collection=collection, uploaded_by_user=uploaded_by_user, description=description
    )


def create_document(title="A document", *, collection=None, uploaded_by_user=None, content=b"%PDF-1.7\n"):
    """A PDF in the library, in the root collection unless one is named."""
    collection = Collection.objects.get(name=collection) if collection else Collection.get_first_root_node()
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(content, name=f"{slugify(title)}.pdf"),
        collection=collection,
        uploaded_by_user=uploaded_by_user,
    )


def media_files():
    """Every file in the media folder, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def publish(parent, page, tags=()):
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_project_index(home):
    return publish(home, ProjectIndexPage(title="Projects", slug="projects", show_in_menus=True))


def create_timeline(project_index):
    return publish(project_index, MusicTimelinePage(title="Music", slug="music"))


def create_music_project(timeline, title="A band", *, links=(), videos=(), tags=(), **fields):
    fields.setdefault("summary", f"About {title}.")
    page = MusicProjectPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        links=[MusicProjectLink(url=url) for url in links],
        videos=[MusicVideo(**video) for video in videos],
        **fields,
    )
    return publish(timeline, page, tags)


def create_release(project, title="A record", *, tracks=(), links=(), **fields):
    page = ReleasePage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        tracks=[Track(**track) for track in tracks],
        links=[ReleaseLink(url=url) for url in links],
        **fields,
    )
    return publish(project, page)


def create_song(project, title="A song", **fields):
    return publish(project, SongPage(title=title, slug=fields.pop("slug", slugify(title)), **fields))


def admin_upload(client, app, name, content, view, collection):
    """Upload one file through the admin's single ("add") or multiple uploader of wagtailimages or wagtaildocs.

    Returns (stored?, what the admin said).
    """
    file = SimpleUploadedFile(name, content)
    collection = Collection.objects.get(name=collection).pk
    if view == "add":
        response = client.post(reverse(f"{app}:add"), {"title": name, "file": file, "collection": collection})
        return response.status_code == 302, readable(response.content.decode())
    response = client.post(
        reverse(f"{app}:add_multiple"),
        {"files[]": file, "collection": collection},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    data = response.json()
    return data["success"], readable(data.get("error_message", ""))


def readable(text):
    """Text as a reader sees it: entities resolved, no-break spaces (as in "20.0 MB") as spaces."""
    return html.unescape(text).replace("\xa0", " ")


def admin_tabs(html):
    """The tab labels of an admin editor, in order."""
    return re.findall(r'role="tab"[^>]*>\s*([^<]+?)\s*<', html)


def create_show(timeline, title="A show", *, projects=(), setlist=(), links=(), **fields):
    fields.setdefault("date", datetime.date(2030, 3, 14))
    page = ShowPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        setlist=[SetlistEntry(**entry) for entry in setlist],
        links=[ShowLink(label=label, url=url) for label, url in links],
        **fields,
    )
    page.projects = list(projects)
    return publish(timeline, page)
