"""HTML pages to the article they hold: main text, title, date and URL (trafilatura, offline)."""

import datetime
import sys
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import use_config

from .metadata import absolute_url, clean_title, parse_date

_CONFIG = use_config()
# kg's own limit (--max-bytes) applies before; trafilatura's 20 MB one would drop pages silently.
_CONFIG["DEFAULT"]["MAX_FILE_SIZE"] = str(sys.maxsize)


@dataclass(frozen=True, slots=True)
class Article:
    """What trafilatura finds in a page: the main text (paragraphs on lines of their own)
    and the metadata it can read from the markup."""

    text: str
    title: str | None
    date: datetime.date | None
    url: str | None


def html_article(html: str) -> Article | None:
    """The article of a page, or None when the page holds no main text.

    Nothing is fetched: the date comes from the page's markup (meta tags, time elements),
    the URL from its canonical link or og:url.
    """
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, config=_CONFIG,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None or not (found.text or "").strip():
        return None
    return Article(
        text=found.text,
        title=clean_title(found.title) if found.title else None,
        date=parse_date(found.date) if found.date else None,
        url=absolute_url(found.url) if found.url else None,
    )
