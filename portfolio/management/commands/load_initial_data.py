import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from blog.importing import EssayFileError, import_essays, read_essay_file
from blog.models import EssayIndexPage
from music.models import (
    MusicProjectLink,
    MusicProjectPage,
    MusicTimelinePage,
    MusicVideo,
    ProductionWork,
    SongPage,
    StudioItem,
    StudioPage,
)
from portfolio.models import (
    AboutPage,
    AuthorSettings,
    CareerStep,
    HomePage,
    InitialContentLoad,
    InitialContentStep,
    ProjectIndexPage,
)
from portfolio.pages.video_stills import fetch_stills_after_commit, videos_on

ESSAYS_DIR = settings.BASE_DIR / "content" / "essays"
# Plain-text essays carry no title, date or tags of their own.
PLAIN_TEXT_ESSAYS = {
    "non-drummers-programming-drums.txt": {
        "title": "Non-Drummers Programming Drums",
        "date": "2026-11-20",
        "tags": "AI, Engineering, Music",
    },
}
HOME_INTRO = (
    "<p>I am a software engineer and a musician. I write essays about building software and making music, "
    "and where the two meet.</p>"
)
ESSAY_INDEX_INTRO = "<p>Long-form writing on software engineering, music production and the craft they share.</p>"
PROJECTS_INTRO = "<p>What I have made: software, and music with the bands and projects of my timeline.</p>"
MUSIC_INTRO = (
    "<p>Self-taught since I was 15: guitar, singing and metal screaming. "
    "These are the bands and projects I have played in, with their releases, videos and essays.</p>"
)
# The About page tells only what the author's essays say of them.
ABOUT_BIO = (
    "<p>I am a software engineer and a musician. I have made music since I was a teenager, self-taught: "
    "guitar, singing, metal screaming, then drums, bass and strings, and years of mixing and production.</p>"
    "<p>For thirty years I have architected, directed and shipped software. Today I direct AI agents the way "
    "I direct sample libraries and developers: I let them play, and I make the final call.</p>"
)
CAREER = [
    ("1997", "Produced a five-song EP", "On a 486 DX2 and a SoundBlaster card, at 19."),
    ("By 2000", "Music producer for MVS Noticias", "And commercials for Banamex, Canon and others."),
    ("", "Broadcast media systems at MVS Television", ""),
    ("", "HRM and e-learning platform at Royal Holiday Vacation Club", ""),
    ("2010–2019", "Singer and guitarist in Exage", "Modern metal / metalcore."),
    ("", "E-commerce ventures and enterprise SaaS", ""),
]
# Only what the author has stated (shared/content/README.md). Unknown years, releases and titles stay
# empty for the author to fill in. Each project is tagged with its own name: an essay about it gets the tag too.
MUSIC_PROJECTS = [
    {
        "title": "Exage",
        "kind": "band",
        "genres": "Modern metal, Metalcore",
        "roles": "Vocals, Guitar",
        "start_year": 2010,
        "end_year": 2019,
        "summary": "Modern metal / metalcore band I sang and played guitar in. "
        "We recorded an album and filmed music videos.",
        "links": ["https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq"],
        "videos": [
            ("Dried By Time (Official Music Video)", "https://youtu.be/5MSZXmbNoLg", "official"),
            ("Ergot In The Rye (Guitar Playthrough)", "https://youtu.be/an4gtPLFtuE", "playthrough"),
        ],
    },
    {
        "title": "Harvard Process",
        "kind": "solo",
        "genres": "Progressive metal",
        "summary": "My one-man progressive metal side project.",
    },
    {"title": "Discrepancy", "kind": "band", "roles": "Vocals", "summary": "A band I sang in."},
    {"title": "Caspian Ghost", "kind": "solo", "summary": "My recent AI-assisted music experiments."},
]
# The projects each essay is about, by what its text says: the first essay tells Exage's story and shows its videos.
ESSAY_PROJECTS = {"what-music-production-taught-me-about-software-engineering.md": ["Exage"]}

# Songs, production work and the studio, as the essays state them (shared/content/README.md); added by a step of
# their own, to new databases and, once, to those loaded before.
SONGS = {
    "Exage": [
        {"title": "Dried By Time", "video": "https://youtu.be/5MSZXmbNoLg"},
        {
            "title": "Ergot In The Rye",
            "video": "https://youtu.be/an4gtPLFtuE",
            "written_by_the_author": True,
            "notes": "The song I wrote end to end: music and lyrics.",
        },
    ],
}
PRODUCTION_WORK = [
    {"client": "MVS Noticias", "what": "Music for the news division of MVS", "start_year": 2000, "period": "By 2000"},
    {"client": "Banamex", "what": "Commercials", "start_year": 2000, "period": "By 2000"},
    {"client": "Canon", "what": "Commercials", "start_year": 2000, "period": "By 2000"},
]
STUDIO_INTRO = "<p>I kept producing music as a hobby until 2023. The full studio is still in my garage.</p>"
STUDIO = [
    ("Roland TD-3 electronic drum kit", "instrument", "To record drums live into the sequencer", 2005),
    ("Stratocaster", "instrument", "", None),
    ("Precision Bass", "instrument", "", None),
    ("Violin", "instrument", "", None),
    ("Viola", "instrument", "", None),
    ("Cello", "instrument", "", None),
    ("Trumpet", "instrument", "", None),
    ("Superior Drummer", "sample-library", "Drums", None),
    ("Keyscape", "sample-library", "Keyboards", None),
    ("Cakewalk", "software", "The five-song EP of 1997", 1997),
    ("486 DX2 computer", "gear", "The five-song EP of 1997", 1997),
    ("SoundBlaster card", "gear", "The five-song EP of 1997", 1997),
]


def base_address():
    """The host name and port of WAGTAILADMIN_BASE_URL."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.hostname, address.port or (443 if address.scheme == "https" else 80)


class Command(BaseCommand):
    help = (
        "Build the page tree and load the author's essays, once per database: "
        "later runs leave the pages alone, whatever the author has deleted or renamed since."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            # A database set up before the load was recorded already has its home page.
            if not InitialContentLoad.objects.exists() and not HomePage.objects.exists():
                self.load()
            InitialContentLoad.objects.get_or_create()
            # Content added since: each step once per database, whether it was loaded just now or long ago.
            for name, step in [("music-in-depth", self.music_in_depth)]:
                if InitialContentStep.objects.get_or_create(name=name)[1]:
                    step()
        if settings.DEBUG:
            self.follow_base_url()
            self.create_admin()

    def load(self):
        try:
            sources = [
                read_essay_file(path, **PLAIN_TEXT_ESSAYS.get(path.name, {}))
                for path in sorted(ESSAYS_DIR.iterdir())
                if path.suffix in {".md", ".txt"}
            ]
        except EssayFileError as error:
            raise CommandError(str(error)) from error
        for source in sources:
            source.tags += ESSAY_PROJECTS.get(source.path.name, [])
        home = self.home_page()
        index = self.child_page(
            home, EssayIndexPage, title="Essays", slug="essays", intro=ESSAY_INDEX_INTRO, show_in_menus=True
        )
        # Music comes before the essays, so that their links to /projects/music reach its page.
        self.music(home)
        steps = [CareerStep(period=period, title=title, details=details) for period, title, details in CAREER]
        self.child_page(
            home, AboutPage, title="About", slug="about", bio=ABOUT_BIO, career_steps=steps, show_in_menus=True
        )
        outcomes = import_essays(sources, index, keep_existing=True)
        for outcome in outcomes:
            if outcome.action == "create":
                self.stdout.write(f"Added the essay '{outcome.source.title}'.")
            for warning in outcome.source.warnings:
                self.stderr.write(f"warning: {warning}")

    def home_page(self):
        """The site's home page, replacing the welcome page a fresh Wagtail database starts with."""
        root = Page.get_first_root_node()
        # The welcome page is a plain Page; deleting it also deletes the default Site that points at it.
        Page.objects.child_of(root).filter(content_type__model="page", content_type__app_label="wagtailcore").delete()
        home = root.add_child(instance=HomePage(title="Software and music", slug="home", intro=HOME_INTRO))
        home.save_revision().publish()
        # The site's own address, used for canonical and feed URLs, is the one the admin is reached at.
        hostname, port = base_address()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": hostname, "port": port, "root_page": home},
        )
        self.stdout.write("Created the home page.")
        return home

    def music(self, home):
        projects = self.child_page(
            home, ProjectIndexPage, title="Projects", slug="projects", intro=PROJECTS_INTRO, show_in_menus=True
        )
        timeline = self.child_page(
            projects, MusicTimelinePage, title="Music", slug="music", intro=MUSIC_INTRO, show_in_menus=True
        )
        for facts in MUSIC_PROJECTS:
            facts = dict(facts)
            links = [MusicProjectLink(url=url) for url in facts.pop("links", [])]
            videos = [MusicVideo(title=title, url=url, kind=kind) for title, url, kind in facts.pop("videos", [])]
            self.child_page(timeline, MusicProjectPage, links=links, videos=videos, tags=[facts["title"]], **facts)

    def music_in_depth(self):
        """The stated songs (linked to their videos), production work and studio, where their place still exists."""
        timeline = MusicTimelinePage.objects.first()
        for project in MusicProjectPage.objects.filter(title__in=SONGS):
            songs = {facts["video"]: self.song(project, **facts) for facts in SONGS[project.title]}
            self.name_songs_in_videos(project, {url: song for url, song in songs.items() if song})
        ProductionWork.objects.bulk_create(ProductionWork(**facts) for facts in PRODUCTION_WORK)
        self.stdout.write(f"Added {len(PRODUCTION_WORK)} production works.")
        if timeline and not StudioPage.objects.exists():
            items = [
                StudioItem(name=name, category=category, notes=notes, start_year=year)
                for name, category, notes, year in STUDIO
            ]
            self.child_page(timeline, StudioPage, title="Studio", slug="studio", intro=STUDIO_INTRO, items=items)

    def song(self, project, title, video, written_by_the_author=False, notes=""):
        """A new song of the project, or None if it has one of that title."""
        if SongPage.objects.child_of(project).filter(title=title).exists():
            return None
        # The author's name, once they have given it, is their credit; the notes say it in their words meanwhile.
        author = AuthorSettings.objects.filter(site__root_page__in=project.get_ancestors()).first()
        name = author.name if written_by_the_author and author else ""
        body = [{"type": "paragraph", "value": f"<p>{notes}</p>"}] if notes else []
        return self.child_page(project, SongPage, title=title, music_by=name, lyrics_by=name, notes=body)

    def name_songs_in_videos(self, project, songs_by_video_url):
        """The project's videos of these songs name them, through a new revision so that the editor shows it too;
        an unpublished draft stays a draft."""
        had_draft = project.has_unpublished_changes
        draft = project.get_latest_revision_as_object()  # the live page itself when there is no draft
        videos = list(draft.videos.all())
        named = [clip for clip in videos if clip.url in songs_by_video_url and clip.song_id is None]
        for clip in named:
            clip.song = songs_by_video_url[clip.url]
        if named:
            draft.videos = videos  # the edited objects, rather than the rows the live page would read again
            revision = draft.save_revision()
            if not had_draft:
                revision.publish()

    def child_page(self, parent, page_class, tags=(), **fields):
        """A new published page of this type under the parent."""
        page = page_class(**fields)
        if tags:
            page.tags.add(*tags)
        page = parent.add_child(instance=page)
        page.save_revision().publish()
        self.stdout.write(f"Created the page {page.get_url()}.")
        fetch_stills_after_commit(videos_on(page), lambda warning: self.stderr.write(f"warning: {warning}"))
        return page

    def follow_base_url(self):
        """In development, the site's port follows the server's (PORT=8080 make run), so absolute URLs name it."""
        hostname, port = base_address()
        site = Site.objects.filter(is_default_site=True, hostname=hostname).exclude(port=port).first()
        if site:
            site.port = port
            site.save()
            self.stdout.write(f"The site's address is now {site.root_url}.")

    def create_admin(self):
        """In development, an 'admin' superuser with a random password, shown once."""
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the superuser 'admin' with the password {password}\n"
                "It is shown only this once. Sign in at /admin/ (change it there under Account if you like)."
            )
        )
