"""Text conservation: every non-whitespace character of an issue must be accounted for.

It ends up in the issue metadata (masthead lines, running heads), in an article (headline, column,
dateline, body, byline, captions) or in ``dropped``.  Markdown markup (heading marks, bold marks,
autolink brackets) is not text and is not counted.
"""

from __future__ import annotations

from collections import Counter

from generator.ingest.normalize import normalize_text
from generator.model import ParsedIssue
from generator.text import squash, strip_inline_markup, strip_markup, strip_raw_markup


def _chars(text: str, *, escaped: bool) -> Counter[str]:
    """Count the text of lines whose heading marks, bold pairs and autolink brackets are
    markup.  Backslash escapes are markup only in ``escaped`` text (the bodies ingest wrote);
    in the issue as received a backslash is a character like any other."""
    strip = strip_markup if escaped else strip_raw_markup
    counts: Counter[str] = Counter()
    for line in text.split("\n"):
        counts.update(squash(strip(line)))
    return counts


def kept_text(parsed: ParsedIssue) -> tuple[list[str], list[str], list[str]]:
    """Return (raw lines, Markdown bodies, plain pieces) of input text the parse keeps (made-up
    titles excluded).

    The masthead lines and running heads are lines as received; the bodies are Markdown,
    escaped by ingest; headlines, columns, datelines, bylines and dropped lines are plain text
    whose heading marks were already removed.
    """
    raw = [s.text for s in parsed.issue.masthead_lines + parsed.issue.running_heads]
    markdown = [a.body for a in parsed.articles]
    plain = [d.text for d in parsed.dropped]
    for a in parsed.articles:
        plain += [a.kicker or "", a.subtitle or "", a.column or "", a.dateline or "", a.byline or "", *a.captions]
        if not a.title_inferred:
            plain.append(a.title)
    return raw, markdown, plain


def unaccounted(text: str, parsed: ParsedIssue) -> tuple[Counter[str], Counter[str]]:
    """Return (characters lost, characters added) between an input text and its parse.

    The parse is of the normalized text (``normalize``): what the normalizer changed it counts
    and reports itself, so the input is compared here as normalized."""
    return unaccounted_normalized(normalize_text(text).text, parsed)


def unaccounted_normalized(text: str, parsed: ParsedIssue) -> tuple[Counter[str], Counter[str]]:
    """``unaccounted`` for a text that is already normalized (what ``parse_issue`` parsed)."""
    source = _chars(text, escaped=False)
    raw, markdown, plain = kept_text(parsed)
    kept: Counter[str] = Counter()
    for piece in raw:
        kept += _chars(piece, escaped=False)
    for piece in markdown:
        kept += _chars(piece, escaped=True)
    for piece in plain:
        kept.update(squash(strip_inline_markup(piece)))
    return source - kept, kept - source
