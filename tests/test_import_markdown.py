"""GitHub-flavoured Markdown, Hugo shortcodes and Liquid tags, imported whole."""

import io

import pytest
from django.core.management import call_command

from blog.models import EssayPage
from tests.factories import image_bytes
from tests.test_import import blocks, essay_file, import_essays


def kinds(page):
    return [block.block_type for block in page.body]


def test_a_code_block_in_a_list_stays_a_code_block_and_the_list_keeps_counting(essay_index, tmp_path):
    body = """
        57. Install it:

            ```bash
            pip install wagtail
            ```
        58. Run it.
        """
    essay_file(tmp_path, "steps.md", body)

    import_essays(tmp_path)

    essay = EssayPage.objects.get()
    assert kinds(essay) == ["paragraph", "code", "paragraph"]
    assert essay.body[0].value.source == '<ol start="57"><li>Install it:</li></ol>'
    assert essay.body[1].value == {"language": "bash", "source": "pip install wagtail"}
    assert essay.body[2].value.source == '<ol start="58"><li>Run it.</li></ol>'


def test_a_code_block_in_a_quote_stays_a_code_block(essay_index, tmp_path):
    essay_file(tmp_path, "quoted.md", "> Before:\n>\n> ```js\n> let a = 1\n> ```\n>\n> After.\n>\n> — Ada")
    import_essays(tmp_path)
    essay = EssayPage.objects.get()
    assert kinds(essay) == ["quote", "code", "quote"]
    assert essay.body[1].value["source"] == "let a = 1"
    assert essay.body[0].value["attribution"] == "" and essay.body[2].value["attribution"] == "Ada"


def test_task_lists_strikethrough_and_footnotes_render(client, essay_index, tmp_path):
    body = """
        - [x] Grabar la batería
        - [ ] ~~Mezclar~~ Masterizar[^mix]

        Otra nota.[^2]

        [^mix]: Con *calma*.
        [^2]: 二番目の注。
        """
    essay_file(tmp_path, "tareas.md", body)

    import_essays(tmp_path)

    html = client.get("/essays/tareas/").content.decode()
    assert "☑ Grabar la batería" in html and "☐ <s>Mezclar</s> Masterizar" in html
    assert '<sup><a href="#fn-1" id="fnref-1" role="doc-noteref">1</a></sup>' in html
    assert '<li id="fn-1">Con <i>calma</i>. <a href="#fnref-1" role="doc-backlink"' in html
    assert '<li id="fn-2">二番目の注。' in html
    assert "[^" not in html and "~~" not in html and "[x]" not in html


def test_a_first_heading_repeating_the_title_is_dropped(essay_index, tmp_path):
    essay_file(
        tmp_path, "titled.md", "# A title\n\nText.\n\n## Part", front_matter={"title": "A title", "date": "2025-01-01"}
    )
    out, err = import_essays(tmp_path)
    essay = EssayPage.objects.get()
    assert kinds(essay) == ["paragraph", "heading"] and essay.body[1].value["level"] == "2"
    assert "heading" not in err


def test_headings_keep_their_links_and_emphasis_through_import_render_and_export(client, essay_index, tmp_path):
    essay_file(tmp_path, "other.md", "Otro texto.", front_matter={"title": "Otro", "date": "2025-01-01"})
    body = """
        ## Notas de [la versión 2](other.md) 🎸

        Texto.

        ### El *tempo* y `bpm` de **東京**

        Más.

        ## Fin & ‹despedida›
        """
    essay_file(tmp_path, "cambios.md", body)

    import_essays(tmp_path)

    other = EssayPage.objects.get(slug="other")
    html = client.get("/essays/cambios/").content.decode()
    assert f'<h2 id="notas-de-la-version-2">Notas de <a href="{other.url}">la versión 2</a> 🎸</h2>' in html
    assert '<h3 id="el-tempo-y-bpm-de">El <i>tempo</i> y <code>bpm</code> de <b>東京</b></h3>' in html
    assert '<h2 id="fin-despedida">Fin &amp; ‹despedida›</h2>' in html
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert '<a href="#notas-de-la-version-2">Notas de la versión 2 🎸</a>' in toc
    assert '<a href="#el-tempo-y-bpm-de">El tempo y bpm de 東京</a>' in toc

    call_command("export_essays", str(tmp_path / "out"), stdout=io.StringIO())
    exported = (tmp_path / "out" / "cambios.md").read_text(encoding="utf-8")
    assert f"## Notas de [la versión 2]({other.url}) 🎸\n" in exported
    assert "### El *tempo* y `bpm` de **東京**\n" in exported and "## Fin \\& ‹despedida›\n" in exported


def test_html_blocks_keep_their_text_as_markdown_never_as_html(client, essay_index, tmp_path):
    body = """
        <details>
        <summary>Spoiler</summary>

        The **drummer** was a machine.

        </details>

        <div class="note">Ein Hinweis mit *Betonung*.</div>
        """
    path = essay_file(tmp_path, "html.md", body)

    out, err = import_essays(path)

    html = client.get("/essays/html/").content.decode()
    assert "<details>" not in html and 'class="note"' not in html
    assert "Spoiler" in html and "The <b>drummer</b> was a machine." in html
    assert "Ein Hinweis mit <i>Betonung</i>." in html
    assert f"{path}:6: HTML tags are not published in essays; their text was kept" in err


def test_hugo_shortcodes_and_liquid_tags_become_their_equivalent_or_are_reported(client, essay_index, tmp_path):
    (tmp_path / "foto.png").write_bytes(image_bytes())
    body = """
        {{< youtube 5MSZXmbNoLg >}}

        {{< vimeo id="76979871" >}}

        {{< figure src="foto.png" alt="Un estudio" caption="El estudio, 2019" >}}

        {% highlight ruby %}
        puts "¡hola!"
        {% endhighlight %}

        {% raw %}Keep {{ this }} as written.{% endraw %}

        Read [the first post]({% post_url 2010-07-21-hola %}).

        {{< gist spf13 7896402 >}}

        {% include toc.html %}

        ```html
        {% include kept-in-code.html %}
        ```
        """
    path = essay_file(tmp_path, "codes.md", body)

    out, err = import_essays(path)

    essay = EssayPage.objects.get()
    assert kinds(essay) == ["video", "video", "image", "code", "paragraph", "code"]
    assert essay.body[0].value["url"] == "https://youtu.be/5MSZXmbNoLg"
    assert essay.body[1].value["url"] == "https://vimeo.com/76979871"
    assert essay.body[2].value["caption"] == "El estudio, 2019"
    assert essay.body[2].value["image"].contextual_alt_text == "Un estudio"
    assert essay.body[3].value == {"language": "ruby", "source": 'puts "¡hola!"'}
    assert "Keep {{ this }} as written." in essay.body[4].value.source
    assert essay.body[5].value["source"] == "{% include kept-in-code.html %}"
    assert f"{path}:20: Hugo shortcode 'gist' has no equivalent here; it was left out" in err
    assert f"{path}:22: Liquid tag 'include' has no equivalent here; it was left out" in err
    assert "{{<" not in client.get("/essays/codes/").content.decode()


@pytest.mark.parametrize(
    "markdown",
    ["![Uno](a.png)\n![Dos](b.png)", "[![Uno](a.png)](a.png) [![Dos](b.png)](https://example.org/badge)"],
    ids=["consecutive", "linked"],
)
def test_consecutive_and_linked_images_are_each_an_image(essay_index, tmp_path, markdown):
    (tmp_path / "a.png").write_bytes(image_bytes())
    (tmp_path / "b.png").write_bytes(image_bytes(color=(0, 90, 200)))
    essay_file(tmp_path, "fotos.md", markdown)

    import_essays(tmp_path)

    essay = EssayPage.objects.get()
    assert [value["image"].contextual_alt_text for _kind, value in blocks(essay)] == ["Uno", "Dos"]


def test_reimporting_an_unchanged_essay_with_videos_tables_and_notes_makes_no_revision(essay_index, tmp_path):
    (tmp_path / "still.png").write_bytes(image_bytes())
    body = """
        Una toma

        https://youtu.be/5MSZXmbNoLg?si=tracking

        <https://vimeo.com/76979871>

        [![En vivo](still.png)](https://youtu.be/5MSZXmbNoLg)

        | a | b |
        |---|--:|
        | 1 | 2 |

        Nota.[^1]

        [^1]: Una nota.
        """
    essay_file(tmp_path, "tomas.md", body)
    import_essays(tmp_path)

    out, err = import_essays(tmp_path)

    assert "Unchanged 'A title'" in out
    assert EssayPage.objects.get().revisions.count() == 1


def test_a_quote_inside_a_quote_stays_nested_through_import_render_and_export(client, essay_index, tmp_path):
    written = "> Ella dijo:\n>\n> > «Grábalo **otra** vez.»\n> >\n> > > 再来一次\n>\n> Y lo hicimos.\n>\n> — Zoë"
    essay_file(tmp_path, "citas.md", written)
    import_essays(tmp_path)

    essay = EssayPage.objects.get()
    assert [(block.value["text"].source, block.value["attribution"]) for block in essay.body] == [
        (
            "<p>Ella dijo:</p><blockquote><p>«Grábalo <b>otra</b> vez.»</p><blockquote><p>再来一次</p></blockquote>"
            "</blockquote><p>Y lo hicimos.</p>",
            "Zoë",
        )
    ]
    html = client.get(essay.url).content.decode()
    assert "<blockquote><p>Ella dijo:</p><blockquote><p>«Grábalo <b>otra</b> vez.»</p><blockquote>" in html

    call_command("export_essays", str(tmp_path / "out"), stdout=io.StringIO())
    assert (tmp_path / "out" / "citas.md").read_text(encoding="utf-8").endswith(f"---\n\n{written}\n")
