// Used by tests/test_search_index.py: load index pieces with the real lunr.js 2.3.9 and
// run queries the way search.js does (per-piece idx.query, scores recombined).
// Usage: node query_pieces.js PIECES.json QUERIES.json  -> JSON {query: {ref: score}}
const fs = require("node:fs");
const lunr = require("lunr");
const t = require("../../themes/default/static/dcsx-tokenize.js");

const { n, pieces } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const indexes = {};
for (const [p, data] of Object.entries(pieces)) indexes[p] = lunr.Index.load(data);

const out = {};
for (const terms of queries) {
  const groups = {};
  for (const term of terms) (groups[t.fnv1a(term) % n] ||= []).push(term);
  let total = null;
  for (const [p, group] of Object.entries(groups)) {
    const idx = indexes[p];
    const part = {};
    if (idx) {
      for (const r of idx.query((q) => group.forEach((term) => q.term(term, {
        usePipeline: false, wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.REQUIRED })))) {
        part[r.ref] = r.score * Math.sqrt(group.length);
      }
    }
    if (total === null) total = part;
    else for (const ref of Object.keys(total)) { if (ref in part) total[ref] += part[ref]; else delete total[ref]; }
  }
  const result = {};
  for (const [ref, s] of Object.entries(total || {})) result[ref] = s / Math.sqrt(terms.length);
  out[terms.join(" ")] = result;
}
process.stdout.write(JSON.stringify(out));
