"""A Markdown body turned into the blocks of an essay, with links and files left for the writer to settle."""

import re
from html import escape as escape_text
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from wagtail.documents.fields import WagtailDocumentField

from blog.importing import shortcodes
from blog.importing.downloads import DownloadError
from blog.importing.sources import (
    EssayFileError,
    EssayFileLink,
    LocalFile,
    RichTextPart,
    inside_folder,
    link_placeholder,
    without_placeholders,
)
from blog.markdown_forms import MARKDOWN_FORMS
from portfolio.media.uploads import ImageFileField
from portfolio.pages.blocks import BodyBlock, code_language
from portfolio.pages.video import parse_video_url

ESSAY_FILE_SUFFIXES = {".md", ".markdown"}
ASTRO_ALIAS = re.compile(r"^@/|^@(?=assets/)")
REMOTE = re.compile(r"^https?://", re.I)
ATTRIBUTION_PREFIX = re.compile(r"^(?:—|–|--)\s*")
BARE_URL = re.compile(r"^https?://\S+$")

# CommonMark with GitHub's tables, strikethrough and footnotes.
markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
READERS = {token: form.reader for form in MARKDOWN_FORMS.values() for token in form.opened_by}
TASK = re.compile(r"^\[([ xX])\]\s+")  # a task list item: - [x] done
TAG = re.compile(r"<[^>]*>")
HIGHEST_HEADING = 4


def plain_text(inline):
    """The text of an inline token without its markup (escapes resolved, emphasis dropped)."""
    return "".join(child.content for child in inline.children if child.type in {"text", "code_inline"})


class MarkdownReader:
    """Turns a Markdown body into blocks: prose runs become paragraph blocks, the rest blocks of their own."""

    def __init__(self, source, body, first_line, *, root=None, downloads=None, heading_level=1):
        self.source = source
        self.body = body
        self.first_line = first_line
        self.root = root  # the old site's static folder, which site-absolute paths (/assets/x.png) are read from
        self.downloads = downloads  # None: remote images are refused (--no-download)
        self.prose = []  # RichTextParts waiting to become one paragraph block
        # The level the body's headings go under: 1, the essay's title; for a paste, the heading above it.
        self.start_level = heading_level

    def read(self):
        body = shortcodes.convert(self.body, self.first_line, self.warn_at)
        self.read_tokens(markdown.parse(body))
        self.flush_prose()

    def read_tokens(self, tokens):
        """Read a run of block tokens; a block with problems is reported, and the others still read."""
        self.plan_headings(tokens)
        index = 0
        while index < len(tokens):
            end = self.closing_index(tokens, index)
            try:
                self.read_block(tokens[index : end + 1])
            except EssayFileError as error:  # reported with the file's other problems
                self.source.problems.append(error)
            index = end + 1

    def plan_headings(self, tokens):
        """A single # heading that repeats the title is dropped; otherwise # headings become ## and the levels
        below move down one, so that the essay's own title stays its only h1."""
        if hasattr(self, "shift"):
            return
        titles = [
            (index, plain_text(tokens[index + 1]).strip())
            for index, token in enumerate(tokens)
            if token.type == "heading_open" and token.tag == "h1" and token.level == 0
        ]
        self.title_heading = None
        self.heading_level = self.start_level
        if len(titles) == 1 and titles[0][1] == self.source.title:
            self.title_heading = tokens[titles[0][0]]
        self.shift = 1 if titles and self.title_heading is None else 0

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
        self.warn_at(self.line(token), message)

    def warn_at(self, line, message):
        self.source.warnings.append(f"{self.source.path}:{line}: {message}")

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
        if token.type == "html_block":
            return self.read_html(token)
        reader = READERS.get(token.type)
        if reader is None:
            raise self.error(token, f"unsupported Markdown ({token.type})")
        getattr(self, reader)(tokens)

    def read_heading(self, tokens):
        token, inline = tokens[0], tokens[1]
        if token is self.title_heading:
            return
        if token.tag == "h1":
            self.warn(token, "a # heading becomes ## (the title is the essay's only h1); the headings below move down")
        level = int(token.tag[1]) + self.shift
        if level > HIGHEST_HEADING:
            self.warn(
                token, f"a level-{level} heading becomes a level-{HIGHEST_HEADING} heading (essays use ## to ####)"
            )
            level = HIGHEST_HEADING
        # Screen readers move by level: a heading goes at most one level below the one before it.
        deepest = self.heading_level + 1
        if level > deepest:
            self.warn(token, f"a level-{level} heading after a level-{deepest - 1} one becomes level {deepest}")
            level = deepest
        self.heading_level = level
        text = self.render_inline(token, inline.children or []).strip()
        self.add_block("heading", {"text": f"<p>{text}</p>", "level": str(level)}, token)

    def read_divider(self, tokens):
        self.add_block("divider", None, tokens[0])

    def read_html(self, token):
        """An HTML block's text, read as Markdown: <details> or <div class="note"> keep their words, not their tags."""
        text = html_unescape(TAG.sub("", token.content))
        self.warn(token, "HTML tags are not published in essays; their text was kept")
        if text.strip():
            inner = MarkdownReader(self.source, text, self.line(token), root=self.root, downloads=self.downloads)
            inner.prose, inner.shift, inner.title_heading = self.prose, self.shift, None
            inner.heading_level = self.heading_level
            inner.read_tokens(markdown.parse(text))
            self.prose, self.heading_level = inner.prose, inner.heading_level

    def read_table(self, tokens):
        """A GitHub table: its header row as column headings, each column's alignment, the cells as rich text."""
        headings, alignments, rows = [], [], []
        for index, token in enumerate(tokens):
            if token.type == "th_open":
                headings.append(plain_text(tokens[index + 1]).strip())
                style = token.attrs.get("style", "")
                alignments.append(style.removeprefix("text-align:") if style.startswith("text-align:") else "")
            elif token.type == "td_open":
                if tokens[index - 1].type == "tr_open":  # the row's first cell
                    rows.append({"values": []})
                rows[-1]["values"].append(self.render_inline(token, tokens[index + 1].children or []))
        for values in (row["values"] for row in rows):
            values[:] = [f"<p>{cell}</p>" if cell else "" for cell in values] + [""] * (len(headings) - len(values))
        value = {
            "table": {
                "columns": [{"type": "text", "heading": heading} for heading in headings],
                "rows": rows,
                "caption": "",
            },
            "alignment": ",".join(alignments) if any(alignments) else "",
        }
        self.add_block("table", value, tokens[0])

    def read_footnotes(self, tokens):
        """The notes at the end, in the order they are first referred to, as one numbered list."""
        notes, note = [], None
        for token in tokens:
            if token.type == "footnote_open":
                note = []
                notes.append(note)
            elif token.type == "inline" and note is not None:
                note.append(self.render_inline(token, token.children or []))
        html = "".join(f"<li>{'<br/>'.join(parts)}</li>" for parts in notes)
        self.add_block("footnotes", f"<ol>{html}</ol>", tokens[0])

    def read_paragraph(self, tokens):
        if tokens[0].type != "paragraph_open":
            self.read_list(tokens)
            return
        token, inline = tokens[0], tokens[1]
        children = [
            child
            for child in inline.children
            if not (child.type == "text" and not child.content.strip()) and child.type not in {"softbreak", "hardbreak"}
        ]
        images = self.images_alone(children)
        if images:
            for image in images:
                self.read_image(token, image)
            return
        if self.is_video_with_thumbnail(children):
            return self.read_video_with_thumbnail(token, children[0].attrs["href"], children[1])
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

    def images_alone(self, children):
        """The images of a paragraph that holds nothing else, each alone or linked (a badge, an image linking to its
        full size): consecutive images become consecutive image blocks. None if the paragraph holds anything else."""
        if self.is_video_with_thumbnail(children):
            return None
        images, index = [], 0
        while index < len(children):
            kinds = [child.type for child in children[index : index + 3]]
            if kinds[:1] == ["image"]:
                images.append(children[index])
                index += 1
            elif kinds == ["link_open", "image", "link_close"]:
                images.append(children[index + 1])
                index += 3
            else:
                return None
        return images

    @staticmethod
    def is_video_with_thumbnail(children):
        """A paragraph that is nothing but an image linking to a YouTube or Vimeo video: [![title](still.jpg)](URL)."""
        kinds = [child.type for child in children]
        if kinds != ["link_open", "image", "link_close"] or children[0].markup == "autolink":
            return False
        try:
            parse_video_url(children[0].attrs.get("href", ""))
        except ValidationError:
            return False
        return True

    def read_video_with_thumbnail(self, token, url, image):
        src = image.attrs.get("src", "")
        thumbnail = self.local_file(token, src, "video thumbnail")
        self.check_image(token, thumbnail.path)
        caption = "".join(child.content for child in image.children or []).strip()
        self.add_block("video", {"url": parse_video_url(url).url, "caption": caption, "thumbnail": thumbnail}, token)

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
        """The file a link names: beside the essay, inside the folder being imported (symlinks followed), under
        --root for a site-absolute path, or downloaded for a remote image."""
        if REMOTE.match(src) and kind != "document":
            return self.remote_file(token, src, kind)
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("//"):
            raise self.error(token, f"{kind} '{src}' must be a file beside the essay, given by a relative path")
        # AstroPaper's aliases name files of its src/ folder: @/assets/x.png and @assets/x.png.
        src = ASTRO_ALIAS.sub("/", src)
        if src.startswith("/"):
            if self.root is None:
                raise self.error(
                    token, f"{kind} '{src}' is an address on the old site: give its static folder with --root DIR"
                )
            # Markdown keeps a link as a URL: my%20desk.png, café.png as caf%C3%A9.png.
            path, folder = self.root / unquote(src.lstrip("/")), self.root
        else:
            path, folder = self.source.path.parent / unquote(src), self.source.folder
        if not inside_folder(path, folder):
            raise self.error(
                token, f"{kind} '{src}' leads outside the folder being imported ({folder}); it was not read"
            )
        path = path.resolve()
        if not path.is_file():
            raise self.error(token, f"{kind} file '{src}' does not exist (looked for {path})")
        return LocalFile(path=path)

    def remote_file(self, token, url, kind):
        """A remote image, downloaded so that the page never loads it from another host."""
        if self.downloads is None:
            raise self.error(token, f"{kind} '{url}' is on another site, and --no-download keeps it there")
        try:
            return LocalFile(path=self.downloads.fetch(url))
        except DownloadError as error:
            raise self.error(token, f"{kind} '{url}' was not downloaded: {error}") from None

    def check_image(self, token, path):
        """The checks the admin's image upload makes: format, file size, pixel count and a whole decode."""
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            ImageFileField().clean(upload)
        except ValidationError as error:
            raise self.error(token, f"image '{path.name}': {' '.join(error.messages)}") from error

    def check_document(self, token, path):
        """The checks the admin's document upload makes beyond the extension: not empty, not over the size limit."""
        with path.open("rb") as file:
            try:
                WagtailDocumentField().clean(File(file, name=path.name))
            except ValidationError as error:
                raise self.error(token, f"document '{path.name}': {' '.join(error.messages)}") from error

    def read_quote(self, tokens):
        token, inner = tokens[0], tokens[1:-1]
        groups, attribution = [], ""
        index = 0
        while index < len(inner):
            end = self.closing_index(inner, index)
            groups.append(inner[index : end + 1])
            index = end + 1
        last = groups[-1] if groups else None
        if last and last[0].type == "paragraph_open" and ATTRIBUTION_PREFIX.match(plain_text(last[1])):
            attribution = ATTRIBUTION_PREFIX.sub("", plain_text(last[1])).strip()
            groups.pop()
        # A code block in a quote stays a code block: the quote is cut around it. A quote inside it stays inside
        # it, as a <blockquote> in its text.
        parts, html = [], []
        for group in groups:
            if group[0].type in {"fence", "code_block"}:
                parts.append(("quote", "".join(html)))
                parts.append(("code", group))
                html = []
            else:
                html.append(self.render_blocks(group))
        parts.append(("quote", "".join(html)))
        parts = [(kind, part) for kind, part in parts if part]
        last_quote = max((number for number, (kind, _part) in enumerate(parts) if kind == "quote"), default=None)
        for number, (kind, part) in enumerate(parts):
            if kind == "code":
                self.read_code(part)
            else:
                said_by = attribution if number == last_quote else ""
                self.add_block("quote", {"text": part, "attribution": said_by}, token)

    def read_code(self, tokens):
        token = tokens[0]
        info = token.info.split()[0] if token.info.strip() else ""
        language = code_language(info)
        if language is None:
            self.warn(token, f"code language '{info}' is not offered; the code is shown as plain text")
            language = "text"
        self.add_block("code", {"language": language, "source": token.content.rstrip("\n")}, token)

    def read_list(self, tokens):
        """A list as rich text; a code block in an item becomes a code block of its own, the list cut around it and
        resumed at the number it had reached."""
        html, levels, cut = [], [], False
        for token in tokens:
            kind = token.type
            if cut and kind not in {"list_item_close", "bullet_list_close", "ordered_list_close"}:
                for level in levels:
                    html.append(list_opening(level["tag"], level["number"] + (0 if level["in_item"] else 1)))
                    html.append("<li>" if level["in_item"] else "")
                cut = False
            if kind in {"bullet_list_open", "ordered_list_open"}:
                start = int(token.attrs.get("start", 1))
                levels.append({"tag": token.tag, "number": start - 1, "in_item": False})
                html.append(list_opening(token.tag, start))
            elif kind in {"bullet_list_close", "ordered_list_close"}:
                html.append("" if cut else f"</{levels.pop()['tag']}>")
                if cut:
                    levels.pop()
            elif kind == "list_item_open":
                levels[-1]["number"] += 1
                levels[-1]["in_item"] = True
                html.append("<li>")
            elif kind == "list_item_close":
                levels[-1]["in_item"] = False
                html.append("" if cut else "</li>")
            elif kind == "paragraph_open" and html[-1] != "<li>":
                html.append("<br/>")  # a list item holds its text directly; a second paragraph is a line break
            elif kind == "inline":
                item = self.render_inline(token, token.children)
                html.append(TASK.sub(lambda match: "☐ " if match.group(1) == " " else "☑ ", item))
            elif kind in {"fence", "code_block"}:
                html += [("</li>" if level["in_item"] else "") + f"</{level['tag']}>" for level in reversed(levels)]
                self.prose.append(RichTextPart("".join(html)))
                self.read_code([token])
                html, cut = [], True
            elif kind == "heading_open":
                self.warn(token, "a heading inside a list becomes plain text")
            elif kind == "html_block":
                self.warn(token, "HTML tags are not published in essays; their text was kept")
                html.append(escape_text(html_unescape(TAG.sub("", token.content)).strip(), quote=False))
        if "".join(html):
            self.prose.append(RichTextPart("".join(html)))

    def render_blocks(self, tokens):
        """Lists and paragraphs as rich-text HTML, in the form Wagtail's editor stores."""
        html, in_item = [], 0
        for token in tokens:
            kind = token.type
            if kind in {"bullet_list_open", "ordered_list_open"}:
                html.append(list_opening(token.tag, int(token.attrs.get("start", 1))))
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
                self.warn(token, "a code block inside a list in a quote, or in a quote in a quote, becomes inline code")
                html.append(f"<code>{escape_text(token.content.strip(), quote=False)}</code>")
            elif kind == "heading_open":
                self.warn(token, "a heading inside a list or quote becomes plain text")
            elif kind == "html_block":
                self.warn(token, "HTML tags are not published in essays; their text was kept")
                html.append(escape_text(html_unescape(TAG.sub("", token.content)).strip(), quote=False))
            elif kind == "blockquote_open":
                html.append("<blockquote>")
            elif kind == "blockquote_close":
                html.append("</blockquote>")
            elif kind in {"heading_close", "hr"}:
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
            elif kind in INLINE_TAGS:
                html.append(INLINE_TAGS[kind])
            elif kind == "footnote_ref":
                number = child.meta["id"] + 1
                html.append(f'<sup><a href="#fn-{number}">{number}</a></sup>')
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
        file_part = unquote(href.split("#")[0])
        if is_relative and Path(file_part).suffix.lower() in ESSAY_FILE_SUFFIXES:
            target = EssayFileLink((self.source.path.parent / file_part).resolve(), href, self.line(token))
        elif is_relative and Path(href.split("#")[0]).suffix.lower().lstrip(".") in settings.WAGTAILDOCS_EXTENSIONS:
            target = self.local_file(token, href, "document")
            self.check_document(token, target.path)
        else:
            target = href
        self.source.links.append(target)
        return link_placeholder(len(self.source.links) - 1)


INLINE_TAGS = {
    "strong_open": "<b>",
    "strong_close": "</b>",
    "em_open": "<i>",
    "em_close": "</i>",
    "s_open": "<s>",
    "s_close": "</s>",
}


def list_opening(tag, start):
    """An opening <ul> or <ol>; an ordered list that does not start at 1 keeps its number."""
    return f'<ol start="{start}">' if tag == "ol" and start != 1 else f"<{tag}>"


def block_error_messages(error):
    """The messages of a block's validation error, each led by the field it is about."""

    def messages(data, prefix):
        found = [f"{prefix}{message}" for message in data.get("messages", [])]
        for name, child in (data.get("blockErrors") or {}).items():
            found += messages(child, f"{prefix}{name}: ")
        for row, cells in (data.get("cellErrors") or {}).items():  # a table's cells, by row and column
            for column, child in cells.items():
                found += messages(child, f"{prefix}row {row + 1}, column {column + 1}: ")
        return found

    return messages(error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}, "")
