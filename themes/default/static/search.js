/* dcsx search page.  Index data arrives as <script> files (fetch is blocked on file://): term
   postings in pieces, one record per result, field lengths per year for the relevance sort.
   dcsx-index.js builds the Lunr index of a query's terms; lunr.js scores it.  See
   generator/search/format.py for the format. */
(function () {
  "use strict";
  var T = window.dcsxTokenize, I = window.dcsxIndex;
  var PAGE = 10;
  /* Candidates hold every bigram of the query; whether they hold the phrase itself is read in
     their records.  Every candidate is checked when there are at most this many (so phrase
     matches rank first and are counted); beyond that, each page is checked as it is shown. */
  var VERIFY_ALL = 10, VERIFY_PHRASE = 30, VERIFY_REQUIRED = 300;
  function verifyLimit(q) {
    /* A required phrase or character decides what is found: read every candidate, so that
       the count is exact, as long as there are not too many to read at once. */
    if (q.phrases.some(function (p) { return p.required; })) return VERIFY_REQUIRED;
    return q.phrases.some(function (p) { return !p.required && p.text.length >= 3; }) ? VERIFY_PHRASE : VERIFY_ALL;
  }
  var base = (document.body.getAttribute("data-root") || "") + "search/";
  var loaded = {}, waiting = {};

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
    piece: function (k, d) { deliver("piece:" + k, I.readPiece(d)); },
    doc: function (k, d) { deliver("doc:" + k, d); },
    lengths: function (k, d) { deliver("len:" + k, d); },
    issues: function (k, d) { deliver("issues", d); },
    chars: function (k, d) { deliver("chars", I.textUnpacker(d)); }
  };
  function meta() {
    return load("meta", "meta.js").then(function (m) {
      if (!m.leafSet) m.leafSet = I.shapeLeaves(m.trie);
      return m;
    });
  }
  /* A term's postings, decoded: {field: {docs, tfs}}. */
  function postingsOf(m, term) {
    var leaf = I.leafOf(m.leafSet, T.fnv1a(term));
    return load("piece:" + leaf, "idx/" + leaf + ".js").then(function (piece) {
      return I.decode(piece ? piece.get(term) : null, m.fields);
    });
  }
  function lengthsOf(docs) {
    var years = {};
    docs.forEach(function (d) { years[I.docYear(d)] = true; });
    return Promise.all(Object.keys(years).map(function (y) { return load("len:" + y, "len/" + y + ".js"); }))
      .then(function (parts) {
        var all = {};
        parts.forEach(function (p) { Object.keys(p || {}).forEach(function (r) { all[r] = p[r]; }); });
        return all;
      });
  }
  function issues() { return load("issues", "issues.js"); }

  /* --- querying ----------------------------------------------------------------- */
  var TEXT_FIELDS = ["title", "body", "people", "pinyin"];

  /* Documents holding every term: {doc: {title: every term in the title}}, and the postings. */
  function matchTerms(m, terms) {
    return Promise.all(terms.map(function (t) { return postingsOf(m, t); })).then(function (all) {
      var match = I.matchDocs(all, TEXT_FIELDS), out = {};
      match.docs.forEach(function (d, i) { out[d] = { score: 0, title: match.title[i] }; });
      var postings = Object.create(null);  /* terms are what the reader typed */
      terms.forEach(function (t, i) { postings[t] = all[i]; });
      return { docs: out, postings: postings };
    });
  }

  /* The same documents, scored by lunr.js as lunr.py's Builder would score the whole archive. */
  function scoreTerms(m, terms) {
    return matchTerms(m, terms).then(function (found) {
      var docs = Object.keys(found.docs).map(Number);
      if (!docs.length) return {};
      return lengthsOf(docs).then(function (lengths) {
        var scores = I.score(window.lunr, m, found.postings, docs, lengths), out = {};
        Object.keys(scores).forEach(function (d) { out[d] = { score: scores[d], title: found.docs[d].title }; });
        return out;
      });
    });
  }

  function runGroups(m, groups, scored) {
    return Promise.all(groups.map(function (alts) {
      return Promise.all(alts.map(function (terms) {
        return scored ? scoreTerms(m, terms) : matchTerms(m, terms).then(function (f) { return f.docs; });
      })).then(function (found) {
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
    return postingsOf(m, term).then(function (p) { return I.termDocs(p, ["facets"]); });
  }

  /* Every document number, and the date range and issue number filters as a number range. */
  function allDocs() {
    return issues().then(function (list) {
      var out = [];
      list.forEach(function (row) { row[2].forEach(function (seq) { out.push(I.docNumber(row[0], seq)); }); });
      return out;
    });
  }
  function docRange(m, f) {
    if (!f.from && !f.to && !f.issue) return Promise.resolve(null);
    var lo = f.from ? I.dayNumber(f.from) * 100 : -Infinity, hi = f.to ? I.dayNumber(f.to) * 100 + 99 : Infinity;
    if (!f.issue) return Promise.resolve([lo, hi]);
    return issues().then(function (list) {
      var wanted = String(f.issue).replace(/\D/g, ""), row = null;
      list.forEach(function (r) { if (String(r[1]) === wanted) row = r; });
      if (!row) return [1, 0];
      var day = I.dayNumber(row[0]) * 100;
      return [Math.max(lo, day), Math.min(hi, day + 99)];
    });
  }

  /* --- results -------------------------------------------------------------------- */
  /* A result record, its text unpacked (search/chars.js holds the code; see chars.py). */
  function record(m, n) {
    var r = I.ref(n);
    return Promise.all([load("chars", "chars.js"), load("doc:" + r, "docs/" + r + ".js")]).then(function (got) {
      var rec = got[1];
      if (rec && !rec.unpacked) { rec[8] = got[0](rec[8]); rec.unpacked = true; }
      return rec;
    });
  }

  /* The people an article names beyond its byline, with their pinyin forms: {name: [forms]}. */
  function namedIn(rec) { return rec[10] && typeof rec[10] === "object" ? rec[10] : {}; }

  /* Headline, text and every name of the byline: what a phrase of the query is looked for in. */
  function hasPhrase(rec, phrase) {
    var hay = T.normalize(rec[1] + rec[0] + rec[2] + rec[8] + " " + rec[6].join(" ")).replace(/\s+/g, "");
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

  /* The passage to show: centred on the place where the most of the query's words stand
     together (a whole word counts for its length), earliest on ties. */
  function snippet(text, terms) {
    var lower = text.toLowerCase(), at = -1, best = 0, hits = [];
    terms.forEach(function (t) {
      if (!t) return;
      for (var k = lower.indexOf(t), n = 0; k >= 0 && n < 200; k = lower.indexOf(t, k + t.length), n++) hits.push([k, t]);
    });
    hits.sort(function (a, b) { return a[0] - b[0]; });
    var from = 0;
    hits.forEach(function (h) {
      var seen = {}, score = 0;
      while (hits[from][0] < h[0] - 35) from++;
      for (var j = from; j < hits.length && hits[j][0] <= h[0] + 75; j++) {
        var o = hits[j];
        if (o[0] + o[1].length <= h[0] + 75 && !seen[o[1]]) { seen[o[1]] = true; score += o[1].length; }
      }
      if (score > best) { best = score; at = h[0]; }
    });
    if (at < 0) return text.slice(0, 90) + (text.length > 90 ? "…" : "");
    var start = Math.max(0, at - 35), end = Math.min(text.length, at + 75);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  function cnDate(iso) {
    var p = iso.split("-");
    return +p[0] + "年" + +p[1] + "月" + +p[2] + "日";
  }

  /* The record's people whose pinyin the query typed (xzx, xuzhenxin): highlighted like words. */
  function withNames(m, rec, terms, typedPinyin) {
    var names = m.names || {}, named = namedIn(rec);
    var typed = terms.concat(typedPinyin || []).map(function (t) { return t.toLowerCase().replace(/\s+/g, ""); })
      .filter(function (t) { return /^[a-z]+$/.test(t); });
    function formsOf(name) {
      if (Object.prototype.hasOwnProperty.call(names, name)) return names[name];
      return Object.prototype.hasOwnProperty.call(named, name) && Array.isArray(named[name]) ? named[name] : [];
    }
    var found = rec[6].concat(Object.keys(named)).filter(function (name) {
      return formsOf(name).some(function (form) {
        return typed.some(function (t) { return form === t || (t.length >= 4 && form.indexOf(t) === 0); });
      });
    });
    return terms.concat(found.filter(function (n) { return terms.indexOf(n) < 0; }));
  }

  function renderItem(m, rec, terms, root, typedPinyin) {
    terms = withNames(m, rec, terms, typedPinyin);
    var li = el("li", "item");
    if (rec[1]) li.appendChild(el("p", "kicker", rec[1]));
    var h = el("h3", "title"), a = el("a"), title = el("bdi");
    a.href = root + rec[7] + (terms.length ? "?hl=" + encodeURIComponent(terms.join(" ")) : "");
    marked(title, rec[0], terms);  /* isolated: a right-to-left mark in a title cannot reorder the line */
    a.appendChild(title);
    h.appendChild(a);
    if (rec[9]) h.appendChild(el("span", "flag", "编者拟题"));
    li.appendChild(h);
    if (rec[2]) li.appendChild(el("p", "subtitle", rec[2]));
    var where = cnDate(rec[3]) + (rec[4] ? " 第" + rec[4] + "期" : "") + " · " +
      (Object.prototype.hasOwnProperty.call(m.sections, rec[5]) ? m.sections[rec[5]] : rec[5]);
    var meta = el("p", "meta where");
    marked(meta, where, terms);
    rec[6].forEach(function (name, i) {  /* each name isolated, as on the article pages */
      meta.appendChild(document.createTextNode(i ? "、" : " · "));
      var b = el("bdi");
      marked(b, name, terms);
      meta.appendChild(b);
    });
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

  /* The form's fields as the URL holds them; the filters narrow the articles without a query. */
  var FILTERS = ["from", "to", "section", "reporter", "place", "column", "issue"];
  var FORM_FIELDS = ["q"].concat(FILTERS, ["sort"]);
  function params() {
    var u = new URLSearchParams(window.location.search), f = {};
    FORM_FIELDS.forEach(function (k) { f[k] = u.get(k) || ""; });
    return f;
  }
  function hasFilter(f) { return FILTERS.some(function (k) { return f[k]; }); }

  function fillForm(f) {
    FORM_FIELDS.forEach(function (k) {
      if (form.elements[k]) form.elements[k].value = f[k];
    });
    var quick = document.getElementById("site-q");
    if (quick) quick.value = f.q;
  }

  var notice = "";  /* said before whatever the search says, e.g. that the query was cut */
  function say(text) { status.textContent = notice && text ? notice + text : text; }

  /* A query is cut at MAX_QUERY characters (no reader types more; a link might hold 45 KB). */
  var MAX_QUERY = 100;

  function search(f) {
    var started = performance.now();
    notice = f.q.length > MAX_QUERY ? "检索词过长，只用了前" + MAX_QUERY + "个字符。" : "";
    var q = T.compileQuery(f.q.length > MAX_QUERY ? Array.from(f.q).slice(0, MAX_QUERY).join("") : f.q);
    list.textContent = "";
    var filtered = hasFilter(f);
    if (years) { years.hidden = true; years.textContent = ""; }
    if (f.from && f.to && f.from > f.to) {  /* ISO dates compare as text */
      say("起始日期（" + f.from + "）晚于截止日期（" + f.to + "），没有文章能同时满足。请交换两个日期后再检索。");
      return Promise.resolve();
    }
    if (q.tooShort && !filtered) { say("请至少输入两个汉字（如“双拥”），或输入人名、拼音。单个汉字匹配的文章太多。"); return Promise.resolve(); }
    if (!q.groups.length && !filtered) { say(f.q ? "检索词中没有可检索的文字。" : ""); return Promise.resolve(); }
    say("正在检索……");
    return meta().then(function (m) {
      var byScore = f.sort === "relevance";
      var jobs = [q.groups.length ? runGroups(m, q.groups, byScore) : Promise.resolve(null),
                  f.section ? facetDocs(m, "§" + f.section) : Promise.resolve(null),
                  f.reporter ? facetDocs(m, "@" + f.reporter) : Promise.resolve(null),
                  docRange(m, f), q.groups.length ? Promise.resolve(null) : allDocs(),
                  f.place ? facetDocs(m, "^" + f.place) : Promise.resolve(null),
                  f.column ? facetDocs(m, "#" + f.column) : Promise.resolve(null)];
      return Promise.all(jobs).then(function (r) {
        var indexMs = performance.now() - started;
        var found = r[0], sec = r[1], rep = r[2], range = r[3], where = r[5], col = r[6];
        var ids;
        if (found) ids = Object.keys(found).map(Number);
        else { ids = r[4]; found = {}; }
        ids = ids.filter(function (n) {
          return (!sec || n in sec) && (!rep || n in rep) && (!where || n in where) && (!col || n in col) &&
            (!range || (n >= range[0] && n <= range[1]));
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
    var all = s.ids.length <= verifyLimit(q);
    var batch = all ? s.ids.slice(s.shown) : s.ids.slice(s.shown, s.shown + PAGE);
    return Promise.all(batch.map(function (n) { return record(m, n); })).then(function (recs) {
      var rows = batch.map(function (n, i) {
        var rec = recs[i];
        var exact = rec && q.phrases.every(function (p) { return hasPhrase(rec, p.text); });
        var required = rec && q.phrases.every(function (p) { return !p.required || hasPhrase(rec, p.text); });
        return { n: n, rec: rec, exact: exact, keep: !!rec && required };
      });
      var kept = rows.filter(function (r) { return r.keep; });
      if (s.exactNeeded) s.total -= rows.length - kept.length;
      /* Exact phrases first, then title matches (or the score), then newest. */
      var rank = s.byScore ? function (a, b) { return s.found[b.n].score - s.found[a.n].score; }
                           : function (a, b) { return titleRank(a.n) - titleRank(b.n); };
      kept.sort(function (a, b) { return (b.exact ? 1 : 0) - (a.exact ? 1 : 0) || rank(a, b) || b.n - a.n; });
      if (all && q.phrases.length) s.exact = kept.filter(function (r) { return r.exact; }).length;
      var terms = q.highlight;
      kept.slice(0, all ? PAGE : kept.length).forEach(function (r) { list.appendChild(renderItem(m, r.rec, terms, root, q.pinyin)); });
      if (all) { s.ids = kept.map(function (r) { return r.n; }); s.shown = Math.min(PAGE, kept.length); s.verified = kept; }
      else s.shown += batch.length;
      report();
    });
  }

  function titleRank(n) { return state.found[n] && state.found[n].title ? 0 : 1; }

  /* What the status line says was found, and what was counted: exact once every candidate
     was read (each word and phrase looked for in headline, text and byline names). */
  function counted(s) {
    var words = "“" + s.q.words.join("”“") + "”";
    var loose = s.q.phrases.filter(function (p) { return !p.required; }).map(function (p) { return p.text; });
    if (s.exact === undefined) {
      return s.exactNeeded ? "找到至多 " + s.total + " 篇文章（逐页核对是否含" + words + "）" : "共找到 " + s.total + " 篇文章";
    }
    if (s.exact === s.total && s.q.phrases.length) return "共找到 " + s.total + " 篇含" + words + "的文章";
    var phrase = loose.length && s.exact < s.total
      ? "，其中 " + s.exact + " 篇含完整的“" + loose.join("”“") + "”，排在前面" : "";
    return "共找到 " + s.total + " 篇文章" + phrase;
  }

  /* --- results over time ------------------------------------------------------------- */
  /* Matching articles per year, or per month when the date filter lies within one year: a
     table (read as such by screen readers) whose bars are borders (they print); each year or
     month links to the same search limited to it.  Drawn from the hits' document numbers,
     which are their dates: nothing more is loaded. */
  var years = document.getElementById("search-years");
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function drawYears(s) {
    if (!years) return;
    years.textContent = "";
    var f = params(), ids = s.ids;
    if (!ids.length) { years.hidden = true; return; }
    var oneYear = f.from && f.to && f.from.slice(0, 4) === f.to.slice(0, 4) ? +f.from.slice(0, 4) : 0;
    var counts = {}, keys = [];
    ids.forEach(function (n) {
      var k = oneYear ? I.docMonth(n) : I.docYear(n);
      counts[k] = (counts[k] || 0) + 1;
    });
    var have = Object.keys(counts).map(Number).sort(function (a, b) { return a - b; });
    var lo = oneYear ? 1 : have[0], hi = oneYear ? 12 : have[have.length - 1];
    for (var k = lo; k <= hi; k++) keys.push(k);
    var most = Math.max.apply(null, have.map(function (k) { return counts[k]; }));
    var table = el("table", "years-chart"), cap = el("caption", "", oneYear
      ? oneYear + "年每月相符的文章（点月份只看该月）" : "每年相符的文章（点年份只看该年）");
    table.appendChild(cap);
    var head = el("tr");
    head.appendChild(el("th", "", oneYear ? "月份" : "年份")).scope = "col";
    head.appendChild(el("th", "", "篇数")).scope = "col";
    var thead = el("thead"), body = el("tbody");
    thead.appendChild(head);
    table.appendChild(thead);
    keys.forEach(function (k) {
      var n = counts[k] || 0, tr = el("tr"), th = el("th"), td = el("td");
      th.scope = "row";
      var from = oneYear ? oneYear + "-" + pad(k) + "-01" : k + "-01-01";
      var to = oneYear ? oneYear + "-" + pad(k) + "-" + pad(new Date(Date.UTC(oneYear, k, 0)).getUTCDate()) : k + "-12-31";
      var label = oneYear ? k + "月" : k + "年";
      if (n) {
        var u = new URLSearchParams(window.location.search);
        u.set("from", from); u.set("to", to);
        var a = el("a", "", label);
        a.href = "?" + u.toString();
        a.addEventListener("click", function (ev) { ev.preventDefault(); history.pushState(null, "", a.href); runFromUrl(); });
        th.appendChild(a);
      } else th.textContent = label;
      /* widths in steps of 5%, as classes (generator/site/pages.py bar_width) */
      var bar = el("span", "bar w" + (n ? Math.max(5, 5 * Math.round(20 * n / most)) : 0));
      bar.setAttribute("aria-hidden", "true");
      td.appendChild(bar);
      td.appendChild(el("span", "n", String(n)));
      tr.appendChild(th); tr.appendChild(td);
      body.appendChild(tr);
    });
    table.appendChild(body);
    years.appendChild(table);
    years.hidden = false;
  }

  function report() {
    var s = state, ms = Math.round(performance.now() - s.started);
    var more = document.getElementById("search-more");
    if (more) more.remove();
    if (!s.total) {
      say("没有找到与“" + (params().q || "筛选条件") + "”相符的文章。可以减少检索词、检查用字，或改用人名拼音。");
    } else {
      say(counted(s) + (s.shown < s.total ? "，显示前 " + list.children.length + " 篇" : "") + "（" + ms + " 毫秒）。");
    }
    if (s.chartMs === undefined) {  /* once a search: more results change neither the hits nor their dates */
      var drawn = performance.now();
      drawYears(s);
      s.chartMs = Math.round(performance.now() - drawn);
    }
    window.dcsxLastSearch = { chartMs: s.chartMs, ms: ms, indexMs: s.indexMs, total: s.total, exact: s.exact, ids: s.ids.slice(), query: params().q };
    if (list.children.length < s.total) {
      var b = el("button", "more", "显示更多结果");
      b.id = "search-more";
      b.type = "button";
      b.addEventListener("click", function () {
        s.started = performance.now();
        if (s.verified) {
          s.verified.slice(s.shown, s.shown + PAGE).forEach(function (r) { list.appendChild(renderItem(s.m, r.rec, s.q.highlight, root, s.q.pinyin)); });
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
    if (f.q || hasFilter(f)) search(f);
    else { list.textContent = ""; say(""); }
  }

  if (form && window.lunr && T && I) {
    runFromUrl();
    /* Later queries stay on the page (loaded pieces are reused); the URL still changes, so
       results can be linked and the back button goes to the previous query. */
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var u = new URLSearchParams();
      FORM_FIELDS.forEach(function (k) {
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
