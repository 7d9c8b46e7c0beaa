"""Essay files read and checked: encoding, front matter, plain text; the body goes to the Markdown reader."""

import datetime
import re
from html import escape as escape_text
from html import unescape as html_unescape
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from blog.importing.markdown import MarkdownReader
from blog.importing.sources import EssayFileError, EssaySource, RichTextPart, inside_folder
from blog.models import EssayPage, validate_essay_slug
from blog.tags import slug_for
from portfolio.pages.slugs import cut_slug
from portfolio.pages.text import clean_text

FRONT_MATTER_KEYS = ("title", "description", "date", "tags", "featured", "slug", "draft")
DESCRIPTION_LENGTH = 200  # what a derived description aims for; the field holds 300
TITLE_LENGTH = EssayPage._meta.get_field("title").max_length
# A slug is never given a suffix to make it unique: it is how a re-import finds its essay.
SLUG_LENGTH = EssayPage._meta.get_field("slug").max_length
SLUG = re.compile(r"^[-\w]+$")  # letters of any script, as Wagtail's slugs
# Front matter is a few short values. Aliases (&name ... *name) can make a few lines stand for billions of values
# ("billion laughs"); a key whose value would be more than this many, written out, is refused before it is built.
VALUES_PER_KEY = 1000


class FrontMatterLoader(yaml.SafeLoader):
    """YAML that keeps dates as text, so that an impossible date is reported as a bad date."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_essay_file(path, *, folder=None, title=None, date=None, tags=None):
    """Read one .md or .txt file into an EssaySource; raise EssayFileError on the first problem.

    Every file read must be inside the folder (by default the file's own): a link or a symlink out of it is refused.
    """
    path = Path(path)
    folder = Path(folder or path.parent).resolve()
    if not inside_folder(path, folder):
        raise EssayFileError(path, 1, f"the file leads outside the folder being imported ({folder}); it was not read")
    text = decode(path)
    if path.suffix.lower() == ".md":
        return read_markdown(path, folder, text)
    if path.suffix.lower() == ".txt":
        return read_plain_text(path, folder, text, title=title, date=date, tags=tags)
    raise EssayFileError(path, 1, "not an essay file: use .md (Markdown) or .txt (plain text)")


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


def read_markdown(path, folder, text):
    front_matter, lines, body, body_line = split_front_matter(path, text)
    unknown = [key for key in front_matter if key not in FRONT_MATTER_KEYS]
    if unknown:
        raise EssayFileError(
            path,
            lines[unknown[0]],
            f"unknown front matter key {shown(unknown[0])} (expected one of: {', '.join(FRONT_MATTER_KEYS)})",
        )
    title = front_matter.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        raise EssayFileError(path, lines.get("title", 1), "missing title: add 'title: ...' to the front matter")
    title = text_value(path, lines, "title", title).strip()
    check_title(path, lines["title"], title)
    draft = parse_flag(path, lines.get("draft"), "draft", front_matter.get("draft", False))
    # A draft without a date shows the day it first goes live.
    if "date" not in front_matter and not draft:
        raise EssayFileError(path, 1, "missing date: add 'date: YYYY-MM-DD' to the front matter")
    if "slug" in front_matter:
        slug = text_value(path, lines, "slug", front_matter["slug"])
        check_slug(path, lines["slug"], slug)
    else:
        slug = default_slug(path, title)

    source = EssaySource(
        path=path,
        folder=folder,
        slug=slug,
        title=title,
        description="",
        date=parse_date(path, lines.get("date"), "date", front_matter["date"]) if "date" in front_matter else None,
        tags=parse_tags(path, lines.get("tags"), "tags", front_matter.get("tags", [])),
        featured=parse_flag(path, lines.get("featured"), "featured", front_matter.get("featured", False)),
        draft=draft,
    )
    description = front_matter.get("description")
    if description is not None:
        description = text_value(path, lines, "description", description).strip()
        if len(description) > 300:
            raise EssayFileError(path, lines["description"], "description is longer than 300 characters")
    MarkdownReader(source, body, body_line).read()
    source.description = description or describe(first_text(source))
    check_source(source)
    return source


def text_value(path, lines, key, value):
    """The value, which YAML must have read as text (title: 1984 is a number)."""
    if not isinstance(value, str):
        raise EssayFileError(path, lines[key], f"{key} must be text, not {shown(value)}; put it in quotes")
    return value


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


def default_slug(path, title):
    """The file name as a slug or, when it has no letter or digit (🎸.md), the title; cut at a word to fit."""
    slug = slugify(path.stem) or slugify(path.stem, allow_unicode=True) or slugify(title) or slug_for(title)
    slug = cut_slug(slug, SLUG_LENGTH)
    if not slug:
        raise EssayFileError(path, 1, "neither the file name nor the title makes a slug; add 'slug: ...'")
    try:
        validate_essay_slug(slug)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise EssayFileError(path, 1, f"{message} (It comes from the file name; 'slug: ...' sets another.)") from None
    return slug


def split_front_matter(path, text):
    """The front matter as a dict, the line of each key, the Markdown body and the line it starts on."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise EssayFileError(path, 1, "missing front matter: start the file with a '---' line, then title, date...")
    try:
        end = next(index for index, line in enumerate(lines[1:], start=1) if line.strip() in {"---", "..."})
    except StopIteration:
        raise EssayFileError(path, 1, "the front matter opened with '---' is never closed with another '---'") from None
    data, key_lines = read_front_matter(path, "\n".join(lines[1:end]))
    return data, key_lines, "\n".join(lines[end + 1 :]), end + 2


def read_front_matter(path, text):
    """The front matter's values and the line of each key; each value is measured before it is built."""
    loader = FrontMatterLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise EssayFileError(path, 2, "the front matter must be 'key: value' lines")
        data, key_lines = {}, {}
        for key, value in node.value:
            line = key.start_mark.line + 2
            if not isinstance(key, yaml.ScalarNode):
                raise EssayFileError(path, line, "a front matter key must be a name, such as 'title'")
            if expands_beyond(value, VALUES_PER_KEY):
                raise EssayFileError(
                    path,
                    line,
                    f"'{key.value}' stands for more than {VALUES_PER_KEY} values once its aliases (*name) "
                    "are written out; front matter needs no aliases",
                )
            try:
                data[key.value] = cleaned(loader.construct_object(value, deep=True))
            except ValueError:  # Python reads no integer of more than 4,300 digits
                raise EssayFileError(path, line, f"'{key.value}' holds a number too long to read") from None
            key_lines[key.value] = line
        return data, key_lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise EssayFileError(path, line, f"bad YAML in front matter: {problem}") from None
    except RecursionError:
        raise EssayFileError(path, 2, "bad YAML in front matter: lists or mappings nested too deeply") from None
    finally:
        loader.dispose()


def expands_beyond(node, limit):
    """Whether a YAML node holds more than limit values with its aliases written out; counts at most limit + 1."""
    waiting, count = [node], 0
    while waiting and count <= limit:
        node = waiting.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            waiting += node.value
        elif isinstance(node, yaml.MappingNode):
            waiting += [part for pair in node.value for part in pair]
    return count > limit


def cleaned(value):
    """A front matter value with the characters XML and HTML cannot carry removed, as YAML escapes can write them."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if isinstance(value, dict):
        return {cleaned(key): cleaned(item) for key, item in value.items()}
    return value


def shown(value):
    """A front matter value as an error message quotes it: text cut short, anything else by its kind, never whole
    (aliases can make a short list of a billion items)."""
    if isinstance(value, str):
        return f"'{value[:60]}…'" if len(value) > 60 else f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return "empty"
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else type(value).__name__


def parse_date(path, line, name, value):
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise EssayFileError(path, line or 1, f"{name} must be a date written YYYY-MM-DD, not {shown(value)}")
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise EssayFileError(path, line or 1, f"{name} {shown(value)} is not a date; write it as YYYY-MM-DD") from None


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


def parse_flag(path, line, name, value):
    if not isinstance(value, bool):
        raise EssayFileError(path, line or 1, f"{name} must be true or false, not {shown(value)}")
    return value


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
