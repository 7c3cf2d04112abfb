/* dcsx search page.  Index data arrives as <script> files (fetch is blocked on file://),
   each a valid lunr 2.3.9 index piece holding some terms; see generator/site/search.py. */
(function () {
  "use strict";
  var T = window.dcsxTokenize;
  var PAGE = 10;
  var VERIFY_ALL = 10; /* check every candidate's text for the exact phrase when they fit on one page */
  var base = (document.body.getAttribute("data-root") || "") + "search/";
  var loaded = {}, waiting = {}, indexes = {};

  /* --- loading ------------------------------------------------------------------ */
  /* Load a data file once; it calls back through window.dcsxSearch with its contents. */
  function load(id, path) {
    if (id in loaded) return Promise.resolve(loaded[id]);
    if (waiting[id]) return waiting[id].promise;
    var w = waiting[id] = {};
    w.promise = new Promise(function (resolve, reject) {
      w.resolve = resolve;
      var s = document.createElement("script");
      s.src = base + path;
      s.async = true;
      s.onerror = function () { delete waiting[id]; reject(new Error("无法载入检索数据 " + path)); };
      s.onload = function () { delete waiting[id]; if (!(id in loaded)) { loaded[id] = null; resolve(null); } };
      document.head.appendChild(s);
    });
    return w.promise;
  }
  function deliver(id, data) {
    loaded[id] = data;
    if (waiting[id]) waiting[id].resolve(data);
  }
  window.dcsxSearch = {
    meta: function (k, d) { deliver("meta", d); },
    piece: function (k, d) { deliver("piece:" + k, d); },
    docs: function (k, d) { deliver("docs:" + k, d); },
    issues: function (k, d) { deliver("issues", d); }
  };
  function meta() { return load("meta", "meta.js"); }
  /* A piece as a full lunr.Index (for scored queries), built only when needed. */
  function piece(p) {
    if (indexes[p] !== undefined) return Promise.resolve(indexes[p]);
    return load("piece:" + p, "idx/" + p + ".js").then(function (data) {
      indexes[p] = data ? lunr.Index.load(data) : null;
      return indexes[p];
    });
  }
  /* A piece's postings only: {term: posting}, without building lunr's vectors and token set. */
  var postingMaps = {};
  function postings(p) {
    if (postingMaps[p] !== undefined) return Promise.resolve(postingMaps[p]);
    return load("piece:" + p, "idx/" + p + ".js").then(function (data) {
      var map = {};
      if (data) data.invertedIndex.forEach(function (entry) { map[entry[0]] = entry[1]; });
      postingMaps[p] = map;
      return map;
    });
  }
  function docShard(s) { return load("docs:" + s, "docs/" + s + ".js"); }
  function issues() { return load("issues", "issues.js"); }

  /* --- querying ----------------------------------------------------------------- */
  function refNum(ref) { return parseInt(ref, 36); }

  /* One piece, its terms all required: {docNumber: {score, title: bool}} scaled by sqrt(n). */
  function queryPiece(idx, terms) {
    var out = {};
    if (!idx) return out;
    var results = idx.query(function (q) {
      terms.forEach(function (t) {
        q.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.REQUIRED });
      });
    });
    var scale = Math.sqrt(terms.length);
    results.forEach(function (r) {
      var inTitle = terms.every(function (t) { var m = r.matchData.metadata[t]; return m && m.title; });
      out[refNum(r.ref)] = { score: r.score * scale, title: inTitle };
    });
    return out;
  }

  /* Documents holding a term, from the piece's inverted index: {docNumber: inTitle}. */
  function termDocs(map, term) {
    var out = {}, posting = map[term];
    if (!posting) return out;
    ["title", "body", "people", "pinyin"].forEach(function (field) {
      Object.keys(posting[field] || {}).forEach(function (ref) {
        var n = refNum(ref);
        out[n] = out[n] || field === "title";
      });
    });
    return out;
  }

  /* All terms required, newest-first ranking: set operations on postings, no scoring. */
  function matchTerms(m, terms) {
    return Promise.all(terms.map(function (t) { return postings(T.fnv1a(t) % m.pieces); })).then(function (maps) {
      var sets = terms.map(function (t, i) { return termDocs(maps[i], t); });
      sets.sort(function (a, b) { return Object.keys(a).length - Object.keys(b).length; });
      var out = {};
      Object.keys(sets[0] || {}).forEach(function (d) {
        var title = sets[0][d];
        for (var k = 1; k < sets.length; k++) {
          if (!(d in sets[k])) return;
          title = title && sets[k][d];
        }
        out[d] = { score: 0, title: title };
      });
      return out;
    });
  }

  /* All terms required across pieces; scores recombined as lunr would give for one index. */
  function queryTerms(m, terms) {
    var byPiece = {};
    terms.forEach(function (t) { var p = T.fnv1a(t) % m.pieces; (byPiece[p] = byPiece[p] || []).push(t); });
    var keys = Object.keys(byPiece);
    return Promise.all(keys.map(function (p) { return piece(+p); })).then(function (idxs) {
      var total = null;
      idxs.forEach(function (idx, i) {
        var part = queryPiece(idx, byPiece[keys[i]]);
        if (total === null) { total = part; return; }
        var next = {};
        Object.keys(total).forEach(function (d) {
          if (part[d]) next[d] = { score: total[d].score + part[d].score, title: total[d].title && part[d].title };
        });
        total = next;
      });
      var norm = Math.sqrt(terms.length), out = {};
      Object.keys(total || {}).forEach(function (d) { out[d] = { score: total[d].score / norm, title: total[d].title }; });
      return out;
    });
  }

  function runGroups(m, groups, scored) {
    return Promise.all(groups.map(function (alts) {
      return Promise.all(alts.map(function (terms) { return (scored ? queryTerms : matchTerms)(m, terms); })).then(function (found) {
        var merged = {};
        found.forEach(function (docs) {
          Object.keys(docs).forEach(function (d) {
            if (!merged[d] || docs[d].score > merged[d].score) merged[d] = docs[d];
          });
        });
        return merged;
      });
    })).then(function (perGroup) {
      if (!perGroup.length) return null;
      var result = perGroup[0];
      perGroup.slice(1).forEach(function (g) {
        var next = {};
        Object.keys(result).forEach(function (d) {
          if (g[d]) next[d] = { score: result[d].score + g[d].score, title: result[d].title && g[d].title };
        });
        result = next;
      });
      return result;
    });
  }

  function facetDocs(m, term) {
    return postings(T.fnv1a(term) % m.pieces).then(function (map) {
      var out = {};
      if (!map[term]) return out;
      Object.keys(map[term].facets).forEach(function (r) { out[refNum(r)] = true; });
      return out;
    });
  }

  /* Date range and issue number filters, as document number ranges (documents are in date order). */
  function docRange(m, f) {
    if (!f.from && !f.to && !f.issue) return Promise.resolve(null);
    return issues().then(function (list) {
      var lo = m.docs, hi = -1;
      list.forEach(function (row, i) {
        var date = row[0], number = row[1], first = row[2];
        if (first < 0) return;
        var last = (i + 1 < list.length ? nextFirst(list, i) : m.docs) - 1;
        if (f.from && date < f.from) return;
        if (f.to && date > f.to) return;
        if (f.issue && String(number) !== String(f.issue).replace(/\D/g, "")) return;
        lo = Math.min(lo, first); hi = Math.max(hi, last);
      });
      return [lo, hi];
    });
  }
  function nextFirst(list, i) {
    for (var j = i + 1; j < list.length; j++) if (list[j][2] >= 0) return list[j][2];
    return Infinity;
  }

  /* --- results -------------------------------------------------------------------- */
  function record(m, n) {
    return docShard(Math.floor(n / m.docShard)).then(function (rows) { return rows ? rows[n % m.docShard] : null; });
  }

  function hasPhrase(rec, phrase) {
    var hay = T.normalize(rec[1] + rec[0] + rec[2] + rec[8]).replace(/\s+/g, "");
    return hay.indexOf(T.normalize(phrase)) >= 0;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  /* Text with every highlight term wrapped in <mark>, built from text nodes only. */
  function marked(parent, text, terms) {
    var lower = text.toLowerCase(), i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      terms.forEach(function (t) {
        var at = lower.indexOf(t, i);
        if (at >= 0 && (best < 0 || at < best || (at === best && t.length > len))) { best = at; len = t.length; }
      });
      if (best < 0) { parent.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) parent.appendChild(document.createTextNode(text.slice(i, best)));
      parent.appendChild(el("mark", "", text.slice(best, best + len)));
      i = best + len;
    }
  }

  function snippet(text, terms) {
    var lower = text.toLowerCase(), at = -1;
    terms.forEach(function (t) { var k = lower.indexOf(t); if (k >= 0 && (at < 0 || k < at)) at = k; });
    if (at < 0) return text.slice(0, 90) + (text.length > 90 ? "…" : "");
    var start = Math.max(0, at - 35), end = Math.min(text.length, at + 75);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  function cnDate(iso) {
    var p = iso.split("-");
    return +p[0] + "年" + +p[1] + "月" + +p[2] + "日";
  }

  function renderItem(m, rec, terms, root) {
    var li = el("li", "item");
    if (rec[1]) li.appendChild(el("p", "kicker", rec[1]));
    var h = el("h3", "title"), a = el("a");
    a.href = root + rec[7] + (terms.length ? "?hl=" + encodeURIComponent(terms.join(" ")) : "");
    marked(a, rec[0], terms);
    h.appendChild(a);
    if (rec[9]) h.appendChild(el("span", "flag", "编者拟题"));
    li.appendChild(h);
    if (rec[2]) li.appendChild(el("p", "subtitle", rec[2]));
    var where = cnDate(rec[3]) + (rec[4] ? " 第" + rec[4] + "期" : "") + " · " + (m.sections[rec[5]] || rec[5]) +
      (rec[6].length ? " · " + rec[6].join("、") : "");
    var meta = el("p", "meta where");
    marked(meta, where, terms);
    li.appendChild(meta);
    var p = el("p", "excerpt");
    marked(p, snippet(rec[8], terms), terms);
    li.appendChild(p);
    return li;
  }

  /* --- page wiring ---------------------------------------------------------------- */
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = document.body.getAttribute("data-root") || "";
  var state = null;

  function params() {
    var u = new URLSearchParams(window.location.search);
    return { q: u.get("q") || "", from: u.get("from") || "", to: u.get("to") || "", section: u.get("section") || "",
             reporter: u.get("reporter") || "", issue: u.get("issue") || "", sort: u.get("sort") || "" };
  }

  function fillForm(f) {
    ["q", "from", "to", "section", "reporter", "issue", "sort"].forEach(function (k) {
      if (form.elements[k]) form.elements[k].value = f[k];
    });
    var quick = document.getElementById("site-q");
    if (quick) quick.value = f.q;
  }

  function say(text) { status.textContent = text; }

  function search(f) {
    var started = performance.now();
    var q = T.compileQuery(f.q);
    list.textContent = "";
    var filtered = f.from || f.to || f.section || f.reporter || f.issue;
    if (!q.groups.length && !filtered) { say(f.q ? "检索词中没有可检索的文字。" : ""); return Promise.resolve(); }
    if (q.tooShort && !filtered) { say("请至少输入两个汉字（如“双拥”），或输入人名、拼音。单个汉字匹配的文章太多。"); return Promise.resolve(); }
    say("正在检索……");
    return meta().then(function (m) {
      var byScore = f.sort === "relevance";
      var jobs = [q.groups.length ? runGroups(m, q.groups, byScore) : Promise.resolve(null),
                  f.section ? facetDocs(m, "§" + f.section) : Promise.resolve(null),
                  f.reporter ? facetDocs(m, "@" + f.reporter) : Promise.resolve(null),
                  docRange(m, f)];
      return Promise.all(jobs).then(function (r) {
        var indexMs = performance.now() - started;
        var found = r[0], sec = r[1], rep = r[2], range = r[3];
        var ids;
        if (found) ids = Object.keys(found).map(Number);
        else { ids = []; for (var n = 0; n < m.docs; n++) ids.push(n); found = {}; }
        ids = ids.filter(function (n) {
          return (!sec || sec[n]) && (!rep || rep[n]) && (!range || (n >= range[0] && n <= range[1]));
        });
        ids.sort(byScore ? function (a, b) { return found[b].score - found[a].score || b - a; } : function (a, b) {
          return (found[a] && found[a].title ? 0 : 1) - (found[b] && found[b].title ? 0 : 1) || b - a;
        });
        state = { m: m, q: q, ids: ids, found: found, byScore: byScore, shown: 0, indexMs: Math.round(indexMs), exactNeeded: q.phrases.some(function (p) { return p.required; }),
                  started: started, total: ids.length };
        return showMore();
      });
    }).catch(function (err) { say("检索出错：" + err.message); });
  }

  function showMore() {
    var s = state, m = s.m, q = s.q;
    var batch = s.ids.length <= VERIFY_ALL ? s.ids.slice(s.shown) : s.ids.slice(s.shown, s.shown + PAGE);
    return Promise.all(batch.map(function (n) { return record(m, n); })).then(function (recs) {
      var rows = batch.map(function (n, i) {
        var rec = recs[i];
        var exact = rec && q.phrases.every(function (p) { return hasPhrase(rec, p.text); });
        var required = rec && q.phrases.every(function (p) { return !p.required || hasPhrase(rec, p.text); });
        return { n: n, rec: rec, exact: exact, keep: !!rec && required };
      });
      var kept = rows.filter(function (r) { return r.keep; });
      if (s.exactNeeded) s.total -= rows.length - kept.length;
      /* Title matches first, then exact phrases, then newest. */
      if (!s.byScore) kept.sort(function (a, b) {
        return titleRank(a.n) - titleRank(b.n) || (b.exact ? 1 : 0) - (a.exact ? 1 : 0) || b.n - a.n;
      });
      var terms = q.highlight;
      kept.slice(0, s.ids.length <= VERIFY_ALL ? PAGE : kept.length).forEach(function (r) { list.appendChild(renderItem(m, r.rec, terms, root)); });
      if (s.ids.length <= VERIFY_ALL) { s.ids = kept.map(function (r) { return r.n; }); s.shown = Math.min(PAGE, kept.length); s.verified = kept; }
      else s.shown += batch.length;
      report();
    });
  }

  function titleRank(n) { return state.found[n] && state.found[n].title ? 0 : 1; }

  function report() {
    var s = state, ms = Math.round(performance.now() - s.started);
    var more = document.getElementById("search-more");
    if (more) more.remove();
    if (!s.total) {
      say("没有找到与“" + (params().q || "筛选条件") + "”相符的文章。可以减少检索词、检查用字，或改用人名拼音。");
    } else {
      say("共找到 " + s.total + " 篇文章" + (s.shown < s.total ? "，显示前 " + list.children.length + " 篇" : "") + "（" + ms + " 毫秒）。");
    }
    window.dcsxLastSearch = { ms: ms, indexMs: s.indexMs, total: s.total, ids: s.ids.slice(), query: params().q };
    if (list.children.length < s.total) {
      var b = el("button", "more", "显示更多结果");
      b.id = "search-more";
      b.type = "button";
      b.addEventListener("click", function () {
        s.started = performance.now();
        if (s.verified) {
          s.verified.slice(s.shown, s.shown + PAGE).forEach(function (r) { list.appendChild(renderItem(s.m, r.rec, s.q.highlight, root)); });
          s.shown += PAGE;
          report();
        } else showMore();
      });
      list.parentNode.insertBefore(b, list.nextSibling);
    }
  }

  function runFromUrl() {
    var f = params();
    fillForm(f);
    if (f.q || f.from || f.to || f.section || f.reporter || f.issue) search(f);
    else { list.textContent = ""; say(""); }
  }

  if (form && window.lunr && T) {
    runFromUrl();
    /* Later queries stay on the page (loaded pieces are reused); the URL still changes, so
       results can be linked and the back button goes to the previous query. */
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var u = new URLSearchParams();
      ["q", "from", "to", "section", "reporter", "issue", "sort"].forEach(function (k) {
        var v = form.elements[k] && form.elements[k].value.trim();
        if (v) u.set(k, v);
      });
      history.pushState(null, "", "?" + u.toString());
      runFromUrl();
    });
    window.addEventListener("popstate", runFromUrl);
    window.addEventListener("pageshow", function (ev) { if (ev.persisted) fillForm(params()); });
  } else if (status) {
    say("检索组件未能载入。");
  }
})();
