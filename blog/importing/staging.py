"""Files an import adds wait in a staging folder until its pages are committed, then move into the media folder.

A run that fails, or is stopped, deletes what it staged; a run that is killed leaves its staging folder behind, and
the next run settles it. Either way the database decides: a staged file whose image or document row was committed
is moved into place, any other is deleted. So an import leaves no file in the media folder that no row names.
"""

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

# Inside the media folder, so that moving a file into place is a rename on the same disk; readable by the site's
# own user alone, so that a web server serving the media folder shows nothing of it.
FOLDER = ".import-staging"


class Staging:
    """One run's staging folder, as a context manager. Runs take turns; each first settles what killed runs left."""

    def __enter__(self):
        root = Path(settings.MEDIA_ROOT) / FOLDER
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.lock = os.open(root, os.O_RDONLY)
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX)  # released by the system if the holder is killed
            for folder in root.iterdir():
                settle(folder)
            self.folder = Path(tempfile.mkdtemp(dir=root))
        except BaseException:
            os.close(self.lock)
            raise
        return self

    def __exit__(self, error_type, error, traceback):
        try:
            settle(self.folder)
        except Exception:
            if error_type is None:
                raise
            # The run failed already, perhaps with the database gone: the next run settles the folder.
        finally:
            os.close(self.lock)

    def save(self, item, path):
        """Stage a copy of the file for the image or document under the name it will have in the media folder;
        return that name."""
        field = item._meta.get_field("file")
        storage = StagingStorage(self.folder, field.storage)
        with path.open("rb") as file:
            return storage.save(field.generate_filename(item, path.name), File(file), max_length=field.max_length)


class StagingStorage(FileSystemStorage):
    """A run's staging folder, in which a name is free only if the media folder does not have it either."""

    def __init__(self, location, media):
        super().__init__(location=location)
        self.media = media

    def exists(self, name):
        return super().exists(name) or self.media.exists(name)


class StagedFile(File):
    """A staged file, which a FileSystemStorage moves into place, as it does a large upload, instead of copying."""

    def temporary_file_path(self):
        return self.file.name


def settle(folder):
    """Move the folder's files that a committed image or document names into the media folder; delete the rest."""
    staged = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}
    for model in (get_image_model(), get_document_model()):
        field = model._meta.get_field("file")
        for pk, name in model.objects.filter(file__in=list(staged)).values_list("pk", "file"):
            with staged.pop(name).open("rb") as file:
                saved = field.storage.save(name, StagedFile(file), max_length=field.max_length)
            if saved != name:  # the name was taken in the media folder meanwhile
                model.objects.filter(pk=pk).update(file=saved)
    shutil.rmtree(folder)
