"""What a source says of a document besides its text: title, publication date, URL."""

import datetime
import re
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit

from .text import normalize_text

# Kept as they are in a URL; everything else (spaces, quotes, <>, non-ASCII, ...) is
# percent-encoded, so the result is a valid IRI whatever the source wrote.
_URL_SAFE = "!$&'()*+,/:;=?@~%"
_BAD_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")
_IPV6_HOST = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://(?:[^/@]*@)?)%5B([0-9A-Fa-f:.]+)%5D")


def clean_title(value: str) -> str | None:
    """A title on one line, its spacing made plain; None if there is nothing to it."""
    return " ".join(normalize_text(value).split()) or None


def parse_date(value: str) -> datetime.date | None:
    """A date (or date and time) written in ISO 8601 ("2024-05-17", "2024-05-17T09:30:00Z")
    or as in e-mail and RSS feeds ("Fri, 17 May 2024 09:30:00 GMT"); None otherwise."""
    value = value.strip()
    for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat, parsedate_to_datetime):
        try:
            return parse(value)
        except (ValueError, TypeError, IndexError):
            continue
    return None


def absolute_url(value: str) -> str | None:
    """The http(s) URL of a page, percent-encoded where needed to be a valid IRI; None if
    the value is not an absolute http(s) URL."""
    base, _, fragment = _SURROGATE.sub("\ufffd", value.strip()).partition("#")
    url = quote(base, safe=_URL_SAFE) + ("#" + quote(fragment, safe=_URL_SAFE) if fragment else "")
    url = _IPV6_HOST.sub(r"\1[\2]", _BAD_PERCENT.sub("%25", url))
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return url
