import os
import re
import signal
from collections import Counter, defaultdict
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importing import ESSAY_SUFFIXES, EssayFileError, duplicate_slugs, import_essays, read_essay_file
from blog.importing.downloads import Downloads
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
        files = essay_files(paths)
        plain_text = [path for path, _folder in files if path.suffix.lower() == ".txt"]
        if title and len(plain_text) > 1:
            raise CommandError(f"--title names one essay, but this run has {len(plain_text)} plain-text files.")

        sources, errors = [], []
        for path, folder in files:
            try:
                source = read_essay_file(
                    path, folder=folder, title=title, date=date, tags=tags, root=root, downloads=downloads
                )
                sources.append(source)
            except EssayFileError as error:
                errors += error.messages
        errors += duplicate_slugs(sources)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} problem(s) found; nothing was imported.")

        index = EssayIndexPage.objects.first()
        if index is None:
            raise CommandError("The site has no essay index page yet: run 'manage.py load_initial_data' first.")
        try:
            outcomes = import_essays(sources, index, dry_run=dry_run, old_url=old_url)
        except EssayFileError as error:
            raise CommandError(f"{error}\nNothing was imported.") from error
        report(self, outcomes, dry_run=dry_run)


def essay_files(paths):
    """Each .md and .txt file named, and those found in the folders named, in a stable order, with the folder that
    the files it reads must stay in: the folder named, or the named file's own. Hidden files and folders are skipped."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = []
            for folder, subfolders, file_names in os.walk(path):
                subfolders[:] = [subfolder for subfolder in subfolders if not subfolder.startswith(".")]
                found += [Path(folder, file_name) for file_name in file_names if is_essay_file_name(file_name)]
            files += [(essay, path) for essay in sorted(found) if essay.is_file()]
        elif path.is_file():
            files.append((path, path.parent))
        else:
            raise CommandError(f"{name}: no such file or folder.")
    if not files:
        raise CommandError("No .md or .txt files found in " + ", ".join(paths) + ".")
    return files


def is_essay_file_name(name):
    return not name.startswith(".") and Path(name).suffix.lower() in ESSAY_SUFFIXES


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


def report(command, outcomes, *, dry_run):
    """Each essay's outcome and its warnings (unless -v 0), then a summary that fits on one screen."""
    verbs = {
        "create": ("Would create", "Created"),
        "update": ("Would update", "Updated"),
        "unchanged": ("Unchanged", "Unchanged"),
        "skip": ("Already on the site, left as it is:", "Already on the site, left as it is:"),
    }
    warnings = [warning for outcome in outcomes for warning in outcome.source.warnings]
    warnings += unused_keys(outcome.source for outcome in outcomes)
    if command.verbosity:
        for outcome in outcomes:
            verb = verbs[outcome.action][0 if dry_run else 1]
            command.stdout.write(f"{verb} '{outcome.source.title}' ({outcome.source.slug}) from {outcome.source.path}")
        for warning in warnings:
            command.stderr.write(f"warning: {warning}")
    counts = Counter(outcome.action for outcome in outcomes)
    done = ", ".join(f"{counts[action]} {SUMMARY_WORDS[action][dry_run]}" for action in SUMMARY_WORDS)
    command.stdout.write(f"{'Dry run: ' if dry_run else ''}{len(outcomes)} essays: {done}; {len(warnings)} warnings.")
    if getattr(outcomes, "redirects", 0):
        command.stdout.write(f"{outcomes.redirects} old addresses {'would ' if dry_run else ''}now redirect to essays.")
    for kind, count in Counter(warning_kind(warning) for warning in warnings).most_common(MAX_WARNING_KINDS):
        command.stdout.write(f"  {count:>5} × {kind}")


SUMMARY_WORDS = {
    "create": ("created", "to create"),
    "update": ("updated", "to update"),
    "unchanged": ("unchanged", "unchanged"),
    "skip": ("left as they are", "left as they are"),
}
MAX_WARNING_KINDS = 12


def unused_keys(sources):
    """One warning per front matter key the site has no use for, however many files have it."""
    found = defaultdict(list)
    for source in sources:
        for key, line in source.unknown_keys.items():
            found[key].append(f"{source.path}:{line}")
    return [
        f"{places[0]}: front matter key '{key}' has no use on this site and was left out"
        + (f" (also in {len(places) - 1} other files)" if len(places) > 1 else "")
        for key, places in found.items()
    ]


def warning_kind(warning):
    """A warning without its place and quoted details, so that warnings of one kind are counted together."""

    message = re.sub(r"^.*?:\d+: ", "", warning)
    return re.sub(r"\(also in \d+ other files\)|'[^']*'|\d+", "…", message).strip()
