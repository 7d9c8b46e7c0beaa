"""Front matter of this site, AstroPaper, Hugo (YAML and TOML) and Jekyll, read through one table of keys.

A key the table does not name is kept aside, to be reported once per run as a warning: generators write many
keys (layout, author, ogImage...) that an essay has no use for, and none of them is a reason to refuse a file.
"""

import datetime
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from blog.importing.sources import EssayFileError
from portfolio.pages.text import clean_text

# Front matter is a few short values. Aliases (&name ... *name) can make a few lines stand for billions of values
# ("billion laughs"); a key whose value would be more than this many, written out, is refused before it is built.
VALUES_PER_KEY = 1000
DATE_AND_TIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)


class FrontMatterValueError(ValueError):
    """A value a key cannot take; its message is reported at the key's line."""


def shown(value):
    """A front matter value as an error message quotes it: text cut short, anything else by its kind, never whole
    (aliases can make a short list of a billion items)."""
    if isinstance(value, str):
        return f"'{value[:60]}…'" if len(value) > 60 else f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return "empty"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else type(value).__name__


def read_text(name, value, generator):
    """Text, which YAML must have read as text (title: 1984 is a number)."""
    if not isinstance(value, str):
        raise FrontMatterValueError(f"{name} must be text, not {shown(value)}; put it in quotes")
    return value.strip()


def read_date(name, value, generator):
    """A date, with or without a time and zone (2024-06-01T12:00:00Z, 2017-10-19 21:33:00 +0200): the day as written."""
    if isinstance(value, datetime.datetime):  # TOML reads dates itself
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise FrontMatterValueError(f"{name} must be a date written YYYY-MM-DD, not {shown(value)}")
    match = DATE_AND_TIME.match(str(value).strip())
    try:
        if not match:
            raise ValueError
        written = match["date"] + (f"T{match['time']:0>5}" if match["time"] else "")
        datetime.datetime.fromisoformat(written)  # the time must exist too
        return datetime.date.fromisoformat(match["date"])
    except ValueError:
        raise FrontMatterValueError(f"{name} {shown(value)} is not a date; write it as YYYY-MM-DD") from None


def read_flag(name, value, generator):
    if not isinstance(value, bool):
        raise FrontMatterValueError(f"{name} must be true or false, not {shown(value)}")
    return value


def read_unpublished(name, value, generator):
    """Jekyll's `published: false`, which is this site's `draft: true`."""
    return not read_flag(name, value, generator)


def read_tags(name, value, generator):
    """Names from a list or a comma-separated string; Jekyll also separates them with spaces (tags: a b c)."""
    if isinstance(value, str):
        value = value.split(",") if "," in value or generator != "jekyll" else value.split()
    if not isinstance(value, list) or not all(isinstance(tag, str | int | float) for tag in value):
        raise FrontMatterValueError(f"{name} must be a list of names or a comma-separated string")
    tags = [str(tag).strip() for tag in value]
    too_long = next((tag for tag in tags if len(tag) > 100), None)
    if too_long:
        raise FrontMatterValueError(f"tag '{too_long[:30]}...' is longer than 100 characters")
    return [tag for tag in tags if tag]


def read_addresses(name, value, generator):
    """Old addresses of the essay, one or a list, kept as redirects to its new page."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(address, str) for address in values):
        raise FrontMatterValueError(f"{name} must be an address or a list of addresses")
    return [address.strip() for address in values if address.strip()]


@dataclass(frozen=True)
class Key:
    field: str  # the EssaySource field it fills; several keys may fill one (tags and categories add up)
    read: Callable


# Every key read, whatever generator wrote it. A key that fills a field another key already filled is ignored
# (the first in this table wins), except for lists, which add up.
FRONT_MATTER = {
    "title": Key("title", read_text),
    "description": Key("description", read_text),
    "summary": Key("description", read_text),  # Hugo
    "excerpt": Key("description", read_text),  # Jekyll
    "date": Key("date", read_date),
    "pubDatetime": Key("date", read_date),  # AstroPaper
    "tags": Key("tags", read_tags),
    "categories": Key("tags", read_tags),  # Hugo, Jekyll
    "category": Key("tags", read_tags),  # Jekyll
    "featured": Key("featured", read_flag),
    "slug": Key("slug", read_text),
    "draft": Key("draft", read_flag),
    "published": Key("draft", read_unpublished),  # Jekyll
    "aliases": Key("old_addresses", read_addresses),  # Hugo
    "url": Key("old_addresses", read_addresses),  # Hugo
    "redirect_from": Key("old_addresses", read_addresses),  # Jekyll's jekyll-redirect-from
    "permalink": Key("old_addresses", read_addresses),  # Jekyll
    "canonicalURL": Key("old_addresses", read_addresses),  # AstroPaper
}
LIST_FIELDS = {"tags", "old_addresses"}


def generator_of(path, data, fence):
    """Which generator wrote the file, as far as its front matter and name tell: it decides the old default
    address and how a string of tags is split."""
    if fence == "+++" or "aliases" in data or "lastmod" in data or path.stem == "index":
        return "hugo"
    if "pubDatetime" in data or "modDatetime" in data:
        return "astro"
    if re.match(r"^\d{4}-\d{2}-\d{2}-", path.name) or {"layout", "permalink", "redirect_from"} & set(data):
        return "jekyll"
    return None


@dataclass
class FrontMatter:
    values: dict  # field: value, as the table read them
    lines: dict  # field: the line of the key that set it
    unknown: dict  # key: line, for keys the table does not name
    failed: set  # fields whose value was refused, and reported already
    generator: str | None
    body: str
    body_line: int  # the line of the file the body starts on
    present: bool  # False for a file with no front matter at all
    raw: dict  # every key as written, for what needs a key apart from the field it fills (Jekyll's categories)


def read_front_matter(path, text, problems):
    """The file's front matter read through FRONT_MATTER; every bad value is added to problems."""
    data, key_lines, fence, body, body_line = split(path, text)
    generator = generator_of(path, data, fence)
    values, lines, unknown, failed = {}, {}, {}, set()
    for key, value in data.items():
        known = FRONT_MATTER.get(key)
        if known is None:
            unknown[key] = key_lines[key]
            continue
        if known.field in values and known.field not in LIST_FIELDS:
            continue
        lines.setdefault(known.field, key_lines[key])
        try:
            read = known.read(key, value, generator)
        except FrontMatterValueError as error:
            problems.append(EssayFileError(path, key_lines[key], str(error)))
            failed.add(known.field)
            continue
        if known.field in LIST_FIELDS:
            values[known.field] = values.get(known.field, []) + read
        else:
            values[known.field] = read
    return FrontMatter(values, lines, unknown, failed, generator, body, body_line, fence is not None, data)


def split(path, text):
    """The raw front matter (YAML between --- lines or TOML between +++ lines), the line of each key, the fence,
    the body and the line it starts on. A file without front matter is all body."""
    lines = text.split("\n")
    fence = lines[0].strip() if lines else ""
    if fence not in {"---", "+++"}:
        return {}, {}, None, text, 1
    closing = {"---", "..."} if fence == "---" else {"+++"}
    try:
        end = next(index for index, line in enumerate(lines[1:], start=1) if line.strip() in closing)
    except StopIteration:
        raise EssayFileError(path, 1, f"the front matter opened with '{fence}' is never closed with another") from None
    inside = "\n".join(lines[1:end])
    data, key_lines = read_yaml(path, inside) if fence == "---" else read_toml(path, inside)
    return data, key_lines, fence, "\n".join(lines[end + 1 :]), end + 2


def read_toml(path, text):
    """Hugo's TOML front matter, and the line of each top-level key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) + 1 if found else 1
        raise EssayFileError(path, line, f"bad TOML in front matter: {str(error).split(' (at')[0]}") from None
    key_lines = {}
    for number, line in enumerate(text.split("\n"), start=2):
        found = re.match(r"^\s*([\w-]+|\"[^\"]+\")\s*=", line)
        if found:
            key_lines.setdefault(found.group(1).strip('"'), number)
    return cleaned(data), {key: key_lines.get(key, 1) for key in data}


class YamlLoader(yaml.SafeLoader):
    """YAML that keeps dates as text, so that an impossible date is reported as a bad date."""


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path, text):
    """The front matter's values and the line of each key; each value is measured before it is built."""
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise EssayFileError(path, 2, "the front matter must be 'key: value' lines")
        data, key_lines = {}, {}
        for key, value in node.value:
            line = key.start_mark.line + 2
            if not isinstance(key, yaml.ScalarNode):
                raise EssayFileError(path, line, "a front matter key must be a name, such as 'title'")
            if expands_beyond(value, VALUES_PER_KEY):
                raise EssayFileError(
                    path,
                    line,
                    f"'{key.value}' stands for more than {VALUES_PER_KEY} values once its aliases (*name) "
                    "are written out; front matter needs no aliases",
                )
            try:
                data[key.value] = cleaned(loader.construct_object(value, deep=True))
            except ValueError:  # Python reads no integer of more than 4,300 digits
                raise EssayFileError(path, line, f"'{key.value}' holds a number too long to read") from None
            key_lines[key.value] = line
        return data, key_lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise EssayFileError(path, line, f"bad YAML in front matter: {problem}") from None
    except RecursionError:
        raise EssayFileError(path, 2, "bad YAML in front matter: lists or mappings nested too deeply") from None
    finally:
        loader.dispose()


def expands_beyond(node, limit):
    """Whether a YAML node holds more than limit values with its aliases written out; counts at most limit + 1."""
    waiting, count = [node], 0
    while waiting and count <= limit:
        node = waiting.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            waiting += node.value
        elif isinstance(node, yaml.MappingNode):
            waiting += [part for pair in node.value for part in pair]
    return count > limit


def cleaned(value):
    """A front matter value with the characters XML and HTML cannot carry removed, as YAML escapes can write them."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if isinstance(value, dict):
        return {cleaned(key): cleaned(item) for key, item in value.items()}
    return value
