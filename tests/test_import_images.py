"""Images wherever an old blog keeps them: under the site's static folder, in page bundles, on other hosts (served
here by a loopback HTTP server, so no test reaches the network)."""

import time
from http.server import BaseHTTPRequestHandler

import pytest
from wagtail.images import get_image_model

from blog.importing import downloads
from blog.models import EssayPage
from tests.factories import image_bytes, media_files
from tests.servers import loopback_http_server
from tests.test_import import essay_file, import_essays, refused

Image = get_image_model()


@pytest.fixture
def image_host():
    """A loopback server answering each path with (status, content type, body, seconds to wait first)."""
    answers = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, content_type, body, delay = answers.get(self.path, (404, "text/plain", b"not here", 0))
            time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with loopback_http_server(Handler) as server:
        server.answers = answers
        yield server


def image_blocks(essay):
    return [block.value for block in essay.body if block.block_type == "image"]


def test_remote_images_are_downloaded_into_the_media_library(client, essay_index, tmp_path, image_host):
    image_host.answers["/img/caf%C3%A9.png"] = (200, "image/png", image_bytes(), 0)
    image_host.answers["/render?id=7"] = (200, "image/jpeg", image_bytes(format="JPEG"), 0)
    url = f"{image_host.url}/img/caf%C3%A9.png"
    essay_file(tmp_path, "remote.md", f"![Café]({url})\n\n![Again]({url})\n\n![Render]({image_host.url}/render?id=7)")

    import_essays(tmp_path)

    essay = EssayPage.objects.get()
    first, again, render = image_blocks(essay)
    assert first["image"].pk == again["image"].pk and Image.objects.count() == 2
    assert first["image"].file.name.endswith("cafe.png") and render["image"].file.name.endswith("render.jpg")
    assert len(media_files()) == 2
    assert "127.0.0.1" not in client.get(essay.url).content.decode()


def test_remote_images_that_fail_are_all_reported_and_nothing_is_imported(essay_index, tmp_path, image_host):
    image_host.answers["/big.png"] = (200, "image/png", b"x" * 2048, 0)
    image_host.answers["/page.html"] = (200, "text/html", b"<html>not an image</html>", 0)
    image_host.answers["/slow.png"] = (200, "image/png", image_bytes(), 3)
    body = "\n\n".join(
        f"![{name}]({image_host.url}/{name})" for name in ("gone.png", "big.png", "page.html", "slow.png")
    )
    path = essay_file(tmp_path, "remote.md", body)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(downloads, "DOWNLOAD_TIMEOUT", 0.5)
        patch.setattr("django.conf.settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE", 1024)
        said = refused(path)

    assert f"{path}:6: image '{image_host.url}/gone.png' was not downloaded: the server answered 404" in said
    assert f"{path}:8: image '{image_host.url}/big.png' was not downloaded: it is 2,048 bytes" in said
    assert f"{path}:10: image 'page.html':" in said
    assert f"{path}:12: image '{image_host.url}/slow.png' was not downloaded: it could not be fetched" in said
    assert not EssayPage.objects.exists() and media_files() == []


def test_no_download_refuses_every_remote_image_at_once(essay_index, tmp_path, image_host):
    path = essay_file(tmp_path, "remote.md", "![Uno](https://example.org/1.png)\n\n![Dos](https://example.org/2.png)")
    said = refused(path, "--no-download")
    assert f"{path}:6: image 'https://example.org/1.png' is on another site, and --no-download keeps it there" in said
    assert f"{path}:8: image 'https://example.org/2.png' is on another site" in said


def test_site_absolute_paths_are_read_from_the_root_folder(essay_index, tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "images").mkdir(parents=True)
    (site / "assets" / "images" / "mesa de mezclas.png").write_bytes(image_bytes())
    posts = tmp_path / "site" / "_posts"
    posts.mkdir()
    essay_file(posts, "2020-01-01-mesa.md", "![La mesa]({{ site.baseurl }}/assets/images/mesa%20de%20mezclas.png)")

    said = refused(posts)
    import_essays(posts, "--root", site)

    assert "'/assets/images/mesa%20de%20mezclas.png' is an address on the old site: give its static folder" in said
    [image] = image_blocks(EssayPage.objects.get())
    assert image["image"].file.name.endswith(".png") and image["image"].contextual_alt_text == "La mesa"


def test_a_site_absolute_path_may_not_leave_the_root_folder(essay_index, tmp_path):
    site = tmp_path / "static"
    site.mkdir()
    (tmp_path / "secret.png").write_bytes(image_bytes())
    path = essay_file(tmp_path / "static", "leak.md", "![Secret](/../secret.png)")
    said = refused(path, "--root", site)
    assert "leads outside the folder being imported" in said and media_files() == []


def test_images_of_hugo_page_bundles_are_found_beside_their_index(essay_index, tmp_path):
    for name in ("primera", "segunda"):
        bundle = tmp_path / "content" / "posts" / name
        bundle.mkdir(parents=True)
        (bundle / "cover.png").write_bytes(image_bytes(color=(ord(name[0]), 0, 0)))
        (bundle / "index.md").write_text(f"+++\ntitle = '{name}'\ndate = 2024-01-01\n+++\n\n![Portada](cover.png)\n")

    import_essays(tmp_path / "content")

    assert sorted(EssayPage.objects.values_list("slug", flat=True)) == ["primera", "segunda"]
    assert Image.objects.count() == 2


def test_astropaper_aliases_are_read_under_the_root_folder(essay_index, tmp_path):
    source = tmp_path / "src"
    (source / "assets" / "images").mkdir(parents=True)
    (source / "assets" / "images" / "estudio.png").write_bytes(image_bytes())
    (source / "data" / "blog").mkdir(parents=True)
    essay_file(
        source / "data" / "blog", "uno.md", "![Uno](@/assets/images/estudio.png)\n\n![Dos](@assets/images/estudio.png)"
    )

    import_essays(source / "data" / "blog", "--root", source)

    assert Image.objects.count() == 1 and len(image_blocks(EssayPage.objects.get())) == 2
