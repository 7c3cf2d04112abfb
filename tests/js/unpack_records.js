// Used by tests/test_search_chars.py: read a built site's search/chars.js and result records
// exactly as the page does (each file calls window.dcsxSearch), and print each record's text
// as dcsx-index.js's textUnpacker reads it.
// Usage: node unpack_records.js SEARCH_DIR [PACKED.json]  -> JSON {ref: text} (or [text, ...])
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const I = require("../../themes/default/static/dcsx-index.js");

const dir = process.argv[2];
const got = { doc: {} };
const sandbox = { JSON, dcsxSearch: { chars: (k, d) => { got.chars = d; }, doc: (k, d) => { got.doc[k] = d; } } };
vm.createContext(sandbox);
const run = (file) => vm.runInContext(fs.readFileSync(file, "utf8"), sandbox);
run(path.join(dir, "chars.js"));
const unpack = I.textUnpacker(got.chars);
let out;
if (process.argv[3]) {
  out = JSON.parse(fs.readFileSync(process.argv[3], "utf8")).map((p) => unpack(p));
} else {
  for (const f of fs.readdirSync(path.join(dir, "docs")).sort()) run(path.join(dir, "docs", f));
  out = Object.fromEntries(Object.entries(got.doc).map(([ref, rec]) => [ref, unpack(rec[8])]));
}
process.stdout.write(JSON.stringify(out));
