import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from blog.importing import EssayFileError, import_essays, read_essay_file
from blog.models import EssayIndexPage
from portfolio.models import HomePage

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


class Command(BaseCommand):
    help = "Build the page tree and load the author's essays. Running it again adds only what is missing."

    def handle(self, *args, **options):
        try:
            sources = [
                read_essay_file(path, **PLAIN_TEXT_ESSAYS.get(path.name, {}))
                for path in sorted(ESSAYS_DIR.iterdir())
                if path.suffix in {".md", ".txt"}
            ]
        except EssayFileError as error:
            raise CommandError(str(error)) from error
        with transaction.atomic():
            home = self.home_page()
            index = self.child_page(
                home, EssayIndexPage, title="Essays", slug="essays", intro=ESSAY_INDEX_INTRO, show_in_menus=True
            )
            outcomes = import_essays(sources, index, keep_existing=True)
        for outcome in outcomes:
            if outcome.action == "create":
                self.stdout.write(f"Added the essay '{outcome.source.title}'.")
            for warning in outcome.source.warnings:
                self.stderr.write(f"warning: {warning}")
        if settings.DEBUG:
            self.create_admin()

    def home_page(self):
        """The site's home page, replacing the welcome page a fresh Wagtail database starts with."""
        home = HomePage.objects.first()
        if home:
            return home
        root = Page.get_first_root_node()
        # The welcome page is a plain Page; deleting it also deletes the default Site that points at it.
        Page.objects.child_of(root).filter(content_type__model="page", content_type__app_label="wagtailcore").delete()
        home = root.add_child(instance=HomePage(title="Software and music", slug="home", intro=HOME_INTRO))
        home.save_revision().publish()
        # The site's own address, used for canonical and feed URLs, is the one the admin is reached at.
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        port = address.port or (443 if address.scheme == "https" else 80)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": address.hostname,
                "port": port,
                "root_page": home,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        self.stdout.write("Created the home page.")
        return home

    def child_page(self, parent, page_class, **fields):
        page = page_class.objects.child_of(parent).first()
        if page:
            return page
        page = parent.add_child(instance=page_class(**fields))
        page.save_revision().publish()
        self.stdout.write(f"Created the page {page.url_path[len(parent.url_path) - 1 :]}.")
        return page

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
