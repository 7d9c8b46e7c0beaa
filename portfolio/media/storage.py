"""Uploads on a disk that is full or read-only: no partial file is kept, and the author is told why."""

import errno
import logging
import os

from django.contrib import messages
from django.core.files.storage import FileSystemStorage
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

logger = logging.getLogger(__name__)

REASONS = {
    errno.ENOSPC: "the server's disk is full",
    errno.EDQUOT: "the server's disk quota is used up",
    errno.EROFS: "the server's media folder is read-only",
    errno.EACCES: "the server may not write to its media folder",
    errno.EPERM: "the server may not write to its media folder",
}


class MediaStorage(FileSystemStorage):
    """Django's file storage, except that a file it could not finish writing is removed, not left half-written."""

    def _save(self, name, content):
        # Storage.save() has just found the name free, so a file there after a failure is this one's beginning.
        was_free = not os.path.lexists(self.path(name))
        try:
            return super()._save(name, content)
        except OSError:
            if was_free:
                try:
                    os.remove(self.path(name))
                except FileNotFoundError:
                    pass
            raise


class UploadNotSavedMiddleware:
    """An admin form whose file the disk refused shows the author why, instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        reason = isinstance(exception, OSError) and REASONS.get(exception.errno)
        if not reason or request.method != "POST" or not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        names = ", ".join(file.name for file in request.FILES.values()) or "the file"
        logger.error("Upload not saved at %s (%s): %s", request.path, names, exception)
        message = (
            f"{names} could not be saved: {reason}. Nothing was stored. "
            "Upload it again once whoever runs the server has made room or fixed the folder."
        )
        # The multiple uploader shows the error of each file it sent; the other forms show messages.
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return JsonResponse({"success": False, "error_message": message})
        messages.error(request, message)
        return redirect(request.get_full_path())
