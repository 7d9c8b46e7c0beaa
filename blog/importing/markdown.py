"""A Markdown body turned into the blocks of an essay, with links and files left for the writer to settle."""

import re
from html import escape as escape_text
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from markdown_it import MarkdownIt
from wagtail.documents.fields import WagtailDocumentField

from blog.importing.sources import (
    EssayFileError,
    LocalFile,
    RichTextPart,
    inside_folder,
    link_placeholder,
    without_placeholders,
)
from portfolio.media.uploads import ImageFileField
from portfolio.pages.blocks import BodyBlock, code_language
from portfolio.pages.video import parse_video_url

ATTRIBUTION_PREFIX = re.compile(r"^(?:—|–|--)\s*")
BARE_URL = re.compile(r"^https?://\S+$")

markdown = MarkdownIt("commonmark")


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
            try:
                self.read_block(tokens[index : end + 1])
            except EssayFileError as error:  # reported with the file's other problems
                self.source.problems.append(error)
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
        """The file a relative link names, which must be inside the folder being imported, symlinks followed."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("/"):
            raise self.error(token, f"{kind} '{src}' must be a file beside the essay, given by a relative path")
        # Markdown keeps a link as a URL: my%20desk.png, café.png as caf%C3%A9.png.
        path = self.source.path.parent / unquote(src)
        if not inside_folder(path, self.source.folder):
            raise self.error(
                token, f"{kind} '{src}' leads outside the folder being imported ({self.source.folder}); it was not read"
            )
        path = path.resolve()
        if not path.is_file():
            raise self.error(token, f"{kind} file '{src}' does not exist (looked for {path})")
        return LocalFile(path=path)

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
            self.check_document(token, target.path)
        else:
            target = href
        self.source.links.append(target)
        return link_placeholder(len(self.source.links) - 1)


def block_error_messages(error):
    """The messages of a block's validation error, each led by the field it is about."""

    def messages(data, prefix):
        found = [f"{prefix}{message}" for message in data.get("messages", [])]
        for name, child in (data.get("blockErrors") or {}).items():
            found += messages(child, f"{prefix}{name}: ")
        return found

    return messages(error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}, "")
