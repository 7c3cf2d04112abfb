"""IndexState: what the next build needs of this one's index to update it; and the small
global files (field lengths per year, the issue list, meta.js) written from it every time."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.content import Archive
from generator.model import Article
from generator.search.chars import ALPHABET, CHARACTERS, ONE
from generator.search.documents import doc_number, doc_ref, search_meta
from generator.search.format import FIELDS, PIECE_BYTES, script_payload


@dataclass
class IndexState:
    limit: int = PIECE_BYTES
    keys: dict[int, tuple[str, str]] = field(default_factory=dict)  # document -> (article digest, section)
    lengths: dict[int, tuple[int, ...]] = field(default_factory=dict)  # document -> field lengths
    nodes: dict[str, tuple[int, int]] = field(default_factory=dict)  # trie node -> (size, term count)
    leaves: frozenset[str] = frozenset()
    figures: dict = field(default_factory=dict)


def doc_key(a: Article) -> tuple[str, str]:
    return (a.digest, a.section)


def write_globals(archive: Archive, writer, state: IndexState) -> None:
    """Field lengths per year, the issue list and the manifest: small, and rewritten every time."""
    by_year: dict[str, dict[str, list[int]]] = {}
    for a in archive.articles:
        number = doc_number(a.date, a.seq)
        by_year.setdefault(a.date[:4], {})[doc_ref(number)] = list(state.lengths[number])
    for year, lengths in sorted(by_year.items()):
        writer.write(f"search/len/{year}.js", script_payload("lengths", year, lengths))
    issues = [[i.date, i.number or 0, [a.seq for a in i.articles]] for i in archive.issues]
    writer.write("search/issues.js", script_payload("issues", 0, issues))
    count = len(state.lengths)
    avg = [(sum(v[i] for v in state.lengths.values()) / count if count else 0.0) or 1.0 for i in range(len(FIELDS))]
    # The code of the records' text (search.chars): the same for every build, cached by the browser.
    writer.write("search/chars.js", script_payload("chars", 0, [ONE, ALPHABET, CHARACTERS]))
    writer.write("search/meta.js", script_payload("meta", 0, search_meta(archive, count, avg, state.leaves)))
