"""Hugo shortcodes and Liquid tags turned into the Markdown they stand for, line by line, so lines keep their numbers.

Those with an equivalent here become it (youtube, vimeo, figure, post_url, highlight, raw); any other is left
out and reported with its line, never published as it was written. Code blocks are left as they are.
"""

import re
import shlex

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
TEMPLATE_CODE = re.compile(
    r"(?P<escaped>\{\{[<%]/\*.*?\*/[>%]\}\})"  # {{</* x */>}} shows a shortcode as text
    r"|\{\{[<%]\s*(?P<closing>/?)\s*(?P<hugo>\w[\w./-]*)(?P<hugo_arguments>.*?)\s*[>%]\}\}"
    r"|\{%-?\s*(?P<liquid>\w+)(?P<arguments>.*?)\s*-?%\}"
    r"|\{\{-?\s*(?P<output>.*?)\s*-?\}\}"
)
SITE_ADDRESS = re.compile(r"^(site\.(baseurl|url)|['\"]([^'\"]*)['\"]\s*\|\s*(relative_url|absolute_url))$")


def named_arguments(text):
    """Shortcode arguments: key="value" pairs by name and bare words by position (0, 1...)."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    arguments = {}
    for position, word in enumerate(words):
        key, equals, value = word.partition("=")
        arguments.update({key: value} if equals else {position: word})
    return arguments


def hugo_shortcode(name, arguments):
    """The Markdown a Hugo shortcode stands for, or None."""
    if name == "youtube":
        video = arguments.get("id", arguments.get(0))
        return f"https://youtu.be/{video}" if video else None
    if name == "vimeo":
        video = arguments.get("id", arguments.get(0))
        return f"https://vimeo.com/{video}" if video else None
    if name == "figure" and arguments.get("src"):
        alt = arguments.get("alt") or arguments.get("caption") or arguments.get("title") or ""
        caption = arguments.get("caption") or arguments.get("title")
        title = ' "' + caption.replace('"', '\\"') + '"' if caption else ""
        return f"![{alt}]({arguments['src']}{title})"
    if name == "highlight":
        return "```" + str(arguments.get(0, ""))
    return None


def liquid_tag(name, arguments):
    """The Markdown a Liquid tag stands for, or None."""
    if name == "post_url" and arguments.strip():
        return f"{arguments.strip()}.md"  # the post's own file, which the run links to its new page
    if name == "highlight":
        return "```" + arguments.split()[0] if arguments.split() else "```"
    if name == "endhighlight":
        return "```"
    return None


def convert(body, first_line, warn):
    """The body with shortcodes and Liquid tags replaced; warn(line, message) for those left out."""
    lines, fence, raw = body.split("\n"), None, False
    for index, line in enumerate(lines):
        number = first_line + index
        found = FENCE.match(line)
        if fence is not None:
            if found and found.group(1)[0] == fence[0] and len(found.group(1)) >= len(fence):
                fence = None
            continue
        if found and not raw:
            fence = found.group(1)
            continue
        lines[index] = convert_line(line, number, warn, raw_state := {"raw": raw})
        raw = raw_state["raw"]
    return "\n".join(lines)


def convert_line(line, number, warn, state):
    """One line with its shortcodes and tags replaced, read left to right so that {% raw %} covers what follows."""

    def replace(match):
        if match.group("escaped"):
            return re.sub(r"/\*\s*|\s*\*/", "", match.group("escaped"))
        if match.group("liquid"):
            name, arguments = match.group("liquid"), match.group("arguments")
            if name in {"raw", "endraw"}:
                state["raw"] = name == "raw"
                return ""
        if state["raw"]:
            return match.group(0)
        if match.group("hugo"):
            return hugo(match.group("closing"), match.group("hugo"), match.group("hugo_arguments"))
        if match.group("liquid"):
            markdown = liquid_tag(name, arguments)
            if markdown is None:
                warn(number, f"Liquid tag '{name}' has no equivalent here; it was left out")
                return ""
            return markdown
        address = SITE_ADDRESS.match(match.group("output"))
        if address:
            return address.group(3) or ""  # {{ site.baseurl }}/x is /x on the old site
        warn(number, f"Liquid output '{{{{ {match.group('output')} }}}}' has no equivalent here; it was left out")
        return ""

    def hugo(closing, name, arguments):
        if closing:
            return "```" if name == "highlight" else ""
        markdown = hugo_shortcode(name, named_arguments(arguments))
        if markdown is None:
            warn(number, f"Hugo shortcode '{name}' has no equivalent here; it was left out")
            return ""
        return markdown

    if "{{" not in line and "{%" not in line:
        return line
    return TEMPLATE_CODE.sub(replace, line)
