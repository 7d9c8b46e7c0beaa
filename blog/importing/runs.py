"""What a run of the importer does around the essays, for the command and the admin alike: finding the files,
reading them all, and the report."""

import os
import re
from collections import Counter, defaultdict
from pathlib import Path

from blog.importing.files import ESSAY_SUFFIXES, duplicate_slugs, read_essay_file
from blog.importing.sources import EssayFileError

VERBS = {
    "create": ("Would create", "Created"),
    "update": ("Would update", "Updated"),
    "unchanged": ("Unchanged", "Unchanged"),
    "skip": ("Already on the site, left as it is:", "Already on the site, left as it is:"),
}
SUMMARY_WORDS = {
    "create": ("created", "to create"),
    "update": ("updated", "to update"),
    "unchanged": ("unchanged", "unchanged"),
    "skip": ("left as they are", "left as they are"),
}
MAX_WARNING_KINDS = 12


def essay_files(paths):
    """Each essay file named, and those found in the folders named, in a stable order, with the folder that the
    files it reads must stay in: the folder named, or the named file's own. Hidden files and folders are skipped.
    ValueError names a path that does not exist, or paths holding no essay."""
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
            raise ValueError(f"{name}: no such file or folder.")
    if not files:
        raise ValueError("No .md, .markdown or .txt files found in " + ", ".join(map(str, paths)) + ".")
    return files


def is_essay_file_name(name):
    return not name.startswith(".") and Path(name).suffix.lower() in ESSAY_SUFFIXES


def read_all(files, progress=None, **options):
    """Every file read: the sources, and every problem of every file (file:line: message)."""
    sources, errors = [], []
    for number, (path, folder) in enumerate(files, start=1):
        if progress:
            progress(number)
        try:
            sources.append(read_essay_file(path, folder=folder, **options))
        except EssayFileError as error:
            errors += error.messages
    return sources, errors + duplicate_slugs(sources)


def outcome_lines(outcomes, *, dry_run):
    """What happened to each essay, one line each."""
    return [
        f"{VERBS[outcome.action][0 if dry_run else 1]} '{outcome.source.title}' ({outcome.source.slug}) "
        f"from {outcome.source.path}"
        for outcome in outcomes
    ]


def warnings_of(outcomes):
    """The warnings met while reading and writing, and one for each front matter key the site has no use for."""
    warnings = [warning for outcome in outcomes for warning in outcome.source.warnings]
    return warnings + unused_keys(outcome.source for outcome in outcomes)


def summary_lines(outcomes, *, dry_run):
    """A summary that fits on one screen: essays by outcome, redirects, warnings by kind."""
    warnings = warnings_of(outcomes)
    counts = Counter(outcome.action for outcome in outcomes)
    done = ", ".join(f"{counts[action]} {SUMMARY_WORDS[action][dry_run]}" for action in SUMMARY_WORDS)
    lines = [f"{'Dry run: ' if dry_run else ''}{len(outcomes)} essays: {done}; {len(warnings)} warnings."]
    if getattr(outcomes, "redirects", 0):
        lines.append(f"{outcomes.redirects} old addresses {'would ' if dry_run else ''}now redirect to essays.")
    for kind, count in Counter(warning_kind(warning) for warning in warnings).most_common(MAX_WARNING_KINDS):
        lines.append(f"  {count:>5} × {kind}")
    return lines


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
