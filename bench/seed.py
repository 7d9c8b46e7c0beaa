"""A large synthetic site on top of the initial content: 1,000 essays with tags and images, 20 music projects,
100 releases with tracks and cover art, 200 videos. Run with the environment of bench.server.production_site.
"""

import datetime
import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.production")

import django  # noqa: E402

django.setup()

from django.core.files.images import ImageFile  # noqa: E402
from django.db import connection  # noqa: E402
from PIL import Image as PillowImage  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402

from blog.models import EssayIndexPage, EssayPage  # noqa: E402
from music.models import MusicProjectLink, MusicProjectPage, MusicTimelinePage, MusicVideo, ReleasePage, Track  # noqa: E402

ESSAYS, PROJECTS, RELEASES_EACH, VIDEOS_EACH, IMAGES = 1000, 20, 5, 10, 20
TAGS = [
    "Music",
    "Engineering",
    "AI",
    "Production",
    "Mixing",
    "Guitar",
    "Drums",
    "Python",
    "Django",
    "Wagtail",
    "Architecture",
    "Teams",
    "Craft",
    "Metal",
    "Synths",
    "Testing",
    "Performance",
    "Privacy",
    "Writing",
    "Career",
]
WORDS = (
    "the mix is a system of dependent processes and the bug shows up in one place but starts in another "
    "so solo the track isolate the component trace the signal path ship early and listen again "
).split()


def paragraph(words, offset):
    return " ".join(WORDS[(offset + index) % len(WORDS)] for index in range(words)).capitalize() + "."


def image(number):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 1000), ((number * 37) % 255, (number * 91) % 255, 120)).save(buffer, "JPEG")
    return get_image_model().objects.create(title=f"Photo {number}", file=ImageFile(buffer, name=f"photo-{number}.jpg"))


def publish(parent, page, tags=()):
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def essay_body(number, index, photo):
    body = []
    for part in range(4):
        body.append({"type": "heading", "value": {"text": f"Part {part + 1}", "level": "2"}})
        text = "".join(f"<p>{paragraph(60, number + part + line)}</p>" for line in range(3))
        body.append(
            {"type": "paragraph", "value": text + f'<p>More in <a linktype="page" id="{index.pk}">the essays</a>.</p>'}
        )
    body.insert(
        2,
        {
            "type": "image",
            "value": {"image": {"image": photo.pk, "alt_text": "A photo", "decorative": False}, "caption": "A caption"},
        },
    )
    body.append({"type": "code", "value": {"language": "python", "source": "def mix(tracks):\n    return sum(tracks)"}})
    return body


def main():
    photos = [image(number) for number in range(IMAGES)]
    index = EssayIndexPage.objects.get()
    for number in range(ESSAYS):
        publish(
            index,
            EssayPage(
                title=f"Essay number {number}",
                slug=f"essay-{number}",
                date=datetime.date(2015, 1, 1) + datetime.timedelta(days=number * 3),
                description=paragraph(25, number),
                featured=number % 50 == 0,
                body=essay_body(number, index, photos[number % IMAGES]),
            ),
            tags=[TAGS[number % 20], TAGS[(number * 7 + 3) % 20], TAGS[(number * 13 + 5) % 20]],
        )
    timeline = MusicTimelinePage.objects.get()
    for number in range(PROJECTS):
        videos = [
            MusicVideo(
                title=f"Video {number}-{clip}", url="https://youtu.be/5MSZXmbNoLg", kind="official", year=2000 + clip
            )
            for clip in range(VIDEOS_EACH)
        ]
        project = publish(
            timeline,
            MusicProjectPage(
                title=f"Band {number}",
                slug=f"band-{number}",
                summary=paragraph(20, number),
                start_year=1995 + number,
                end_year=2005 + number if number % 2 else None,
                roles="Vocals, Guitar",
                genres="Metal, Rock",
                links=[MusicProjectLink(url="https://open.spotify.com/artist/x")],
                videos=videos,
            ),
            tags=["Music", TAGS[number % 20]],
        )
        for release in range(RELEASES_EACH):
            tracks = [Track(position=position, title=f"Track {position}", duration="3:45") for position in range(1, 9)]
            publish(
                project,
                ReleasePage(
                    title=f"Record {number}-{release}",
                    slug=f"record-{release}",
                    release_year=1996 + number + release,
                    release_month=release + 1,
                    cover=photos[(number + release) % IMAGES],
                    tracks=tracks,
                ),
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # statistics and visibility maps, as autovacuum keeps them in use
    print(
        f"Seeded {ESSAYS} essays, {PROJECTS} projects, {PROJECTS * RELEASES_EACH} releases, "
        f"{PROJECTS * VIDEOS_EACH} videos, {IMAGES} images."
    )


if __name__ == "__main__":
    main()
