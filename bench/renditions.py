"""Time and peak memory of making the renditions the site shows for a 24-megapixel photo.

Run it with `make bench-renditions`. It needs nothing but the project: the photo is drawn with Pillow,
the database is SQLite in memory and the files go to a temporary folder, removed at the end. It runs twice, with
glibc's allocator as it comes and as the Makefile sets it (GLIBC_TUNABLES), to show what the setting gives back.
"""

import concurrent.futures
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from PIL import Image as PillowImage
from server import allocator_environments

PROJECT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 6000, 4000  # 24 megapixels, as from a common camera


def draw_photo():
    """A photo-sized JPEG: smooth gradients, with noise in the blue channel."""
    red = PillowImage.linear_gradient("L").resize((WIDTH, HEIGHT))
    green = PillowImage.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT))
    blue = PillowImage.effect_noise((WIDTH, HEIGHT), 24)
    buffer = io.BytesIO()
    PillowImage.merge("RGB", (red, green, blue)).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def peak_rss_mb():
    """The process's largest resident memory so far (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def rss_mb():
    """The process's resident memory now (Linux): what the C allocator kept after the peak."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def measure(label, action):
    """Run action; print its wall time, Python's peak allocation during it, and the process's peak RSS after."""
    tracemalloc.reset_peak()
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    python_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    print(
        f"{label:<38} {elapsed:6.3f} s   Python peak {python_peak:5.1f} MB   process peak RSS {peak_rss_mb():6.1f} MB, "
        f"now {rss_mb():6.1f} MB"
    )


def main(media_root):
    os.environ["MEDIA_ROOT"] = media_root
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.dev")
    sys.path.insert(0, str(PROJECT))

    import django

    django.setup()

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.core.signals import request_finished
    from wagtail.images import get_image_model

    from portfolio.media.uploads import ImageFileField
    from portfolio.pages.blocks import CaptionedImageBlock
    from portfolio.templatetags.seo import SOCIAL_IMAGE_FILTER

    call_command("migrate", verbosity=0)
    # Drawn in another process, so that drawing does not count towards this process's peak memory.
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        photo = pool.submit(draw_photo).result()
    print(f"photo: {WIDTH}x{HEIGHT} JPEG, {len(photo) / 1024 / 1024:.1f} MB; process peak RSS {peak_rss_mb():.1f} MB")

    tracemalloc.start()
    upload = SimpleUploadedFile("photo.jpg", photo)
    measure("upload checks (ImageFileField)", lambda: ImageFileField().clean(upload))
    image = get_image_model().objects.create(title="Benchmark photo", file=upload)

    block = CaptionedImageBlock()
    raw = {"image": {"image": image.pk, "alt_text": "A photo", "decorative": False}, "caption": ""}

    def view_page():
        """What an essay's first view asks of this image: the body's <picture>, then the shared image."""
        value = block.bulk_to_python([raw])[0]
        block.render(value)
        value["image"].get_rendition(SOCIAL_IMAGE_FILTER)
        request_finished.send(sender=None)  # as the request that showed the page ends

    Rendition = image.get_rendition_model()
    measure("first view: every rendition made", view_page)
    made = Rendition.objects.count()
    measure("second view: renditions reused", view_page)
    print(f"renditions: {made} made on the first view, {Rendition.objects.count() - made} more on the second")
    for rendition in Rendition.objects.order_by("filter_spec"):
        size = f"{rendition.width}x{rendition.height}"
        print(f"  {rendition.filter_spec:<34} {size:>10} {rendition.file.size / 1024:8.1f} KB")


def run_both_ways():
    """This benchmark in a process of its own, without the allocator settings and then with them."""
    for label, environment in allocator_environments(os.environ):
        print(f"== {label}", flush=True)
        subprocess.run([sys.executable, __file__], env={**environment, "BENCH_RENDITIONS_ONCE": "1"}, check=True)


if __name__ == "__main__":
    if os.environ.get("BENCH_RENDITIONS_ONCE"):
        with tempfile.TemporaryDirectory(prefix="bench-renditions-") as folder:
            main(folder)
    else:
        run_both_ways()
