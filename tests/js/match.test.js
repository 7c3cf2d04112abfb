/* matchDocs (sorted lists) against the plain object reference, on random postings. */
const test = require("node:test");
const assert = require("node:assert");
const path = require("path");
const I = require(path.join(__dirname, "../../themes/default/static/dcsx-index.js"));

const FIELDS = ["title", "body", "people", "pinyin"];

function reference(termPostings, fields) {
  const sets = termPostings.map((p) => I.termDocs(p || {}, fields));
  const docs = Object.keys(sets[0] || {}).map(Number).filter((d) => sets.every((s) => d in s)).sort((a, b) => a - b);
  return { docs, title: docs.map((d) => sets.every((s) => s[d])) };
}

function random(seed) {
  let x = seed;
  return () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
}

test("matchDocs finds what the object intersection finds, titles included", () => {
  const rnd = random(7);
  for (let round = 0; round < 400; round++) {
    const span = [5, 50, 5000][round % 3];
    const terms = [];
    for (let t = 0; t < 1 + Math.floor(rnd() * 4); t++) {
      const postings = {};
      for (const f of FIELDS.concat(["facets"])) {
        if (rnd() < 0.4) continue;
        const docs = new Set();
        const n = Math.floor(rnd() * span);
        for (let k = 0; k < n; k++) docs.add(4500000 + Math.floor(rnd() * span * 2));
        postings[f] = { docs: [...docs].sort((a, b) => a - b), tfs: null };
      }
      terms.push(rnd() < 0.05 ? null : postings);
    }
    assert.deepStrictEqual(I.matchDocs(terms, FIELDS), reference(terms, FIELDS), `round ${round}`);
  }
  assert.deepStrictEqual(I.matchDocs([], FIELDS), { docs: [], title: [] });
});
