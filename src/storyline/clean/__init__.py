"""Clean: raw wire copy or an HTML page -> body, plus byline, dateline, credits, boilerplate."""

from storyline.clean.html import clean_html
from storyline.clean.wire import clean_text

__all__ = ["clean_html", "clean_text"]
