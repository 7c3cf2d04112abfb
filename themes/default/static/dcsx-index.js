/* dcsx search index (format 4): find a term's piece, decode its postings, and build for the
   terms of a query the Lunr index that lunr.py's Builder would build over the whole archive
   (see generator/search/format.py).  lunr.js then runs the query on it.  Works in the browser
   (window.dcsxIndex) and in node (module.exports), where tests check it against lunr.py. */
(function (root) {
  "use strict";
  var MAX_DEPTH = 24;
  var EPOCH = Date.UTC(1900, 0, 1);
  var DAY = 86400000;

  /* The leaf of the hash trie that holds a term (leaves: {name: true}). */
  function leafOf(leaves, hash) {
    for (var d = 0; d <= MAX_DEPTH; d++) {
      var prefix = d === 0 ? 0 : (hash & ((1 << d) - 1)) >>> 0;
      var name = d + "-" + prefix.toString(16);
      if (leaves[name]) return name;
    }
    return null;
  }

  /* The leaves of the hash trie, {name: true}, from its shape in meta.js: the nodes in
     preorder (the child whose next bit is 0 first), 1 for a leaf and 0 for a split, six bits a
     symbol (generator/search/format.py trie_shape). */
  var SHAPE_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function shapeLeaves(shape) {
    var leaves = {}, stack = [[0, 0]], at = 0;
    while (stack.length) {
      var node = stack.pop(), depth = node[0], prefix = node[1];
      var digit = SHAPE_DIGITS.indexOf(shape.charAt(Math.floor(at / 6)));
      if (digit < 0) break;  /* a shape cut short: the leaves read so far */
      if ((digit >> (5 - at % 6)) & 1 || depth >= MAX_DEPTH) leaves[depth + "-" + prefix.toString(16)] = true;
      else stack.push([depth + 1, (prefix | (1 << depth)) >>> 0], [depth + 1, prefix]);
      at++;
    }
    return leaves;
  }

  /* A term's entry "numbers" -> {field: {docs: [...], tfs: [...] | null}}.  Numbers are base-32
     digits, most significant first: "(".."G" for every digit but the last, "_".."~" for the last. */
  function decode(entry, fields) {
    var out = {}, s = entry || "", i = 0;
    function next() {
      var n = 0, c;
      for (;;) {
        c = s.charCodeAt(i++);
        if (c >= 95) return n * 32 + (c - 95);
        n = n * 32 + (c - 40);
      }
    }
    while (i < s.length) {
      var head = next(), count = next(), docs = new Array(count), tfs = null, n = 0, k;
      for (k = 0; k < count; k++) { n += next(); docs[k] = n; }
      if (head & 1) { tfs = new Array(count); for (k = 0; k < count; k++) tfs[k] = next(); }
      out[fields[head >> 1]] = { docs: docs, tfs: tfs };
    }
    return out;
  }

  /* A piece's entries, "term numbers term numbers …", as a Map {term: numbers} (a Map: no
     term can reach a property of a plain object).  A term's spaces, percent signs, quotes,
     backslashes and line breaks are spelled %XXXX (generator/search/format.py piece_term). */
  function readPiece(text) {
    var out = new Map(), parts = text ? text.split(" ") : [];
    for (var i = 0; i + 1 < parts.length; i += 2) {
      var t = parts[i];
      if (t.indexOf("%") >= 0) t = t.replace(/%([0-9a-f]{4})/g, function (m, hex) { return String.fromCharCode(parseInt(hex, 16)); });
      out.set(t, parts[i + 1]);
    }
    return out;
  }

  /* Documents holding the term in the given fields: {doc number: true if in the title}. */
  function termDocs(postings, fields) {
    var out = {};
    fields.forEach(function (f) {
      var p = postings[f];
      if (!p) return;
      p.docs.forEach(function (d) { out[d] = out[d] || f === "title"; });
    });
    return out;
  }

  /* Documents holding every term (each term's decoded postings, in the given fields), ascending,
     with whether each holds every term in its title: {docs: [...], title: [true|false, ...]}.
     A term's fields are merged and the terms intersected as sorted lists: a common word has
     thousands of documents, too many for an object lookup apiece. */
  function matchDocs(termPostings, fields) {
    var lists = termPostings.map(function (postings) {
      var runs = [], title = [];
      fields.forEach(function (f) {
        var p = postings && postings[f];
        if (!p || !p.docs.length) return;
        runs.push(p.docs);
        if (f === "title") title = p.docs;
      });
      return { docs: mergeRuns(runs), title: title };
    });
    if (!lists.length) return { docs: [], title: [] };
    lists.sort(function (a, b) { return a.docs.length - b.docs.length; });
    var docs = [], inTitle = [], at = lists.map(function () { return 0; }), titleAt = lists.map(function () { return 0; });
    var first = lists[0].docs;
    outer:
    for (var i = 0; i < first.length; i++) {
      var d = first[i], k, j;
      for (k = 1; k < lists.length; k++) {
        var other = lists[k].docs;
        j = seek(other, d, at[k]);
        at[k] = j;
        if (j === other.length) break outer;
        if (other[j] !== d) continue outer;
      }
      var title = true;
      for (k = 0; k < lists.length; k++) {
        var t = lists[k].title;
        j = titleAt[k] = seek(t, d, titleAt[k]);
        title = title && t[j] === d;
      }
      docs.push(d);
      inTitle.push(title);
    }
    return { docs: docs, title: inTitle };
  }

  /* The first place at or after `from` in an ascending list whose value is not below `d`. */
  function seek(list, d, from) {
    var step = 1, lo = from, hi = from;
    while (hi < list.length && list[hi] < d) { lo = hi + 1; hi += step; step *= 2; }
    if (hi > list.length) hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < d) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Ascending lists merged into one, each value once. */
  function mergeRuns(runs) {
    if (runs.length === 1) return runs[0];
    var out = [], at = runs.map(function () { return 0; });
    for (;;) {
      var low = Infinity, r;
      for (r = 0; r < runs.length; r++) if (at[r] < runs[r].length && runs[r][at[r]] < low) low = runs[r][at[r]];
      if (low === Infinity) return out;
      out.push(low);
      for (r = 0; r < runs.length; r++) if (at[r] < runs[r].length && runs[r][at[r]] === low) at[r]++;
    }
  }

  /* lunr's idf: documents with the term, counted once per field that holds it. */
  function idf(postings, docCount) {
    var withTerm = 0;
    Object.keys(postings).forEach(function (f) { withTerm += postings[f].docs.length; });
    var x = (docCount - withTerm + 0.5) / (withTerm + 0.5);
    return Math.log(1 + Math.abs(x));
  }

  /* The reader of the records' packed text (generator/search/chars.py), from its code
     [one, alphabet, characters] as search/chars.js gives it: a symbol of the alphabet is code,
     one symbol for the first `one` characters, else a pair; anything else is itself. */
  function textUnpacker(code) {
    var one = code[0], alphabet = code[1], chars = code[2], base = alphabet.length;
    var index = new Int16Array(128).fill(-1);  /* a symbol's char code -> its place in the alphabet */
    for (var a = 0; a < base; a++) index[alphabet.charCodeAt(a)] = a;
    return function (packed) {
      var out = [], s = packed || "";
      for (var i = 0; i < s.length; i++) {
        var c = s.charCodeAt(i), k = c < 128 ? index[c] : -1;
        if (k < 0) out.push(s.charAt(i));
        else if (k < one) out.push(chars.charAt(k));
        else out.push(chars.charAt(one + (k - one) * base + index[s.charCodeAt(++i)]));
      }
      return out.join("");
    };
  }

  function ref(n) { return n.toString(36); }
  function dayNumber(iso) { return Math.round((Date.parse(iso + "T00:00:00Z") - EPOCH) / DAY); }
  function docNumber(iso, seq) { return dayNumber(iso) * 100 + seq; }
  function docYear(n) { return new Date(EPOCH + Math.floor(n / 100) * DAY).getUTCFullYear(); }
  function docMonth(n) { return new Date(EPOCH + Math.floor(n / 100) * DAY).getUTCMonth() + 1; }

  /* The serialised Lunr index of these terms, holding only the documents in `docs`.
     termPostings: {term: decoded postings}; lengths: {ref: [field lengths]} for those docs.
     Field vectors are BM25 exactly as lunr's Builder computes and rounds them. */
  function lunrIndexData(meta, termPostings, docs, lengths) {
    var fields = meta.fields, wanted = {}, vectors = {}, order = [], inverted = [];
    docs.forEach(function (d) { wanted[d] = true; });
    Object.keys(termPostings).sort().forEach(function (term, index) {
      var postings = termPostings[term], entry = { _index: index }, w = idf(postings, meta.docs);
      fields.forEach(function (f, fi) {
        var posting = entry[f] = {}, p = postings[f];
        if (!p) return;
        for (var i = 0; i < p.docs.length; i++) {
          var d = p.docs[i];
          if (!wanted[d]) continue;
          var r = ref(d), tf = p.tfs ? p.tfs[i] : 1, length = lengths[r][fi];
          posting[r] = {};
          var score = w * ((meta.k1 + 1) * tf) / (meta.k1 * (1 - meta.b + meta.b * (length / meta.avg[fi])) + tf);
          score *= meta.boosts[fi];
          var key = f + "/" + r;
          if (!vectors[key]) { vectors[key] = []; order.push(key); }
          vectors[key].push(index, Math.round(score * 1000) / 1000);
        }
      });
      inverted.push([term, entry]);
    });
    return { version: "2.3.9", fields: fields, pipeline: [], invertedIndex: inverted,
             fieldVectors: order.map(function (k) { return [k, vectors[k]]; }) };
  }

  /* Every term required; returns {doc number: lunr score}. */
  function score(lunr, meta, termPostings, docs, lengths) {
    var idx = lunr.Index.load(lunrIndexData(meta, termPostings, docs, lengths));
    var terms = Object.keys(termPostings), out = {};
    idx.query(function (q) {
      terms.forEach(function (t) {
        q.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.REQUIRED });
      });
    }).forEach(function (r) { out[parseInt(r.ref, 36)] = r.score; });
    return out;
  }

  var api = { leafOf: leafOf, shapeLeaves: shapeLeaves, decode: decode, termDocs: termDocs, matchDocs: matchDocs, idf: idf, ref: ref, dayNumber: dayNumber,
              docNumber: docNumber, docYear: docYear, docMonth: docMonth, lunrIndexData: lunrIndexData, score: score,
              textUnpacker: textUnpacker, readPiece: readPiece };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.dcsxIndex = api;
})(typeof window !== "undefined" ? window : this);
