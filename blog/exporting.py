"""Essays back to Markdown files that `import_essays` reads into the same pages."""

import re
import shutil
import zipfile
from pathlib import Path

import yaml
from django.utils.html import escape
from markdownify import ATX, MarkdownConverter
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.rich_text.rewriters import LinkRewriter

from blog.markdown_forms import MARKDOWN_FORMS
from blog.models import EssayPage


def export_essays(directory, essays=None):
    """Write every essay (or those given) as DIR/<slug>.md with its images and documents in DIR/<slug>/; return
    the files."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for page in (EssayPage.objects.all() if essays is None else essays).order_by("date", "pk"):
        essay = page if page.live else page.get_latest_revision_as_object()
        path = directory / f"{essay.slug}.md"
        path.write_text(EssayWriter(essay, directory).markdown(), encoding="utf-8")
        written.append(path)
    return written


def zip_folder(folder, archive):
    """Write the folder's files into an open file as a zip, with paths relative to the folder."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                bundle.write(path, path.relative_to(folder).as_posix())


class EssayWriter:
    def __init__(self, essay, directory):
        self.essay = essay
        self.directory = directory
        self.files_folder = directory / essay.slug

    def markdown(self):
        parts = [self.front_matter()]
        for child in self.essay.body:
            if child.block_type == "image" and not child.value["image"]:
                continue  # deleted from the library since; the page shows nothing there either
            parts.append(self.block(child))
        return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"

    def front_matter(self):
        essay = self.essay
        data = {
            "title": essay.title,
            "description": essay.description,
            "date": essay.date,
            "tags": [tag.name for tag in essay.tag_list],
            "featured": essay.featured,
            "slug": essay.slug,
        }
        if essay.date is None:
            del data["date"]  # an undated draft, which shows the day it first goes live
        if not essay.live:
            data["draft"] = True
        return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---"

    def block(self, child):
        return getattr(self, MARKDOWN_FORMS[child.block_type].writer)(child.value)

    def write_heading(self, value):
        return f"{'#' * int(value['level'])} {' '.join(self.rich_text(value['text'].source).split())}"

    def write_paragraph(self, value):
        return self.rich_text(value.source)

    def write_quote(self, value):
        lines = self.rich_text(value["text"].source).split("\n")
        if value["attribution"]:
            lines += ["", f"— {escape_markdown(value['attribution'])}"]
        return "\n".join(f"> {line}".rstrip() for line in lines)

    def write_image(self, value):
        image = value["image"]
        alt = image.contextual_alt_text if not image.decorative else ""
        title = f' "{escape_quotes(value["caption"])}"' if value["caption"] else ""
        return f"![{escape_markdown(alt)}]({self.copy_file(image.file)}{title})"

    def write_video(self, value):
        if value["thumbnail"]:
            still = self.copy_file(value["thumbnail"].file)
            return f"[![{escape_markdown(value['caption'])}]({still})]({value['url']})"
        if value["caption"]:
            return f"{escape_markdown(value['caption'])}\n\n{value['url']}"
        # An <autolinked> URL never takes the line above it as its caption.
        return f"<{value['url']}>"

    def write_code(self, value):
        fence = "`" * max(3, longest_run(value["source"], "`") + 1)
        language = "" if value["language"] == "text" else value["language"]
        return f"{fence}{language}\n{value['source']}\n{fence}"

    def write_divider(self, value):
        return "---"

    def write_table(self, value):
        """A GitHub table: the headings, a row of alignments (:--, :-:, --:), then the cells."""
        table = value["table"]
        alignments = [part.strip() for part in (value["alignment"] or "").split(",")]
        rules = {"left": ":--", "center": ":-:", "right": "--:"}
        lines = [
            table_row(escape_markdown(column["heading"]) for column in table.columns),
            table_row(
                rules.get(alignments[index] if index < len(alignments) else "", "---")
                for index in range(len(table.columns))
            ),
        ]
        lines += [table_row(self.rich_text(cell.value.source).replace("\n", " ") for cell in row) for row in table.rows]
        return "\n".join(lines)

    def write_footnotes(self, value):
        notes = re.findall(r"<li>(.*?)</li>", value.source, re.S)
        return "\n".join(f"[^{number}]: {self.rich_text(note)}" for number, note in enumerate(notes, start=1))

    def rich_text(self, html):
        rewriter = LinkRewriter(rules={"page": self.page_link, "document": self.document_link})
        return RichTextConverter().convert(rewriter(html)).strip()

    def page_link(self, attrs):
        page = Page.objects.filter(pk=attrs.get("id")).first()
        href = page.get_url() if page else "#"
        return f'<a href="{escape(href or "#")}">'

    def document_link(self, attrs):
        document = get_document_model().objects.filter(pk=attrs.get("id")).first()
        href = self.copy_file(document.file) if document else "#"
        return f'<a href="{escape(href)}">'

    def copy_file(self, file):
        """Copy a library file beside the essay; return its path relative to the Markdown file."""
        self.files_folder.mkdir(parents=True, exist_ok=True)
        target = self.files_folder / Path(file.name).name
        with file.open("rb") as source, target.open("wb") as destination:
            shutil.copyfileobj(source, destination)
        return f"{self.files_folder.name}/{target.name}"


class RichTextConverter(MarkdownConverter):
    """Wagtail rich text to CommonMark: ** and * for bold and italic, - for bullets, specials escaped, ~~ for
    strikethrough and [^N] for a footnote reference."""

    def convert_sup(self, el, text, parent_tags):
        link = el.find("a")
        reference = re.fullmatch(r"#fn-(\d+)", link.get("href", "")) if link else None
        return f"[^{reference.group(1)}]" if reference else text

    def __init__(self):
        super().__init__(
            heading_style=ATX,
            bullets="-",
            strong_em_symbol="*",
            escape_asterisks=True,
            escape_underscores=True,
            escape_misc=True,
        )


def escape_markdown(text):
    """Plain text as Markdown that reads back as the same text."""
    text = re.sub(r"([\\`*_\[\]<&])", r"\\\1", text)
    text = re.sub(r"^(\s*)([#>+-])", r"\1\\\2", text)
    return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text)


def table_row(cells):
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def escape_quotes(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def longest_run(text, character):
    return max((len(run) for run in re.findall(f"{re.escape(character)}+", text)), default=0)
