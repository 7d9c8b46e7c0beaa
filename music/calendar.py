"""The shows as an iCalendar feed (RFC 5545), written by hand: a few lines of text need no library."""

import datetime

from django.utils import timezone

STATUSES = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def escape(text):
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line):
    """A content line cut into lines of at most 75 octets, never inside a character, each next one indented."""
    parts, current = [], ""
    for character in line:
        limit = 75 if not parts else 74
        if len((current + character).encode()) > limit:
            parts.append(current)
            current = ""
        current += character
    return "\r\n ".join([*parts, current])


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(show, url, host):
    if show.start_time:
        lines = [f"DTSTART:{utc(show.starts)}"]
        if show.ends:
            lines.append(f"DTEND:{utc(show.ends)}")
    else:
        # A day without a time is an all-day event, which ends (exclusively) the day after its last.
        last_day = show.end_date or show.date
        lines = [
            f"DTSTART;VALUE=DATE:{show.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last_day + datetime.timedelta(days=1):%Y%m%d}",
        ]
    stamp = show.last_published_at or timezone.now()
    lines = [f"UID:show-{show.pk}@{host}", f"DTSTAMP:{utc(stamp)}", *lines, f"SUMMARY:{escape(show.title)}"]
    if show.place:
        lines.append(f"LOCATION:{escape(show.place)}")
    if show.project_list:
        lines.append(f"DESCRIPTION:{escape('With ' + ', '.join(project.title for project in show.project_list))}")
    lines += [f"URL:{url}", f"STATUS:{STATUSES[show.status]}"]
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def calendar(shows, name, host, url_of):
    """The whole calendar as text; url_of(show) gives each show's absolute URL."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{host}//Shows//EN", f"X-WR-CALNAME:{escape(name)}"]
    for show in shows:
        lines += event_lines(show, url_of(show), host)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
