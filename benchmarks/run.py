"""Benchmarks: `python -m benchmarks.run [--issues 1500] [--quick]` -> benchmarks/results.json.

Targets (from the issues; checked here, never in unit tests):
  parse 1,500 issues well under a minute;
  search index build < 90 s and < 3 GB at ~20,000 articles; whole site < 1 GB;
  article page with its CSS and JS < 30 KB gzipped;
  cold first query: median < 300 KB transferred, none > 600 KB, < 500 ms; later queries < 100 ms;
  recall 100% on planted phrases; precision >= 0.99 on word queries.
The site is served on 127.0.0.1 with gzip, as GitHub Pages serves it, and driven in Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import FLAGS, du, timed  # noqa: E402
from benchmarks.report import results_markdown  # noqa: E402
from benchmarks.synth import make_archive, raw_issues  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.content import load_archive  # noqa: E402
from generator.ingest import parse_issue  # noqa: E402
from generator.site.render import plain_text  # noqa: E402
from generator.text import squash  # noqa: E402

def bench_parse(count: int) -> dict:
    texts = raw_issues(count)
    start = time.perf_counter()
    articles = sum(len(parse_issue(t, source=f"synthetic-{i}").articles) for i, t in enumerate(texts))
    seconds = time.perf_counter() - start
    result = {"issues": count, "articles": articles, "seconds": round(seconds, 2),
              "mb": round(sum(len(t.encode()) for t in texts) / 2**20, 1)}
    corpus = ROOT.parent / "shared" / "corpus"
    if (corpus / "gold.yaml").exists():
        import yaml

        from tests.test_gold import gold_failures

        gold = yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))
        failures = {name: gold_failures(corpus / name, entry) for name, entry in gold.items()}
        result["corpus_gold"] = {"issues": len(gold), "issues_exact": sum(1 for f in failures.values() if not f),
                                 "gold_articles": sum(len(e["articles"]) for e in gold.values()),
                                 "problems": sum(len(f) for f in failures.values())}
    return result


INDEX_ONLY = """
import sys, time, resource
from pathlib import Path
from generator.config import load_config
from generator.content import load_archive
from generator.search.index import write_search_index
class Null:
    def write(self, url, data): pass
archive = load_archive(Path(sys.argv[1]), load_config(Path("archive.toml")))
start = time.perf_counter()
figures = write_search_index(archive, Null()).figures
print(round(time.perf_counter() - start, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, figures["pieces"])
"""


def bench_build(work: Path, issues: int) -> tuple[dict, list[dict]]:
    content, site = work / "content", work / "site"
    planted = make_archive(content, issues=issues)
    (work / "planted.json").write_text(json.dumps(planted), encoding="utf-8")
    index_out = subprocess.run([sys.executable, "-c", INDEX_ONLY, str(content)], capture_output=True, text=True,
                               cwd=ROOT, check=True).stdout.split()
    seconds, peak, out = timed([sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(site)])
    pieces = sorted(p.stat().st_size for p in (site / "search" / "idx").glob("*.js"))
    return {
        "articles": len(planted),
        "issues": issues,
        "index_build_seconds": float(index_out[0]),
        "index_build_peak_mb": int(index_out[1]),
        "index_pieces": int(index_out[2]),
        "site_build_seconds": round(seconds, 1),
        "site_build_peak_mb": peak,
        "site_mb": round(du(site) / 2**20, 1),
        "index_mb": round(du(site / "search") / 2**20, 1),
        "piece_kb_median": round(statistics.median(pieces) / 1024, 1),
        "piece_kb_max": round(pieces[-1] / 1024, 1),
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
    }, planted


def page_weight(site: Path) -> dict:
    article = next(iter(sorted(site.glob("issues/*/01.html"))))
    parts = [article, site / "static/dcsx.css", site / "static/dcsx.js", site / "static/favicon.svg"]
    sizes = {p.name: len(gzip.compress(p.read_bytes(), 9)) for p in parts}
    return {"article_page_gzip_kb": round(sum(sizes.values()) / 1024, 1), "parts": sizes}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files gzip-compressed over keep-alive HTTP/1.1, as GitHub Pages does (it also has HTTP/2)."""

    protocol_version = "HTTP/1.1"
    cache: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in (".html", ".js", ".css", ".xml", ".svg")
        key = (str(path), compress)
        body = self.cache.get(key)
        if body is None:  # a CDN compresses once, not per request
            body = path.read_bytes()
            if compress:
                body = gzip.compress(body, 6)
            self.cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def _truth(archive) -> tuple[dict[int, str], list[str]]:
    """Article ids by search document number, and each article's searchable text."""
    from generator.search.documents import doc_number

    ids = {doc_number(a.date, a.seq): a.id for a in archive.articles}
    texts = [squash(" ".join(filter(None, (a.kicker, a.title, a.subtitle)))) + "\n" + squash(plain_text(a.body))
             + "\n" + "".join(a.people) for a in archive.articles]
    return ids, texts


def bench_search(site: Path, content: Path, planted: list[dict], n_queries: int) -> dict:
    archive = load_archive(content, load_config(ROOT / "archive.toml"))
    ids, texts = _truth(archive)
    rng = random.Random(20)
    phrases = rng.sample(planted, n_queries)
    # Word queries: dictionary words found in the archive, from common to rare.
    from pypinyin.phrases_dict import phrases_dict

    sample = "\n".join(rng.sample(texts, 300))
    present = sorted({w for w in phrases_dict if 2 <= len(w) <= 4 and w in sample})
    by_freq = sorted(rng.sample(present, min(400, len(present))), key=lambda w: sum(w in t for t in texts[::40]))
    words = [by_freq[int(i * (len(by_freq) - 1) / (n_queries - 1))] for i in range(n_queries)]
    names = rng.sample([p.name for p in archive.people], 5)
    with serve(site) as (root_url, server_name):
        result = _drive(root_url + "search/index.html?q=", archive, ids, texts, phrases, words, names, rng)
    result["server"] = server_name
    result["query_list"] = [p["phrase"] for p in phrases] + words + names  # for the peers; not saved
    return result


@contextlib.contextmanager
def serve(site: Path):
    """Serve the site on 127.0.0.1 with gzip: nginx when installed (as a CDN would), else Python's server."""
    nginx = shutil.which("nginx")
    if nginx:
        with tempfile.TemporaryDirectory() as tmp:
            port = _free_port()
            conf = Path(tmp) / "nginx.conf"
            conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=site), encoding="utf-8")
            subprocess.run([nginx, "-c", str(conf)], check=True)
            try:
                yield f"http://127.0.0.1:{port}/", "nginx (gzip, keep-alive)"
            finally:
                subprocess.run([nginx, "-c", str(conf), "-s", "stop"], check=False)
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", "python http.server (gzip, keep-alive; slower than nginx)"
    finally:
        server.shutdown()


NGINX_CONF = """
daemon on; worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types; access_log off;
  client_body_temp_path {tmp}; proxy_temp_path {tmp}; fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};
  gzip on; gzip_comp_level 6; gzip_types application/javascript text/css image/svg+xml application/xml;
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _drive(base, archive, ids, texts, phrases, words, names, rng) -> dict:
    from playwright.sync_api import sync_playwright

    cold, later, later_index, recall_hits, precisions, word_recalls, tasks = [], [], [], 0, [], [], []
    chromium = shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)

        # Every task over 50 ms the page runs (the Long Tasks API): a frame longer than 200 ms
        # shows as a task longer than 200 ms.
        longest = "window.__longest = 0; new PerformanceObserver(l => l.getEntries().forEach(e => " \
                  "{ window.__longest = Math.max(window.__longest, e.duration); })).observe({type: 'longtask', buffered: true});"

        def run_cold(q):
            context = browser.new_context()
            context.add_init_script(longest)
            page = context.new_page()
            page.goto(base + urllib.parse.quote(q))
            page.wait_for_function("() => window.dcsxLastSearch !== undefined", timeout=30000)
            info = page.evaluate("""() => ({
                bytes: performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
                         .reduce((s, e) => s + e.transferSize, 0),
                index_bytes: performance.getEntriesByType('resource').filter(e => e.name.includes('/search/'))
                         .reduce((s, e) => s + e.transferSize, 0),
                ms: window.dcsxLastSearch.ms, total_ms: performance.now(), ids: window.dcsxLastSearch.ids,
                total: window.dcsxLastSearch.total, chart_ms: window.dcsxLastSearch.chartMs})""")
            return context, page, info

        for q in [p["phrase"] for p in phrases] + words + names:
            context, page, info = run_cold(q)
            cold.append({"q": q, "kb": round(info["bytes"] / 1024, 1), "index_kb": round(info["index_bytes"] / 1024, 1),
                         "search_ms": info["ms"], "page_and_search_ms": round(info["total_ms"]),
                         "total": info["total"], "chart_ms": info["chart_ms"]})
            found = {ids[n] for n in info["ids"]}
            match = next((p for p in phrases if p["phrase"] == q), None)
            if match:
                recall_hits += match["id"] in found
            elif q in words:
                truth = {a for a, t in zip(ids.values(), texts) if q in t}
                precisions.append(len(found & truth) / len(found) if found else 1.0)
                word_recalls.append(len(found & truth) / len(truth) if truth else 1.0)
            # A later query on the same page: pieces already loaded stay in memory.
            follow = rng.choice(words)
            page.fill("#q", follow)
            page.press("#q", "Enter")
            page.wait_for_function(f"() => window.dcsxLastSearch.query === {json.dumps(follow)}", timeout=30000)
            later.append(page.evaluate("() => window.dcsxLastSearch.ms"))
            later_index.append(page.evaluate("() => window.dcsxLastSearch.indexMs"))
            tasks.append(page.evaluate("() => window.__longest"))
            context.close()
        browser.close()
    kbs = [c["kb"] for c in cold]
    ms = [c["search_ms"] for c in cold]
    most = max(cold, key=lambda c: c["total"] or 0)
    return {
        "queries": len(cold),
        "cold_kb_median": statistics.median(kbs), "cold_kb_max": max(kbs),
        "cold_index_kb_median": statistics.median(c["index_kb"] for c in cold),
        "cold_search_ms_median": statistics.median(ms), "cold_search_ms_max": max(ms),
        "cold_page_and_search_ms_median": statistics.median(c["page_and_search_ms"] for c in cold),
        "later_ms_median": statistics.median(later), "later_ms_max": max(later),
        "later_index_ms_median": statistics.median(later_index),
        "recall_planted": f"{recall_hits}/{len(phrases)}",
        "precision_words_min": round(min(precisions), 4), "precision_words_mean": round(statistics.mean(precisions), 4),
        "recall_words_min": round(min(word_recalls), 4),
        "worst_cold": sorted(cold, key=lambda c: -c["kb"])[:3],
        "longest_task_ms_max": round(max(tasks)), "longest_task_ms_median": round(statistics.median(tasks)),
        # The results-over-time chart for the query with the most hits.
        "chart_most_hits": {k: most[k] for k in ("q", "total", "chart_ms")},
    }


def bench_rebuilds(content: Path, site: Path) -> dict:
    """Rebuild with nothing changed, after a one-title correction, and after adding an issue."""
    cmd = [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(site)]
    out: dict = {}
    seconds, peak, text = timed(cmd)
    out["no_change"] = {"seconds": round(seconds, 2), "files_written": _written(text)}
    article = sorted(content.glob("*/*/[0-9]*.md"))[len(list(content.glob("*/*/[0-9]*.md"))) // 2]
    source = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r"^title: (.*)$", r"title: \1更正", source, count=1, flags=re.M), encoding="utf-8")
    seconds, peak, text = timed(cmd)
    out["edit_title"] = {"seconds": round(seconds, 2), "files_written": _written(text), "peak_mb": peak}
    last = sorted(content.glob("*/*/issue.md"))[-1].parent
    day = (dt.date.fromisoformat(last.name) + dt.timedelta(days=7)).isoformat()
    folder = content / day[:4] / day
    folder.mkdir(parents=True)
    for path in sorted(last.glob("*.md")):
        text = path.read_text(encoding="utf-8").replace(last.name, day)
        text = re.sub(r"^number: (\d+)$", lambda m: f"number: {int(m.group(1)) + 1}", text, count=1, flags=re.M)
        (folder / path.name).write_text(text, encoding="utf-8")
    seconds, peak, text = timed(cmd)
    out["add_issue"] = {"seconds": round(seconds, 2), "files_written": _written(text), "peak_mb": peak}
    return out


def _written(output: str) -> int | None:
    m = re.search(r"\((\d+) files written", output)
    return int(m.group(1)) if m else None


def bench_peers(work: Path, content: Path, site: Path, queries: list[str], our: dict) -> dict:
    from benchmarks import peers

    tools = peers.peer_tools(work)
    out: dict = {}
    if tools["hugo"]:
        out["hugo"] = peers.bench_hugo(content, work, tools["hugo"])
    else:
        out["hugo"] = {"skipped": "hugo is not installed (apt-get install hugo)"}
    out["pelican"] = peers.bench_pelican(content, work, tools["pelican"])
    out["pagefind"] = peers.bench_pagefind(site, tools["python"])
    try:
        with serve(site) as (root_url, _):
            out["pagefind"].update(peers.pagefind_cold_queries(root_url, queries))
    finally:
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        (site / "pagefind-query.html").unlink(missing_ok=True)
    for name in ("hugo", "pelican"):
        if "build_seconds" in out[name]:
            out[name]["dcsx_build_ratio"] = round(our["site_build_seconds"] / out[name]["build_seconds"], 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--issues", type=int, default=1500, help="issues in the synthetic archive")
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--keep", help="build the synthetic archive and site in this folder and keep them")
    ap.add_argument("--no-peers", action="store_true", help="leave out Pelican, Hugo and Pagefind")
    ap.add_argument("--reuse", help="only rerun the search and peer benchmarks on a folder made with --keep")
    args = ap.parse_args()
    out = HERE / "results.json"
    if args.reuse:
        work = Path(args.reuse)
        results = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        planted = json.loads((work / "planted.json").read_text(encoding="utf-8"))
        results["search"] = bench_search(work / "site", work / "content", planted, args.queries)
        queries = results["search"].pop("query_list")
        print(json.dumps(results["search"], ensure_ascii=False))
        if not args.no_peers:
            results["peers"] = bench_peers(work, work / "content", work / "site", queries, results["build"])
            print(json.dumps(results["peers"], ensure_ascii=False))
        results["machine"] = machine()
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (HERE / "RESULTS.md").write_text(results_markdown(results), encoding="utf-8")
        return
    results = {"parse": bench_parse(1500)}
    print(json.dumps(results["parse"], ensure_ascii=False))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dcsx-bench-"))
    if not args.keep:
        work.chmod(0o755)  # mkdtemp's folder is the owner's alone: nginx's workers (as nobody) could read nothing
    if work.exists() and args.keep:
        shutil.rmtree(work)
    try:
        results["build"], planted = bench_build(work, args.issues)
        print(json.dumps(results["build"]))
        results["page_weight"] = page_weight(work / "site")
        print(json.dumps(results["page_weight"]))
        results["search"] = bench_search(work / "site", work / "content", planted, args.queries)
        queries = results["search"].pop("query_list")
        print(json.dumps(results["search"], ensure_ascii=False))
        if not args.no_peers:
            results["peers"] = bench_peers(work, work / "content", work / "site", queries, results["build"])
            print(json.dumps(results["peers"], ensure_ascii=False))
        results["rebuilds"] = bench_rebuilds(work / "content", work / "site")
        print(json.dumps(results["rebuilds"]))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["machine"] = machine()
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "RESULTS.md").write_text(results_markdown(results), encoding="utf-8")


def machine() -> dict:
    import os
    import platform

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"date": dt.date.today().isoformat(), "cpu": cpu, "cores": cores, "memory_mb": mem,
            "python": platform.python_version(), "system": platform.platform()}


if __name__ == "__main__":
    main()
