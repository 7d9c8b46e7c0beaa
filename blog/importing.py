"""Essays from Markdown and plain-text files, read completely before anything is written.

Reading (`read_essay_file`) checks everything that can be wrong with a file and
turns its body into a plan of blocks. Writing (`import_essays`) resolves links
and uploads images and documents, then saves each essay as a page revision, all
in one transaction.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape as escape_text
from html import unescape as html_unescape
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from markdown_it import MarkdownIt
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Page
from wagtail.utils.file import hash_filelike

from blog.models import EssayPage
from portfolio.blocks import BodyBlock, code_language
from portfolio.video import parse_video_url

FRONT_MATTER_KEYS = ("title", "description", "date", "tags", "featured", "slug", "draft")
DESCRIPTION_LENGTH = 200  # what a derived description aims for; the field holds 300
ATTRIBUTION_PREFIX = re.compile(r"^(?:—|–|--)\s*")
BARE_URL = re.compile(r"^https?://\S+$")
SLUG = re.compile(r"^[-a-z0-9_]+$")

markdown = MarkdownIt("commonmark")


class FrontMatterLoader(yaml.SafeLoader):
    """YAML that keeps dates as text, so that an impossible date is reported as a bad date."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class EssayFileError(Exception):
    """A problem in an input file, reported as path:line: message."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")


@dataclass
class LocalFile:
    """An image or document beside an essay, uploaded when the essay is written."""

    path: Path
    line: int


@dataclass
class RichTextPart:
    html: str  # may hold link placeholders, filled in when links are resolved
    plain_line: str | None = None  # the text, when the part is a one-line paragraph without markup


@dataclass
class EssaySource:
    path: Path
    slug: str
    title: str
    description: str
    date: datetime.date
    tags: list
    featured: bool = False
    draft: bool = False
    blocks: list = field(default_factory=list)  # (block type, value) in body order
    links: list = field(default_factory=list)  # hrefs or LocalFiles, one for each link placeholder
    warnings: list = field(default_factory=list)


# Reading files


def read_essay_file(path, *, title=None, date=None, tags=None):
    """Read one .md or .txt file into an EssaySource; raise EssayFileError on the first problem."""
    path = Path(path)
    text = decode(path)
    if path.suffix.lower() == ".md":
        return read_markdown(path, text)
    if path.suffix.lower() == ".txt":
        return read_plain_text(path, text, title=title, date=date, tags=tags)
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
    # NUL is never text; Markdown would replace it too.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


def read_plain_text(path, text, *, title, date, tags):
    """A .txt essay: one paragraph per line; the title, date and tags come from the command line."""
    if not title:
        raise EssayFileError(path, 1, "a plain-text essay has no title of its own; give one with --title")
    if not date:
        raise EssayFileError(path, 1, "a plain-text essay has no date of its own; give one with --date YYYY-MM-DD")
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if not paragraphs:
        raise EssayFileError(path, 1, "the file is empty")
    source = EssaySource(
        path=path,
        slug=slugify(path.stem),
        title=title,
        description=describe(paragraphs[0]),
        date=parse_date(path, 1, "--date", date),
        tags=parse_tags(path, 1, "--tags", tags or []),
    )
    html = "".join(f"<p>{escape_text(paragraph, quote=False)}</p>" for paragraph in paragraphs)
    source.blocks.append(("paragraph", RichTextPart(html)))
    check_source(source)
    return source


def read_markdown(path, text):
    front_matter, lines, body, body_line = split_front_matter(path, text)
    unknown = [key for key in front_matter if key not in FRONT_MATTER_KEYS]
    if unknown:
        raise EssayFileError(
            path,
            lines[unknown[0]],
            f"unknown front matter key '{unknown[0]}' (expected one of: {', '.join(FRONT_MATTER_KEYS)})",
        )
    title = front_matter.get("title")
    if not isinstance(title, str) or not title.strip():
        raise EssayFileError(path, lines.get("title", 1), "missing title: add 'title: ...' to the front matter")
    if "date" not in front_matter:
        raise EssayFileError(path, 1, "missing date: add 'date: YYYY-MM-DD' to the front matter")
    slug = front_matter.get("slug", slugify(path.stem))
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise EssayFileError(
            path,
            lines.get("slug", 1),
            f"slug '{slug}' may hold only lowercase letters, digits, hyphens and underscores",
        )

    source = EssaySource(
        path=path,
        slug=slug,
        title=title.strip(),
        description="",
        date=parse_date(path, lines.get("date"), "date", front_matter["date"]),
        tags=parse_tags(path, lines.get("tags"), "tags", front_matter.get("tags", [])),
        featured=parse_flag(path, lines.get("featured"), "featured", front_matter.get("featured", False)),
        draft=parse_flag(path, lines.get("draft"), "draft", front_matter.get("draft", False)),
    )
    description = front_matter.get("description")
    if description is not None and not isinstance(description, str):
        raise EssayFileError(path, lines["description"], "description must be text")
    MarkdownReader(source, body, body_line).read()
    source.description = (description or "").strip() or describe(first_text(source))
    check_source(source)
    return source


def split_front_matter(path, text):
    """The front matter as a dict, the line of each key, the Markdown body and the line it starts on."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise EssayFileError(path, 1, "missing front matter: start the file with a '---' line, then title, date...")
    try:
        end = next(index for index, line in enumerate(lines[1:], start=1) if line.strip() in {"---", "..."})
    except StopIteration:
        raise EssayFileError(path, 1, "the front matter opened with '---' is never closed with another '---'") from None
    raw = "\n".join(lines[1:end])
    try:
        node = yaml.compose(raw, Loader=FrontMatterLoader)
        data = yaml.load(raw, Loader=FrontMatterLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise EssayFileError(path, line, f"bad YAML in front matter: {problem}") from error
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise EssayFileError(path, 2, "the front matter must be 'key: value' lines")
    key_lines = {key.value: key.start_mark.line + 2 for key, _value in node.value} if node else {}
    return data, key_lines, "\n".join(lines[end + 1 :]), end + 2


def parse_date(path, line, name, value):
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise EssayFileError(path, line or 1, f"{name} '{value}' is not a date; write it as YYYY-MM-DD") from None


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
        raise EssayFileError(path, line or 1, f"{name} must be true or false, not '{value}'")
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
    """Errors the page itself would raise: field lengths, and what each block accepts."""
    if len(source.title) > 255:
        raise EssayFileError(source.path, 1, "title is longer than 255 characters")
    if len(source.description) > 300:
        raise EssayFileError(source.path, 1, "description is longer than 300 characters")
    if not source.blocks:
        raise EssayFileError(source.path, 1, "the essay has no body")


def plain_text(inline):
    """The text of an inline token without its markup (escapes resolved, emphasis dropped)."""
    return "".join(child.content for child in inline.children if child.type in {"text", "code_inline"})


class MarkdownReader:
    """Turns a Markdown body into blocks: prose runs become paragraph blocks, the rest blocks of their own."""

    def __init__(self, source, body, first_line):
        self.source = source
        self.body = body
        self.first_line = first_line
        self.prose = []  # RichTextParts waiting to become one paragraph block

    def read(self):
        tokens = markdown.parse(self.body)
        index = 0
        while index < len(tokens):
            end = self.closing_index(tokens, index)
            self.read_block(tokens[index : end + 1])
            index = end + 1
        self.flush_prose()

    @staticmethod
    def closing_index(tokens, start):
        """The index of the token that closes the block opened at start (itself for single tokens)."""
        if tokens[start].nesting != 1:
            return start
        depth = 0
        for index in range(start, len(tokens)):
            depth += tokens[index].nesting
            if depth == 0:
                return index
        return len(tokens) - 1

    def line(self, token):
        return self.first_line + (token.map[0] if token.map else 0)

    def error(self, token, message):
        return EssayFileError(self.source.path, self.line(token), message)

    def warn(self, token, message):
        self.source.warnings.append(f"{self.source.path}:{self.line(token)}: {message}")

    def add_block(self, block_type, value, token):
        self.flush_prose()
        if block_type != "image":
            block = BodyBlock.base_blocks[block_type]
            try:
                block.clean(block.to_python(without_placeholders(value)))
            except ValidationError as error:
                raise self.error(token, f"{block_type}: {'; '.join(block_error_messages(error))}") from error
        self.source.blocks.append((block_type, value))

    def flush_prose(self):
        if self.prose:
            html = "".join(part.html for part in self.prose)
            self.source.blocks.append(("paragraph", RichTextPart(html)))
            self.prose = []

    def read_block(self, tokens):
        token = tokens[0]
        kind = token.type
        if kind == "heading_open":
            self.read_heading(token, tokens[1])
        elif kind == "paragraph_open":
            self.read_paragraph(token, tokens[1])
        elif kind in {"bullet_list_open", "ordered_list_open"}:
            self.prose.append(RichTextPart(self.render_blocks(tokens)))
        elif kind == "blockquote_open":
            self.read_quote(token, tokens[1:-1])
        elif kind in {"fence", "code_block"}:
            self.read_code(token)
        elif kind == "hr":
            self.add_block("divider", None, token)
        elif kind == "html_block":
            self.warn(token, "raw HTML is not allowed in essays; it was left out")
        else:
            raise self.error(token, f"unsupported Markdown ({kind})")

    def read_heading(self, token, inline):
        level = int(token.tag[1])
        if level not in {2, 3}:
            shown = 2 if level == 1 else 3
            self.warn(token, f"a level-{level} heading becomes a level-{shown} heading (essays use ## and ###)")
            level = shown
        self.add_block("heading", {"text": plain_text(inline).strip(), "level": str(level)}, token)

    def read_paragraph(self, token, inline):
        children = [child for child in inline.children if not (child.type == "text" and not child.content.strip())]
        if len(children) == 1 and children[0].type == "image":
            return self.read_image(token, children[0])
        video_url = self.video_url(children)
        if video_url:
            caption = ""
            # A bare URL takes the plain line above it as its caption; an <autolink> never does.
            if children[0].type == "text" and self.prose and self.prose[-1].plain_line is not None:
                caption = self.prose.pop().plain_line
            return self.add_block("video", {"url": parse_video_url(video_url).url, "caption": caption}, token)
        plain = inline.children and all(child.type == "text" for child in inline.children)
        self.prose.append(
            RichTextPart(f"<p>{self.render_inline(token, inline.children)}</p>", plain_text(inline) if plain else None)
        )

    @staticmethod
    def video_url(children):
        """The URL when a paragraph is nothing but a YouTube or Vimeo link, bare or <autolinked>."""
        if len(children) == 1 and children[0].type == "text" and BARE_URL.match(children[0].content.strip()):
            url = children[0].content.strip()
        elif (
            len(children) == 3
            and children[0].type == "link_open"
            and children[0].markup == "autolink"
            and children[2].type == "link_close"
        ):
            url = children[0].attrs.get("href", "")
        else:
            return None
        try:
            parse_video_url(url)
        except ValidationError:
            return None
        return url

    def read_image(self, token, image):
        src = image.attrs.get("src", "")
        alt = "".join(child.content for child in image.children or []).strip()
        if not alt:
            raise self.error(token, f"image '{src}' has no alt text: write ![what it shows]({src})")
        local = self.local_file(token, src, "image")
        self.check_image(token, local.path)
        value = {
            "image": {"image": local, "alt_text": alt, "decorative": False},
            "caption": image.attrs.get("title") or "",
        }
        self.add_block("image", value, token)

    def local_file(self, token, src, kind):
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("/"):
            raise self.error(token, f"{kind} '{src}' must be a file beside the essay, given by a relative path")
        path = (self.source.path.parent / src).resolve()
        if not path.is_file():
            raise self.error(token, f"{kind} file '{src}' does not exist (looked for {path})")
        return LocalFile(path=path, line=self.line(token))

    def check_image(self, token, path):
        """The checks the admin's image upload makes: format, file size and pixel count."""
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            WagtailImageField().clean(upload)
        except ValidationError as error:
            raise self.error(token, f"image '{path.name}': {' '.join(error.messages)}") from error

    def read_quote(self, token, inner):
        paragraphs, attribution = [], ""
        index = 0
        while index < len(inner):
            end = self.closing_index(inner, index)
            paragraphs.append(inner[index : end + 1])
            index = end + 1
        last = paragraphs[-1] if paragraphs else None
        if last and last[0].type == "paragraph_open" and ATTRIBUTION_PREFIX.match(plain_text(last[1])):
            attribution = ATTRIBUTION_PREFIX.sub("", plain_text(last[1])).strip()
            paragraphs.pop()
        html = "".join(self.render_blocks(group) for group in paragraphs)
        self.add_block("quote", {"text": html, "attribution": attribution}, token)

    def read_code(self, token):
        info = token.info.split()[0] if token.info.strip() else ""
        language = code_language(info)
        if language is None:
            self.warn(token, f"code language '{info}' is not offered; the code is shown as plain text")
            language = "text"
        self.add_block("code", {"language": language, "source": token.content.rstrip("\n")}, token)

    def render_blocks(self, tokens):
        """Lists and paragraphs as rich-text HTML, in the form Wagtail's editor stores."""
        html, in_item = [], 0
        for token in tokens:
            kind = token.type
            if kind in {"bullet_list_open", "ordered_list_open"}:
                html.append(f"<{token.tag}>")
            elif kind in {"bullet_list_close", "ordered_list_close"}:
                html.append(f"</{token.tag}>")
            elif kind == "list_item_open":
                html.append("<li>")
                in_item += 1
            elif kind == "list_item_close":
                html.append("</li>")
                in_item -= 1
            elif kind == "paragraph_open":
                # A list item holds its text directly; a second paragraph in it becomes a line break.
                if not in_item:
                    html.append("<p>")
                elif html[-1] != "<li>":
                    html.append("<br/>")
            elif kind == "paragraph_close":
                if not in_item:
                    html.append("</p>")
            elif kind == "inline":
                html.append(self.render_inline(token, token.children))
            elif kind in {"fence", "code_block"}:
                self.warn(token, "a code block inside a list or quote becomes inline code")
                html.append(f"<code>{escape_text(token.content.strip(), quote=False)}</code>")
            elif kind == "heading_open":
                self.warn(token, "a heading inside a list or quote becomes plain text")
            elif kind == "html_block":
                self.warn(token, "raw HTML is not allowed in essays; it was left out")
            elif kind in {"heading_close", "hr", "blockquote_open", "blockquote_close"}:
                continue
        return "".join(html)

    def render_inline(self, token, children):
        html = []
        for child in children:
            kind = child.type
            if kind == "text":
                html.append(escape_text(child.content, quote=False))
            elif kind == "softbreak":
                html.append(" ")
            elif kind == "hardbreak":
                html.append("<br/>")
            elif kind in {"strong_open", "strong_close", "em_open", "em_close"}:
                tag = "b" if kind.startswith("strong") else "i"
                html.append(f"</{tag}>" if kind.endswith("close") else f"<{tag}>")
            elif kind == "code_inline":
                html.append(f"<code>{escape_text(child.content, quote=False)}</code>")
            elif kind == "link_open":
                html.append(self.link(token, child.attrs.get("href", "")))
            elif kind == "link_close":
                html.append("</a>")
            elif kind == "image":
                raise self.error(token, "an image must stand alone in its own paragraph, not inside text")
            elif kind == "html_inline":
                self.warn(token, f"raw HTML {child.content} is not allowed in essays; it was left out")
        return "".join(html)

    def link(self, token, href):
        """An opening <a> whose target is settled when the essay is written: a page, a document or a URL."""
        is_relative = href and not re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", href, re.I)
        if is_relative and Path(href.split("#")[0]).suffix.lower().lstrip(".") in settings.WAGTAILDOCS_EXTENSIONS:
            target = self.local_file(token, href, "document")
        else:
            target = href
        self.source.links.append(target)
        return link_placeholder(len(self.source.links) - 1)


# Writing pages


class Uploads:
    """Images and documents for the run: found by content when already in the library, else uploaded."""

    def __init__(self, dry_run):
        self.dry_run = dry_run
        self.created_files = []  # removed again if the run is rolled back
        self.cache = {}

    def image(self, local):
        return self.get_or_upload(get_image_model(), local)

    def document(self, local):
        return self.get_or_upload(get_document_model(), local)

    def get_or_upload(self, model, local):
        key = (model, local.path)
        if key not in self.cache:
            with local.path.open("rb") as file:
                file_hash = hash_filelike(file)
            item = model.objects.filter(file_hash=file_hash).first()
            if item is None and not self.dry_run:
                with local.path.open("rb") as file:
                    item = model(title=local.path.stem.replace("-", " ").replace("_", " "), file_hash=file_hash)
                    item.file.save(local.path.name, File(file), save=False)
                    self.created_files.append(item.file)
                    item.file_size = item.file.size
                    item.save()
            self.cache[key] = item
        return self.cache[key]

    def discard(self):
        for file in self.created_files:
            file.storage.delete(file.name)


def resolve_links(source, site_root, uploads):
    """The source's links as opening tags: site pages and library documents by id, the rest by href."""
    tags = []
    for target in source.links:
        if isinstance(target, LocalFile):
            document = uploads.document(target)
            tags.append(f'<a linktype="document" id="{document.pk if document else 0}">')
            continue
        page = find_site_page(site_root, target)
        tags.append(f'<a linktype="page" id="{page.pk}">' if page else f'<a href="{escape(target)}">')
    return tags


def find_site_page(site_root, href):
    """The page a site-relative link such as /projects/music points to, if it exists."""
    if not href.startswith("/") or href.startswith("//") or "?" in href or "#" in href:
        return None
    path = "/".join(part for part in href.split("/") if part)
    url_path = f"{site_root.url_path}{path}/" if path else site_root.url_path
    return Page.objects.filter(url_path=url_path).first()


def body_data(source, site_root, uploads):
    """The body as StreamField data, with links resolved and files taken from the library."""
    link_tags = resolve_links(source, site_root, uploads)
    data = []
    for block_type, value in source.blocks:
        if block_type == "paragraph":
            value = fill_links(value.html, link_tags)
        elif block_type == "quote":
            value = {**value, "text": fill_links(value["text"], link_tags)}
        elif block_type == "image":
            image = uploads.image(value["image"]["image"])
            value = {**value, "image": {**value["image"], "image": image.pk if image else None}}
        data.append({"type": block_type, "value": value})
    return data


def without_placeholders(value):
    """The value with each link placeholder as a plain link, as a block can validate it."""
    if isinstance(value, dict):
        return {key: without_placeholders(item) for key, item in value.items()}
    return fill_links(value, defaultdict(lambda: '<a href="#">')) if isinstance(value, str) else value


def block_error_messages(error):
    """The messages of a block's validation error, each led by the field it is about."""

    def messages(data, prefix):
        found = [f"{prefix}{message}" for message in data.get("messages", [])]
        for name, child in (data.get("blockErrors") or {}).items():
            found += messages(child, f"{prefix}{name}: ")
        return found

    return messages(error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}, "")


def link_placeholder(number):
    # Markdown text never holds NUL (CommonMark replaces it), so the placeholder cannot clash with prose.
    return f"\x00{number}\x00"


def fill_links(html, link_tags):
    return re.sub(r"\x00(\d+)\x00", lambda match: link_tags[int(match.group(1))], html)


@dataclass
class Outcome:
    source: EssaySource
    action: str  # "create", "update", "unchanged" or "skip"
    page: Page | None = None


def import_essays(sources, index, *, dry_run=False, keep_existing=False):
    """Create or update one essay page per source under the index, all or nothing.

    keep_existing leaves essays that are already on the site as they are, so that
    loading the initial content never overwrites the author's edits.
    """
    uploads = Uploads(dry_run)
    site_root = index.get_site().root_page
    outcomes = []
    try:
        with transaction.atomic():
            for source in sources:
                page = EssayPage.objects.child_of(index).filter(slug=source.slug).first()
                if page is None:
                    outcomes.append(Outcome(source, "create", None if dry_run else create_shell(source, index)))
                else:
                    outcomes.append(Outcome(source, "skip" if keep_existing else "update", page))
            # Pages exist before bodies are written, so essays of one run can link to each other.
            for outcome in outcomes:
                if outcome.action == "skip" or outcome.page is None:
                    continue
                changed = write_essay(outcome, site_root, uploads, publish=not dry_run)
                if outcome.action == "update" and not changed:
                    outcome.action = "unchanged"
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        uploads.discard()
        raise
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


def write_essay(outcome, site_root, uploads, *, publish):
    """Save the essay as a new revision (published unless it is a draft); False if nothing would change."""
    source = outcome.source
    page = outcome.page.get_latest_revision_as_object()
    before = essay_state(page)
    page.title = source.title
    page.description = source.description
    page.date = source.date
    page.featured = source.featured
    page.tags.set(source.tags)
    page.body = body_data(source, site_root, uploads)
    needs_publishing = not source.draft and (not outcome.page.live or outcome.page.has_unpublished_changes)
    if essay_state(page) == before and not needs_publishing and outcome.action == "update":
        return False
    if publish:
        try:
            page.full_clean()
        except ValidationError as error:
            raise EssayFileError(source.path, 1, " ".join(error.messages)) from error
        revision = page.save_revision(log_action=True)
        if not source.draft:
            revision.publish()
    return True


def essay_state(page):
    """What an import sets on a page, in a form that compares equal when nothing changed."""
    body = page.body.stream_block.get_prep_value(page.body)
    return (
        page.title,
        page.description,
        page.date,
        page.featured,
        sorted(tag.name.lower() for tag in page.tags.all()),
        [(block["type"], block["value"]) for block in body],
    )
