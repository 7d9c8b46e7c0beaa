"""What a gunicorn worker keeps after the first view of an essay with a new 24-megapixel cover, with glibc's
allocator as it comes and with the Makefile's GLIBC_TUNABLES.

Run it with `make bench-worker-memory` (about a minute): a production site on a fresh PostgreSQL database, as
`make bench` makes it, without the synthetic content.
"""

import subprocess
import time
from urllib.parse import urlsplit

from server import PROJECT, PYTHON, allocator_environments, get, gunicorn, production_site, workers_memory

# Sets an essay's cover to a new photo-sized JPEG (gradients and noise, as a camera's) and prints the essay's URL.
SET_COVER = """
import io
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from blog.models import EssayPage
size = (6000, 4000)
gradient = Image.linear_gradient("L").resize(size)
photo = io.BytesIO()
Image.merge("RGB", (gradient, gradient.rotate(90), Image.effect_noise(size, 24))).save(photo, "JPEG", quality=90)
image = get_image_model().objects.create(title="Photo", file=ImageFile(photo, name="photo.jpg"))
essay = EssayPage.objects.live().order_by("pk")[NUMBER]
essay.cover_image, essay.cover_alt = image, "A gradient"
essay.save_revision().publish()
print("URL", essay.url)
"""


def main():
    with production_site("worker-memory") as env:
        base = f"http://127.0.0.1:{env['BENCH_PORT']}"
        for number, (label, environment) in enumerate(allocator_environments(env)):
            command = [PYTHON, "manage.py", "shell", "-c", SET_COVER.replace("NUMBER", str(number))]
            printed = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, check=True)
            url = next(line.split()[1] for line in printed.stdout.splitlines() if line.startswith("URL "))
            with gunicorn(environment) as server:
                time.sleep(2)  # every worker booted
                before = workers_memory(server, "VmRSS")
                status, _ = get(base + urlsplit(url).path)
                after = workers_memory(server, "VmRSS")
            print(f"== {label}")
            print(f"first view of an essay with a new 24-megapixel cover: {status}")
            print(f"workers' resident memory before it: {', '.join(f'{mb:.0f} MB' for mb in before)}")
            print(f"                         after it:  {', '.join(f'{mb:.0f} MB' for mb in after)}", flush=True)


if __name__ == "__main__":
    main()
