"""What reading an essay file produces, before anything is written."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


def inside_folder(path, folder):
    """Whether a path, with every symlink and '..' followed, is inside the (resolved) folder."""
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        return False


class EssayFileError(Exception):
    """A problem in an input file, reported as path:line: message."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.line, self.reason = line, message  # apart, for the editor, which has no file to name
        self.messages = [str(self)]


class EssayFileErrors(EssayFileError):
    """Every problem found in one file, so that a run reports them all at once instead of one per run."""

    def __init__(self, errors):
        Exception.__init__(self, "\n".join(str(error) for error in errors))
        self.messages = [message for error in errors for message in error.messages]


@dataclass
class LocalFile:
    """An image or document beside an essay, uploaded when the essay is written."""

    path: Path


@dataclass
class EssayFileLink:
    """A link to another essay's Markdown file (other-post.md), which becomes a link to its page."""

    path: Path  # resolved
    href: str  # as written, kept when the file is not among the essays imported
    line: int


@dataclass
class RichTextPart:
    html: str  # may hold link placeholders, filled in when links are resolved
    plain_line: str | None = None  # the text, when the part is a one-line paragraph without markup


@dataclass
class EssaySource:
    path: Path
    folder: Path  # resolved; every file the essay uses must be inside it
    slug: str
    title: str
    description: str
    date: datetime.date | None
    tags: list
    featured: bool = False
    draft: bool = False
    generator: str | None = None  # "astro", "hugo" or "jekyll" when the front matter or file name tells
    old_addresses: list = field(default_factory=list)  # where the essay was on the old site, as written
    old_paths: list = field(default_factory=list)  # the same, and its generator's default, as redirect paths
    unknown_keys: dict = field(default_factory=dict)  # front matter key: line, for keys the site has no use for
    blocks: list = field(default_factory=list)  # (block type, value) in body order
    links: list = field(default_factory=list)  # hrefs or LocalFiles, one for each link placeholder
    warnings: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # EssayFileErrors met while reading; any one refuses the file


def without_placeholders(value):
    """The value with each link placeholder as a plain link and no file yet, as a block can validate it."""
    if isinstance(value, LocalFile):
        return None
    return filled(value, defaultdict(lambda: '<a href="#">'))


def filled(value, link_tags):
    """The value with the link placeholders of all its text filled in, however deep (table cells, notes)."""
    if isinstance(value, LocalFile):
        return None  # settled by the writer, once the file is in the library
    if isinstance(value, RichTextPart):
        return fill_links(value.html, link_tags)
    if isinstance(value, dict):
        return {key: filled(item, link_tags) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item, link_tags) for item in value]
    return fill_links(value, link_tags) if isinstance(value, str) else value


def link_placeholder(number):
    # Markdown text never holds NUL (CommonMark replaces it), so the placeholder cannot clash with prose.
    return f"\x00{number}\x00"


def fill_links(html, link_tags):
    return re.sub(r"\x00(\d+)\x00", lambda match: link_tags[int(match.group(1))], html)
