/* dcsx search index (format 3): find a term's piece, decode its postings, and build for the
   terms of a query the Lunr index that lunr.py's Builder would build over the whole archive
   (see generator/site/search.py).  lunr.js then runs the query on it.  Works in the browser
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

  /* lunr's idf: documents with the term, counted once per field that holds it. */
  function idf(postings, docCount) {
    var withTerm = 0;
    Object.keys(postings).forEach(function (f) { withTerm += postings[f].docs.length; });
    var x = (docCount - withTerm + 0.5) / (withTerm + 0.5);
    return Math.log(1 + Math.abs(x));
  }

  function ref(n) { return n.toString(36); }
  function dayNumber(iso) { return Math.round((Date.parse(iso + "T00:00:00Z") - EPOCH) / DAY); }
  function docNumber(iso, seq) { return dayNumber(iso) * 100 + seq; }
  function docYear(n) { return new Date(EPOCH + Math.floor(n / 100) * DAY).getUTCFullYear(); }

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

  var api = { leafOf: leafOf, decode: decode, termDocs: termDocs, idf: idf, ref: ref, dayNumber: dayNumber,
              docNumber: docNumber, docYear: docYear, lunrIndexData: lunrIndexData, score: score };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.dcsxIndex = api;
})(typeof window !== "undefined" ? window : this);
