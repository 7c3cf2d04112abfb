"""Text conservation: every non-whitespace character of an issue must be accounted for.

It ends up in the issue metadata (masthead lines), in an article (headline, column,
dateline, body, byline) or in ``dropped``.  Markdown markup (heading marks, bold marks,
autolink brackets) is not text and is not counted.
"""

from __future__ import annotations

from collections import Counter

from generator.model import ParsedIssue
from generator.text import squash, strip_markup


def _chars(text: str) -> Counter[str]:
    return Counter(squash(strip_markup(text)))


def output_text(parsed: ParsedIssue) -> list[str]:
    """Every piece of input text the parse result keeps (made-up titles excluded)."""
    pieces = [s.text for s in parsed.issue.masthead_lines]
    for a in parsed.articles:
        if not a.title_inferred:
            pieces.append(a.title)
        pieces += [a.kicker or "", a.subtitle or "", a.column or "", a.dateline or "", a.byline or "", a.body]
    pieces += [d.text for d in parsed.dropped]
    return pieces


def unaccounted(text: str, parsed: ParsedIssue) -> tuple[Counter[str], Counter[str]]:
    """Return (characters lost, characters added) between an input text and its parse."""
    source = Counter()
    for line in text.split("\n"):
        source += _chars(line)
    kept = Counter()
    for piece in output_text(parsed):
        for line in piece.split("\n"):
            kept += _chars(line)
    return source - kept, kept - source
