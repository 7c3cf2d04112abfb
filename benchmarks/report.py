"""results_markdown(): benchmarks/results.json as benchmarks/RESULTS.md, beside the targets."""

from __future__ import annotations


def _peer_build(peer: dict) -> str:
    """A peer's build time, or why it was not run (a peer that is not installed is skipped)."""
    return f"{peer['build_seconds']} s" if "build_seconds" in peer else peer.get("skipped", "–")


def _get(results: dict, *path, default="–"):
    value = results
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return default
        value = value[key]
    return value


def _mb(mib) -> str:
    """MiB (what the figures are kept in) as the MB (10^6 bytes) a target is set in."""
    return f"{mib * 2**20 / 1e6:.1f}" if isinstance(mib, (int, float)) else "–"


def results_markdown(r: dict) -> str:
    m = r.get("machine", {})
    b, s, rb = r.get("build", {}), r.get("search", {}), r.get("rebuilds", {})
    pf = r.get("peers", {}).get("pagefind", {})
    versus = (f"; {b['index_mb'] / pf['index_mb']:.2f}× Pagefind's {pf['index_mb']} MiB"
              if pf.get("index_mb") and b.get("index_mb") else "")
    rows = [
        ("whole site", f"{_get(b, 'site_mb')} MiB = {_mb(b.get('site_mb'))} MB, {_get(b, 'files')} files",
         "≤ 500 MB"),
        ("`search/`", f"{_get(b, 'index_mb')} MiB ({_get(b, 'index_pieces')} pieces, median "
                      f"{_get(b, 'piece_kb_median')} KB, max {_get(b, 'piece_kb_max')} KB){versus}",
         "≤ Pagefind's index of the same pages"),
        ("full build", f"{_get(b, 'site_build_seconds')} s wall, {_get(b, 'site_build_peak_mb')} MB peak "
                       f"(largest process)", "≤ 60 s, ≤ 2 GB"),
        ("search index alone (one process)", f"{_get(b, 'index_build_seconds')} s, "
                                             f"{_get(b, 'index_build_peak_mb')} MB", "–"),
        ("rebuild, nothing changed", f"{_get(rb, 'no_change', 'seconds')} s, "
                                     f"{_get(rb, 'no_change', 'files_written')} files written", "≤ 2 s"),
        ("rebuild after editing one title", f"{_get(rb, 'edit_title', 'seconds')} s, "
                                            f"{_get(rb, 'edit_title', 'files_written')} files written",
         "≤ 5 s, ≤ 100 files"),
        ("add one issue and rebuild", f"{_get(rb, 'add_issue', 'seconds')} s, "
                                      f"{_get(rb, 'add_issue', 'peak_mb')} MB peak", "≤ 10 s"),
        ("cold first query (HTTP, gzip)", f"median {_get(s, 'cold_kb_median')} KB / "
                                          f"{_get(s, 'cold_search_ms_median')} ms, max {_get(s, 'cold_kb_max')} KB / "
                                          f"{_get(s, 'cold_search_ms_max')} ms", "median ≤ 250 KB, max ≤ 500 KB, ≤ 500 ms"),
        ("later query", f"median {_get(s, 'later_ms_median')} ms, max {_get(s, 'later_ms_max')} ms", "≤ 100 ms median"),
        ("longest task while searching (a frame)", f"max {_get(s, 'longest_task_ms_max')} ms, "
                                                     f"median {_get(s, 'longest_task_ms_median')} ms", "≤ 200 ms"),
        ("results-over-time chart, query with most hits", f"{_get(s, 'chart_most_hits', 'chart_ms')} ms "
                                                           f"({_get(s, 'chart_most_hits', 'total')} hits)", "–"),
        ("recall on planted phrases", f"{_get(s, 'recall_planted')}", "100%"),
        ("precision on dictionary words", f"min {_get(s, 'precision_words_min')}, "
                                          f"mean {_get(s, 'precision_words_mean')}", "–"),
        ("article page + CSS + JS, gzip", f"{_get(r, 'page_weight', 'article_page_gzip_kb')} KB", "< 30 KB"),
        ("parse 1,500 raw issues", f"{_get(r, 'parse', 'seconds')} s", "well under a minute"),
    ]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks.run`); the raw figures are in `results.json`.",
        "",
        f"- date: {m.get('date', '–')}",
        f"- machine: {m.get('cpu', '–')}, {m.get('cores', '–')} cores, {m.get('memory_mb', '–')} MB; "
        f"Python {m.get('python', '–')}; {m.get('system', '–')}",
        f"- archive: {_get(b, 'issues')} issues, {_get(b, 'articles')} synthetic articles "
        "(`benchmarks/synth.py`: ~1,600 characters on average, the paper's spread of lengths)",
        f"- search served by {_get(s, 'server')}, driven in headless Chromium; {_get(s, 'queries')} cold queries",
        "",
        "| figure | dcsx | target |",
        "|---|---|---|",
        *[f"| {a} | {v} | {t} |" for a, v, t in rows],
    ]
    peers = r.get("peers")
    if peers:
        pf, hugo, pel = peers.get("pagefind", {}), peers.get("hugo", {}), peers.get("pelican", {})
        lines += [
            "",
            "## The same archive elsewhere",
            "",
            "Pelican (PyPI, theme `simple`) and Hugo (Debian's package, a four-template theme) build the same",
            "articles; Pagefind (PyPI, `pagefind[extended]`) indexes the HTML dcsx built. Cold queries for",
            "Pagefind are the same queries, in a fresh browser context each, fetching ten results' data",
            "(its bytes are every response of the browser context: Pagefind fetches from a web worker).",
            "",
            "| | build | output | dcsx build time ÷ theirs |",
            "|---|---|---|---|",
            f"| dcsx (pages + search index) | {_get(b, 'site_build_seconds')} s | {_get(b, 'site_mb')} MiB, "
            f"{_get(b, 'files')} files | 1 |",
            f"| {' '.join(filter(None, ('Hugo', hugo.get('version'))))} (pages only) | {_peer_build(hugo)} | "
            f"{hugo.get('site_mb', '–')} MiB, {hugo.get('files', '–')} files | {hugo.get('dcsx_build_ratio', '–')} |",
            f"| Pelican (pages only) | {_peer_build(pel)} | {pel.get('site_mb', '–')} MiB, "
            f"{pel.get('files', '–')} files | {pel.get('dcsx_build_ratio', '–')} |",
            "",
            "| search | index build | index size | cold query, median | cold query, max |",
            "|---|---|---|---|---|",
            f"| dcsx (Lunr scores, postings in pieces) | {_get(b, 'index_build_seconds')} s | {_get(b, 'index_mb')} MiB | "
            f"{_get(s, 'cold_kb_median')} KB, {_get(s, 'cold_search_ms_median')} ms | {_get(s, 'cold_kb_max')} KB |",
            f"| Pagefind | {pf.get('index_seconds', '–')} s | {pf.get('index_mb', '–')} MiB, "
            f"{pf.get('index_files', '–')} files | {pf.get('cold_kb_median', '–')} KB, "
            f"{pf.get('cold_search_ms_median', '–')} ms | {pf.get('cold_kb_max', '–')} KB |",
        ]
        if pf.get("found_nothing"):
            lines.append(f"\nPagefind found nothing for {pf['found_nothing']} of the {pf.get('queries')} queries.")
    return "\n".join(lines) + "\n"
