"""Essays written as pages: links resolved, files uploaded once, each essay a revision, all in one transaction."""

from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from PIL import Image as PillowImage
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.utils.file import hash_filelike

from blog.importing.addresses import keep_old_addresses
from blog.importing.indexing import index_objects, indexing_deferred
from blog.importing.sources import EssayFileError, EssayFileLink, EssaySource, LocalFile, filled
from blog.importing.staging import Staging
from blog.models import EssayPage
from portfolio.pages.text import clean_text
from portfolio.pages.video_stills import fetch_stills_after_commit, videos_on


class Uploads:
    """Images and documents for the run: found by content when already in the library, else staged and added."""

    def __init__(self, staging):
        self.staging = staging  # None on a dry run, which adds nothing
        self.cache = {}
        self.added = {}  # model: the items this run added
        self.collection = None  # the root collection, where Wagtail puts media by default: looked up once

    def image(self, local):
        with PillowImage.open(local.path) as image:
            return self.get_or_upload(get_image_model(), local, width=image.width, height=image.height)

    def document(self, local):
        return self.get_or_upload(get_document_model(), local)

    def get_or_upload(self, model, local, **fields):
        key = (model, local.path)
        if key not in self.cache:
            with local.path.open("rb") as file:
                file_hash = hash_filelike(file)
            item = model.objects.filter(file_hash=file_hash).first()
            if item is None and self.staging:
                self.collection = self.collection or Collection.get_first_root_node()
                fields.update(
                    title=clean_text(local.path.stem.replace("-", " ").replace("_", " ")),
                    collection=self.collection,
                    file_hash=file_hash,
                    file_size=local.path.stat().st_size,
                )
                # The file is named for an item like this one, then given to it when it is made: an image's file set
                # afterwards would be read for its size from the media folder, where it is not yet.
                item = model(file=self.staging.save(model(**fields), local.path), **fields)
                item.save()
                self.added.setdefault(model, []).append(item)
            self.cache[key] = item
        return self.cache[key]


class RunTags(dict):
    """The run's tags by name, each found or made once, as taggit finds and makes them (TAGGIT_CASE_INSENSITIVE),
    instead of once for every essay that has it."""

    def __missing__(self, name):
        self[name] = Tag.objects.filter(name__iexact=name).order_by("pk").first() or Tag.objects.create(name=name)
        return self[name]


@dataclass
class RunLinks:
    """What links of a run can lead to: the pages of its essays by file and by old address, and the old site."""

    by_file: dict
    by_old_path: dict
    old_url: str | None  # https://old.example: links into it are read as site-absolute paths


def resolve_links(source, site_root, uploads, run_links):
    """The source's links as opening tags: site pages and library documents by id, the rest by href."""
    tags = []
    for target in source.links:
        if isinstance(target, LocalFile):
            document = uploads.document(target)
            tags.append(f'<a linktype="document" id="{document.pk if document else 0}">')
            continue
        if isinstance(target, EssayFileLink):
            page = run_links.by_file.get(target.path)
            if page is None:
                source.warnings.append(
                    f"{source.path}:{target.line}: '{target.href}' is not among the essays imported; the link "
                    "was kept as written"
                )
            tags.append(f'<a linktype="page" id="{page.pk}">' if page else f'<a href="{escape(target.href)}">')
            continue
        href = target
        if run_links.old_url and href.startswith(run_links.old_url):
            href = "/" + href[len(run_links.old_url) :].lstrip("/")
        page = find_site_page(site_root, href, run_links.by_old_path)
        tags.append(f'<a linktype="page" id="{page.pk}">' if page else f'<a href="{escape(target)}">')
    return tags


def find_site_page(site_root, href, by_old_path=None):
    """The page a site-relative link such as /projects/music, or an old address of an essay, points to."""
    if not href.startswith("/") or href.startswith("//"):
        return None
    href = href.split("#")[0]
    old = (by_old_path or {}).get(Redirect.normalise_path(href))
    if old is not None or "?" in href:
        return old
    path = "/".join(part for part in href.split("/") if part)
    url_path = f"{site_root.url_path}{path}/" if path else site_root.url_path
    return Page.objects.filter(url_path=url_path).first()


def body_data(source, site_root, uploads, run_links):
    """The body as StreamField data, with links resolved and files taken from the library."""
    link_tags = resolve_links(source, site_root, uploads, run_links)
    data = []
    for block_type, value in source.blocks:
        if block_type == "image":
            image = uploads.image(value["image"]["image"])
            value = {**value, "image": {**value["image"], "image": image.pk if image else None}}
        elif block_type == "video" and value.get("thumbnail"):
            thumbnail = uploads.image(value["thumbnail"])
            value = {**value, "thumbnail": thumbnail.pk if thumbnail else None}
        else:
            value = filled(value, link_tags)
        data.append({"type": block_type, "value": value})
    return data


@dataclass
class Outcome:
    source: EssaySource
    action: str  # "create", "update", "unchanged" or "skip"
    page: Page | None = None


class Imported(list):
    """The outcome of each essay, and how many old addresses now redirect to them."""

    redirects = 0


def import_essays(sources, index, *, dry_run=False, keep_existing=False, old_url=None, progress=None):
    """Create or update one essay page per source under the index, all or nothing.

    Images and documents wait in a staging folder until the transaction has ended, then move into the media folder
    (see staging.py). keep_existing leaves essays that are already on the site as they are, so that loading the
    initial content never overwrites the author's edits. Old addresses of the essays become redirects to them.
    Video stills are fetched once the run is committed, so that a run rolled back leaves none behind.
    progress, if given, is called with the number of essays written so far.
    """
    site = index.get_site()
    site_root = site.root_page
    outcomes = Imported()
    indexed = [EssayPage, get_image_model(), get_document_model()]
    with nullcontext() if dry_run else Staging() as staging, transaction.atomic(), indexing_deferred(indexed):
        uploads, tags = Uploads(staging), RunTags()
        slugs = [source.slug for source in sources]
        existing = {page.slug: page for page in EssayPage.objects.child_of(index).filter(slug__in=slugs)}
        for source in sources:
            page = existing.get(source.slug)
            if page is None:
                outcomes.append(Outcome(source, "create", None if dry_run else create_shell(source, index)))
            else:
                outcomes.append(Outcome(source, "skip" if keep_existing else "update", page))
        # Pages exist before bodies are written, so essays of one run can link to each other.
        pages = [(outcome.source, outcome.page) for outcome in outcomes if outcome.page is not None]
        run_links = RunLinks(
            by_file={source.path.resolve(): page for source, page in pages},
            by_old_path={path: page for source, page in pages for path in source.old_paths},
            old_url=old_url.rstrip("/") if old_url else None,
        )
        for number, outcome in enumerate(outcomes, start=1):
            if progress:
                progress(number)
            if outcome.action == "skip" or outcome.page is None:
                continue
            changed = write_essay(outcome, site_root, uploads, run_links, tags, publish=not dry_run)
            if outcome.action == "update" and not changed:
                outcome.action = "unchanged"
        outcomes.redirects = keep_old_addresses(outcomes, site)
        if dry_run:
            transaction.set_rollback(True)
        else:
            written = [outcome.page for outcome in outcomes if outcome.action in {"create", "update"}]
            index_objects(EssayPage, written)
            for model, items in uploads.added.items():
                index_objects(model, items)
    return outcomes


def create_shell(source, index):
    """A new, not yet live page holding the essay's fields, so that links to it can be resolved."""
    page = EssayPage(
        title=source.title,
        slug=source.slug,
        description=source.description,
        date=source.date,
        live=False,
        body=[{"type": "paragraph", "value": "<p></p>"}],
    )
    try:
        index.add_child(instance=page)
    except ValidationError as error:
        raise EssayFileError(source.path, 1, " ".join(error.messages)) from error
    return page


def write_essay(outcome, site_root, uploads, run_links, tags, *, publish):
    """Save the essay as a new revision (published unless it is a draft); False if nothing would change."""
    source = outcome.source
    new = outcome.action == "create"
    # A page made by this run has no revision, nor anything to compare with.
    page = outcome.page if new else outcome.page.get_latest_revision_as_object()
    before = None if new else essay_state(page)
    page.title = source.title
    page.description = source.description
    page.date = source.date
    page.featured = source.featured
    page.tags.set([tags[name] for name in source.tags])
    page.body = body_data(source, site_root, uploads, run_links)
    needs_publishing = not source.draft and (not outcome.page.live or outcome.page.has_unpublished_changes)
    if not new and essay_state(page) == before and not needs_publishing:
        return False
    if publish:
        # Publishing now validates the page (Page.save runs full_clean on a live page), so such a revision is only
        # made safe first; a draft, or a page scheduled to go live later, is validated here.
        publishing_now = not source.draft and page.go_live_at is None
        try:
            if publishing_now:
                page.clean_input()
            else:
                page.full_clean()
            revision = page.save_revision(log_action=True, clean=False)
            if not source.draft:
                revision.publish()
        except ValidationError as error:
            raise EssayFileError(source.path, 1, " ".join(error.messages)) from error
        fetch_stills_after_commit(videos_on(page), source.warnings.append)
    return True


def essay_state(page):
    """What an import sets on a page, in a form that compares equal when nothing changed."""
    # Each value read through its block, so that a value as the importer writes it (a video without a thumbnail)
    # compares equal to the same value as stored.
    body = [(child.block_type, child.block.get_prep_value(child.value)) for child in page.body]
    return (
        page.title,
        page.description,
        page.date,
        page.featured,
        sorted(tag.name.lower() for tag in page.tags.all()),
        body,
    )
