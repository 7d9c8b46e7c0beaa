import signal
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importing import EssayFileError, import_essays
from blog.importing.downloads import Downloads
from blog.importing.runs import essay_files, outcome_lines, read_all, summary_lines, warnings_of
from blog.models import EssayIndexPage


class Command(BaseCommand):
    help = (
        "Import essays from Markdown (.md or .markdown, with the front matter of this site, AstroPaper, Hugo or "
        "Jekyll, or none) and plain-text (.txt, one paragraph a line) "
        "files, or folders of them. Re-importing a file updates its essay. If any file is bad, nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Essay files, or folders to search for them.")
        parser.add_argument("--title", help="Title of the plain-text essay (.txt files have none of their own).")
        parser.add_argument(
            "--date",
            help="Publication date of the plain-text essay, or of Markdown files without front matter, YYYY-MM-DD.",
        )
        parser.add_argument("--tags", help="Comma-separated tags of the plain-text essay.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--root",
            metavar="DIR",
            help="The old site's static folder: site-absolute paths such as /assets/photo.png are read from it.",
        )
        parser.add_argument(
            "--old-url",
            metavar="URL",
            help="The old site's address (https://old.example): links into it lead to the imported pages.",
        )
        parser.add_argument(
            "--no-download",
            action="store_true",
            help="Refuse remote images instead of downloading them into the media library.",
        )

    def handle(self, *args, root, no_download, **options):
        if root and not Path(root).is_dir():
            raise CommandError(f"--root {root}: no such folder.")
        try:
            with signals_stop_like_ctrl_c(), nullcontext() if no_download else Downloads() as downloads:
                self.run(root=root, downloads=downloads, **options)
        except KeyboardInterrupt:
            raise CommandError("Interrupted; nothing was imported.") from None

    def run(self, *, paths, title, date, tags, dry_run, verbosity, root, downloads, old_url, **options):
        self.verbosity = verbosity
        try:
            files = essay_files(paths)
        except ValueError as error:
            raise CommandError(str(error)) from None
        plain_text = [path for path, _folder in files if path.suffix.lower() == ".txt"]
        if title and len(plain_text) > 1:
            raise CommandError(f"--title names one essay, but this run has {len(plain_text)} plain-text files.")

        sources, errors = read_all(
            files,
            progress=progress_bar(self, "Reading", len(files)),
            title=title,
            date=date,
            tags=tags,
            root=root,
            downloads=downloads,
        )
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} problem(s) found; nothing was imported.")

        index = EssayIndexPage.objects.first()
        if index is None:
            raise CommandError("The site has no essay index page yet: run 'manage.py load_initial_data' first.")
        try:
            outcomes = import_essays(
                sources, index, dry_run=dry_run, old_url=old_url, progress=progress_bar(self, "Writing", len(sources))
            )
        except EssayFileError as error:
            raise CommandError(f"{error}\nNothing was imported.") from error
        report(self, outcomes, dry_run=dry_run)


@contextmanager
def signals_stop_like_ctrl_c():
    """SIGTERM (kill, systemd, docker stop) and SIGHUP (a closed terminal) interrupt the run as Ctrl-C does, so that
    it is rolled back and its staged and downloaded files deleted, instead of the process ending on the spot."""
    stopping = (signal.SIGTERM, signal.SIGHUP)
    previous = [signal.signal(number, signal.default_int_handler) for number in stopping]
    try:
        yield
    finally:
        for number, handler in zip(stopping, previous, strict=True):
            signal.signal(number, handler)


def progress_bar(command, doing, total, width=30):
    """A function showing how far the run is, on one line of a terminal; nothing when the output goes elsewhere
    (a file, a pipe, a test), so that logs hold only the report."""
    if not command.stderr.isatty():
        return lambda done: None

    def show(done):
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        command.stderr.write(f"\r{doing} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=end)
        command.stderr.flush()

    return show


def report(command, outcomes, *, dry_run):
    """Each essay's outcome and its warnings (unless -v 0), then a summary that fits on one screen."""
    if command.verbosity:
        for line in outcome_lines(outcomes, dry_run=dry_run):
            command.stdout.write(line)
        for warning in warnings_of(outcomes):
            command.stderr.write(f"warning: {warning}")
    for line in summary_lines(outcomes, dry_run=dry_run):
        command.stdout.write(line)
