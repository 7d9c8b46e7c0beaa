"""Essay files read and checked: encoding, front matter, plain text; the body goes to the Markdown reader."""

import datetime
import re
from html import escape as escape_text
from html import unescape as html_unescape
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from blog.importing.addresses import old_paths
from blog.importing.front_matter import read_date, read_front_matter, read_tags, shown
from blog.importing.markdown import MarkdownReader, markdown, plain_text
from blog.importing.sources import EssayFileError, EssayFileErrors, EssaySource, RichTextPart, inside_folder
from blog.models import EssayPage, validate_essay_slug
from blog.tags import slug_for
from portfolio.pages.slugs import cut_slug
from portfolio.pages.text import clean_text

DESCRIPTION_LENGTH = 200  # what a derived description aims for; the field holds 300
TITLE_LENGTH = EssayPage._meta.get_field("title").max_length
# A slug is never given a suffix to make it unique: it is how a re-import finds its essay.
SLUG_LENGTH = EssayPage._meta.get_field("slug").max_length
SLUG = re.compile(r"^[-\w]+$")  # letters of any script, as Wagtail's slugs
MARKDOWN_SUFFIXES = {".md", ".markdown"}  # Jekyll's posts are often .markdown
ESSAY_SUFFIXES = MARKDOWN_SUFFIXES | {".txt"}
JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")  # a Jekyll post: 2024-06-01-slug.md


def read_essay_file(path, *, folder=None, title=None, date=None, tags=None, root=None, downloads=None):
    """Read one .md or .txt file into an EssaySource; raise EssayFileError on the first problem.

    Every file read must be inside the folder (by default the file's own): a link or a symlink out of it is refused.
    Site-absolute paths (/assets/x.png) are read inside root; remote images are fetched with downloads, if given.
    """
    path = Path(path)
    folder = Path(folder or path.parent).resolve()
    if not inside_folder(path, folder):
        raise EssayFileError(path, 1, f"the file leads outside the folder being imported ({folder}); it was not read")
    text = decode(path)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        root = Path(root).resolve() if root else None
        return read_markdown(path, folder, text, date=date, root=root, downloads=downloads)
    if path.suffix.lower() == ".txt":
        return read_plain_text(path, folder, text, title=title, date=date, tags=tags)
    raise EssayFileError(path, 1, "not an essay file: use .md or .markdown (Markdown) or .txt (plain text)")


def decode(path):
    """The file as text with \\n line endings; UTF-8, with or without a byte-order mark."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EssayFileError(path, 1, f"cannot read the file: {error.strerror}") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise EssayFileError(
            path, line, f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"
        ) from error
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def read_plain_text(path, folder, text, *, title, date, tags):
    """A .txt essay: one paragraph per line; the title, date and tags come from the command line."""
    title = clean_text(title or "").strip()
    if not title:
        raise EssayFileError(path, 1, "a plain-text essay has no title of its own; give one with --title")
    check_title(path, 1, title)
    if not date:
        raise EssayFileError(path, 1, "a plain-text essay has no date of its own; give one with --date YYYY-MM-DD")
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if not paragraphs:
        raise EssayFileError(path, 1, "the file is empty")
    source = EssaySource(
        path=path,
        folder=folder,
        slug=default_slug(path, title),
        title=title,
        description=describe(paragraphs[0]),
        date=parse_date(path, 1, "--date", date),
        tags=parse_tags(path, 1, "--tags", clean_text(tags or "")),
    )
    html = "".join(f"<p>{escape_text(paragraph, quote=False)}</p>" for paragraph in paragraphs)
    source.blocks.append(("paragraph", RichTextPart(html)))
    check_source(source)
    return source


def read_markdown(path, folder, text, *, date=None, root=None, downloads=None):
    """A Markdown essay; every problem of the file is reported together (EssayFileErrors)."""
    problems = []
    front = read_front_matter(path, text, problems)
    values, lines = front.values, front.lines
    title, title_line = values.get("title"), lines.get("title", 1)
    if not title:
        title, heading_line = first_heading(front.body, front.body_line)
        title_line = heading_line or title_line
    if not title and "title" not in front.failed:  # a title of the wrong kind is reported already
        problems.append(
            EssayFileError(
                path,
                title_line,
                "missing title: add 'title: ...' to the front matter, or start the body with a '# Title' heading",
            )
        )
    title = title or path.stem
    attempt(problems, check_title, path, title_line, title)

    draft = values.get("draft", False)
    named = JEKYLL_NAME.match(path.stem)
    essay_date = values.get("date")
    if essay_date is None and named:
        front.failed.add("date")  # reported by parse_date if the name's date is wrong
        essay_date = attempt(problems, parse_date, path, 1, "the date in the file name", named.group(1))
    if essay_date is None and date:
        essay_date = attempt(problems, parse_date, path, 1, "--date", date)
    if essay_date is None and not front.present:
        essay_date = datetime.date.fromtimestamp(path.stat().st_mtime)
    # A draft without a date shows the day it first goes live.
    if essay_date is None and not draft and "date" not in front.failed:
        problems.append(EssayFileError(path, 1, "missing date: add 'date: YYYY-MM-DD' to the front matter"))

    if "slug" in values:
        slug = values["slug"]
        attempt(problems, check_slug, path, lines["slug"], slug)
    else:
        slug = attempt(problems, default_slug, path, title, slug_name(path, named)) or path.stem

    description = values.get("description")
    if description and len(description) > 300:
        problems.append(EssayFileError(path, lines["description"], "description is longer than 300 characters"))
    source = EssaySource(
        path=path,
        folder=folder,
        slug=slug,
        title=title,
        description="",
        date=essay_date,
        tags=unique_tags(values.get("tags", [])),
        featured=values.get("featured", False),
        draft=draft,
        generator=front.generator,
        old_addresses=values.get("old_addresses", []),
        unknown_keys=front.unknown,
    )
    categories = front.raw.get("categories", front.raw.get("category", []))
    try:
        categories = read_tags("categories", categories, front.generator)
    except ValueError:
        categories = []  # reported with the tags
    name = slug if "slug" in values else re.sub(r"\s+", "-", slug_name(path, named).strip().lower())
    source.old_paths = old_paths(source, categories, name, own_address=bool({"permalink", "url"} & set(front.raw)))
    if not front.present:
        dated = f"--date ({essay_date})" if date else f"the file's modification date ({essay_date})"
        source.warnings.append(
            f"{path}:1: no front matter: the title comes from the first '#' heading and the date from {dated}"
        )
    MarkdownReader(source, front.body, front.body_line, root=root, downloads=downloads).read()
    source.description = description or describe(first_text(source))
    if not source.problems:  # a body whose every block was refused is not reported as empty too
        attempt(problems, check_source, source)
    problems += source.problems
    if problems:
        raise EssayFileErrors(sorted(problems, key=problem_line))
    return source


def attempt(problems, check, *args):
    """Run a check, adding its EssayFileError to problems instead of stopping at it; its result or None."""
    try:
        return check(*args)
    except EssayFileError as error:
        problems.append(error)
        return None


def problem_line(error):
    return int(re.search(r":(\d+): ", str(error)).group(1))


def first_heading(body, body_line):
    """The text and line of the body's first level-1 heading, which titles a file with no front matter."""
    for token_index, token in enumerate(markdown.parse(body)):
        if token.type == "heading_open" and token.tag == "h1":
            inline = markdown.parse(body)[token_index + 1]
            return plain_text(inline).strip(), body_line + token.map[0]
    return None, None


def slug_name(path, named):
    """What a slug is made from without 'slug:': a Hugo page bundle's folder (post/index.md), a Jekyll post's name
    without its date (2024-06-01-hello.md), or the file's own name."""
    if path.stem in {"index", "_index"}:
        return path.parent.name
    return named.group(2) if named else path.stem


def unique_tags(tags):
    """Tags without blanks and case-insensitive repeats, in the order written."""
    unique, seen = [], set()
    for tag in tags:
        if tag.lower() not in seen:
            seen.add(tag.lower())
            unique.append(tag)
    return unique


def check_title(path, line, title):
    if len(title) > TITLE_LENGTH:
        raise EssayFileError(
            path, line, f"title is {len(title)} characters long; a title holds at most {TITLE_LENGTH}: shorten it"
        )


def check_slug(path, line, slug):
    """A slug from the front matter: not too long, letters, digits, '-' and '_', and none the essay index uses."""
    if len(slug) > SLUG_LENGTH:
        raise EssayFileError(
            path, line, f"slug is {len(slug)} characters long; a slug holds at most {SLUG_LENGTH}: shorten it"
        )
    if not SLUG.match(slug) or slug != slug.lower():
        raise EssayFileError(
            path, line, f"slug {shown(slug)} may hold only lowercase letters, digits, hyphens and underscores"
        )
    try:
        validate_essay_slug(slug)
    except ValidationError as error:
        raise EssayFileError(path, line, " ".join(error.messages)) from None


def default_slug(path, title, name=None):
    """The file name as a slug or, when it has no letter or digit (🎸.md), the title; cut at a word to fit."""
    name = name or path.stem
    slug = slugify(name) or slugify(name, allow_unicode=True) or slugify(title) or slug_for(title)
    slug = cut_slug(slug, SLUG_LENGTH)
    if not slug:
        raise EssayFileError(path, 1, "neither the file name nor the title makes a slug; add 'slug: ...'")
    try:
        validate_essay_slug(slug)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise EssayFileError(path, 1, f"{message} (It comes from the file name; 'slug: ...' sets another.)") from None
    return slug


def parse_date(path, line, name, value):
    try:
        return read_date(name, value, None)
    except ValueError as error:
        raise EssayFileError(path, line or 1, str(error)) from None


def parse_tags(path, line, name, value):
    """Tags from a list or a comma-separated string, blanks and case-insensitive repeats dropped."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(tag, (str, int, float)) for tag in value):
        raise EssayFileError(path, line or 1, f"{name} must be a list of names or a comma-separated string")
    tags, seen = [], set()
    for tag in (str(tag).strip() for tag in value):
        if len(tag) > 100:
            raise EssayFileError(path, line or 1, f"tag '{tag[:30]}...' is longer than 100 characters")
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags


def describe(text):
    """A listing description from the start of the text: whole sentences, or words cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    description = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(description) + len(sentence) + 1 > DESCRIPTION_LENGTH:
            break
        description = f"{description} {sentence}".strip()
    return description or text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def first_text(source):
    """The text of the body's first paragraph, or the title when the body starts otherwise."""
    for block_type, value in source.blocks:
        if block_type == "paragraph":
            first = re.match(r"<p>(.*?)</p>", value.html)
            if first:
                return html_unescape(re.sub(r"<[^>]+>|\x00\d+\x00", "", first.group(1)))
    return source.title


def duplicate_slugs(sources):
    """An error for each source whose slug an earlier source of the run already has."""
    first_by_slug, errors = {}, []
    for source in sources:
        if source.slug in first_by_slug:
            errors.append(f"{source.path}:1: slug '{source.slug}' is also the slug of {first_by_slug[source.slug]}")
        else:
            first_by_slug[source.slug] = source.path
    return errors


def check_source(source):
    """Errors the page itself would raise: a body, and what each block accepts."""
    if not source.blocks:
        raise EssayFileError(source.path, 1, "the essay has no body")
