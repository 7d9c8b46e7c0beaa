"""The admin's "Import Markdown" (a dry run first, then the import) and "Export as Markdown" (one essay, or all as
a zip): the importer and exporter of `import_essays` and `export_essays` behind forms."""

import shutil
import tempfile
import time
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from blog.exporting import export_essays, zip_folder
from blog.importing import EssayFileError, import_essays
from blog.importing.downloads import Downloads
from blog.importing.runs import essay_files, outcome_lines, read_all, summary_lines, warnings_of
from blog.models import EssayIndexPage, EssayPage

# Uploads wait here between the dry run and the import; a day later they are deleted.
UPLOADS = Path(tempfile.gettempdir()) / "essay-uploads"
KEPT_FOR = 24 * 3600
MAX_FILES = 5000  # in a zip
MAX_UNZIPPED = 500 * 1024 * 1024  # bytes, all files of a zip together: a zip bomb stops here
SIGNER = signing.TimestampSigner(salt="blog.import-markdown")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".md,.markdown,.txt,.zip,image/*,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Markdown files or a zip of a blog",
        help_text="Essays (.md, .markdown) with their images and documents, or one .zip of a whole blog's folder.",
    )


def essay_index_for(user, *, publishing):
    """The essay index, if the user may add (and publish) essays under it."""
    index = EssayIndexPage.objects.first()
    if index is None:
        raise PermissionDenied
    permissions = index.permissions_for_user(user)
    if not permissions.can_add_subpage() or (publishing and not permissions.can_publish_subpage()):
        raise PermissionDenied
    return index


def import_markdown(request):
    """Upload, dry run and report; then, confirmed, the same files imported with the same report."""
    index = essay_index_for(request.user, publishing=True)
    context = {"page_title": "Import Markdown", "header_icon": "upload", "form": ImportForm()}
    if request.method == "POST" and "token" in request.POST:
        folder = upload_folder(request.POST["token"])
        context.update(run(folder, index, dry_run=False))
        shutil.rmtree(folder, ignore_errors=True)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            folder = UPLOADS / uuid.uuid4().hex
            try:
                store(form.cleaned_data["files"], folder)
            except ValueError as error:
                form.add_error("files", str(error))
                shutil.rmtree(folder, ignore_errors=True)
            else:
                context.update(run(folder, index, dry_run=True))
                context["token"] = SIGNER.sign(folder.name)
    return TemplateResponse(request, "blog/admin/import_markdown.html", context)


def upload_folder(token):
    """The folder of an earlier upload, named by a token this site signed less than a day ago."""
    try:
        name = SIGNER.unsign(token, max_age=KEPT_FOR)
    except signing.BadSignature:
        raise PermissionDenied from None
    folder = UPLOADS / name
    if not folder.is_dir():
        raise PermissionDenied
    return folder


def store(files, folder):
    """Save the uploaded files into the folder, a zip unpacked; ValueError on a zip that is not safe to unpack."""
    forget_old_uploads()
    folder.mkdir(parents=True, mode=0o700)
    for upload in files:
        if upload.name.lower().endswith(".zip"):
            unzip(upload, folder)
        else:
            with (folder / Path(upload.name).name).open("wb") as file:
                for chunk in upload.chunks():
                    file.write(chunk)


def unzip(upload, folder):
    """A zip's files inside the folder: none outside it, none hidden, not too many nor too large."""
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise ValueError(f"{upload.name} is not a zip file.") from None
    with archive:
        members = [member for member in archive.infolist() if not member.is_dir()]
        if len(members) > MAX_FILES or sum(member.file_size for member in members) > MAX_UNZIPPED:
            raise ValueError(f"{upload.name} holds more than {MAX_FILES} files or {MAX_UNZIPPED:,} bytes.")
        for member in members:
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
                raise ValueError(f"{upload.name}: '{member.filename}' would be written outside its folder.")
            if any(part.startswith(".") or part == "__MACOSX" for part in name.parts):
                continue
            target = folder.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, target.open("wb") as file:
                shutil.copyfileobj(source, file)


def forget_old_uploads():
    """Delete uploads whose import was never confirmed."""
    if UPLOADS.is_dir():
        for folder in UPLOADS.iterdir():
            if folder.stat().st_mtime < time.time() - KEPT_FOR:
                shutil.rmtree(folder, ignore_errors=True)


def run(folder, index, *, dry_run):
    """The importer on the folder: its report, with paths shown from the folder."""
    shown = f"{folder}/"
    try:
        files = essay_files([folder])
    except ValueError:
        return {"errors": ["No .md, .markdown or .txt file among the files sent."]}
    with Downloads() as downloads:
        sources, errors = read_all(files, downloads=downloads)
        if errors:
            return {"errors": [error.replace(shown, "") for error in errors]}
        try:
            outcomes = import_essays(sources, index, dry_run=dry_run)
        except EssayFileError as error:
            return {"errors": [str(error).replace(shown, "")]}
    return {
        "dry_run": dry_run,
        "outcomes": [line.replace(shown, "") for line in outcome_lines(outcomes, dry_run=dry_run)],
        "warnings": [warning.replace(shown, "") for warning in warnings_of(outcomes)],
        "summary": [line.replace(shown, "") for line in summary_lines(outcomes, dry_run=dry_run)],
    }


def export_essay(request, page_id):
    """One essay as a zip: its Markdown file, its images and documents beside it."""
    essay = get_object_or_404(EssayPage, pk=page_id)
    if not essay.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return zipped(EssayPage.objects.filter(pk=essay.pk), f"{essay.slug}.zip")


def export_all(request):
    """Every essay as a zip, as `export_essays` writes them."""
    essay_index_for(request.user, publishing=False)
    return zipped(EssayPage.objects.all(), "essays.zip")


def zipped(essays, name):
    with tempfile.TemporaryDirectory(prefix="essay-export-") as folder:
        export_essays(folder, essays)
        archive = tempfile.TemporaryFile()  # deleted when the response is closed
        zip_folder(folder, archive)
    archive.seek(0)
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")


def export_url(essay):
    return reverse("blog_export_essay", args=[essay.pk])
