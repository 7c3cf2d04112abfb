// Used by tests/test_search_index.py: load a built site's search/ files exactly as the page
// does (each file calls window.dcsxSearch), then score queries the way search.js does:
// every term required, postings from the term's leaf, lunr.js scoring the query's index.
// Usage: node query_site.js SEARCH_DIR QUERIES.json  -> JSON {"term term": {ref: score}}
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const lunr = require("lunr");
const T = require("../../themes/default/static/dcsx-tokenize.js");
const I = require("../../themes/default/static/dcsx-index.js");

const dir = process.argv[2];
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const data = { piece: {}, lengths: {}, doc: {} };
const sandbox = { JSON, dcsxSearch: {} };
for (const kind of ["meta", "piece", "doc", "lengths", "issues"]) {
  sandbox.dcsxSearch[kind] = (k, d) => { if (kind === "meta" || kind === "issues") data[kind] = d; else data[kind][k] = d; };
}
vm.createContext(sandbox);
const run = (file) => vm.runInContext(fs.readFileSync(file, "utf8"), sandbox);
run(path.join(dir, "meta.js"));
for (const sub of ["idx", "len"]) for (const f of fs.readdirSync(path.join(dir, sub)).sort()) run(path.join(dir, sub, f));

const m = data.meta;
const leaves = I.shapeLeaves(m.trie);
const out = {};
for (const terms of queries) {
  const postings = {};
  for (const t of terms) {
    const piece = data.piece[I.leafOf(leaves, T.fnv1a(t))];
    postings[t] = I.decode(piece ? I.readPiece(piece).get(t) : null, m.fields);
  }
  const sets = terms.map((t) => I.termDocs(postings[t], ["title", "body", "people", "pinyin", "facets"]));
  const docs = Object.keys(sets[0]).filter((d) => sets.every((s) => d in s)).map(Number);
  const lengths = {};
  for (const year of Object.values(data.lengths)) Object.assign(lengths, year);
  const scores = docs.length ? I.score(lunr, m, postings, docs, lengths) : {};
  out[terms.join(" ")] = Object.fromEntries(Object.entries(scores).map(([d, s]) => [I.ref(+d), s]));
}
process.stdout.write(JSON.stringify(out));
