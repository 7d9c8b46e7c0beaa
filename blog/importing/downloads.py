"""Remote images of an essay fetched into a folder of the run, so that they go into the media library like local
ones and no published page loads anything from the old host."""

import mimetypes
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

# Seconds to wait for an image's host to answer or send the next part of the file.
DOWNLOAD_TIMEOUT = 15
CHUNK = 64 * 1024


class DownloadError(Exception):
    """An image that could not be fetched, with the reason as the message."""


class Downloads:
    """Images fetched by one run, each once, into a temporary folder that is deleted when the run ends."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="essay-downloads-"))
        self.fetched = {}

    def __enter__(self):
        return self

    def __exit__(self, *error):
        shutil.rmtree(self.folder, ignore_errors=True)

    def fetch(self, url):
        """The downloaded file for an image URL; DownloadError if it is too large, not there or too slow."""
        if url not in self.fetched:
            self.fetched[url] = self.download(url)
        return self.fetched[url]

    def download(self, url):
        limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        request = urllib.request.Request(url, headers={"User-Agent": "essay-import"})
        try:
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
                length = int(response.headers.get("Content-Length") or 0)
                if length > limit:
                    raise DownloadError(f"it is {length:,} bytes; an image may be at most {limit:,}")
                path = self.folder / str(len(self.fetched)) / file_name(url, response.headers.get_content_type())
                path.parent.mkdir()
                size = 0
                with path.open("wb") as file:
                    while chunk := response.read(CHUNK):
                        size += len(chunk)
                        if size > limit:
                            raise DownloadError(f"it is more than {limit:,} bytes; an image may be at most {limit:,}")
                        file.write(chunk)
                return path
        except urllib.error.HTTPError as error:
            raise DownloadError(f"the server answered {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise DownloadError(f"it could not be fetched ({reason})") from None


def file_name(url, content_type):
    """The name the image had on its host, with an extension its type gives when the URL has none."""
    name = re.sub(r"[^\w.-]+", "-", unquote(Path(urlsplit(url).path).name)).strip(".-") or "image"
    if not Path(name).suffix:
        name += mimetypes.guess_extension(content_type) or ""
    return name[-100:]
