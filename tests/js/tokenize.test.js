// The JavaScript tokenizer against the shared vectors (the Python one is checked by pytest).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const t = require("../../themes/default/static/dcsx-tokenize.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/tokenizer_vectors.json"), "utf8"));

for (const c of vectors.tokenize) {
  test(`tokenize ${JSON.stringify(c.text)}`, () => assert.deepEqual(t.tokenize(c.text), c.tokens));
}
for (const c of vectors.fnv1a) {
  test(`fnv1a ${JSON.stringify(c.term)}`, () => assert.equal(t.fnv1a(c.term), c.hash));
}

test("pinyin segmentation", () => {
  assert.deepEqual(t.segmentPinyin("xuzhenxin"), ["xu", "zhen", "xin"]);
  assert.deepEqual(t.segmentPinyin("shuangyong"), ["shuang", "yong"]);
  assert.equal(t.segmentPinyin("xzx"), null);
  assert.deepEqual(t.segmentPinyin("lvliang"), ["lv", "liang"]);
});

test("queries: pinyin full, spaced and initials", () => {
  const full = t.compileQuery("xuzhenxin").groups;
  assert.deepEqual(full, [[["xuzhenxin"], ["xuzhen", "zhenxin"]]]);
  assert.deepEqual(t.compileQuery("xu zhen xin").groups[0][1], ["xuzhen", "zhenxin"]);
  assert.deepEqual(t.compileQuery("xzx").groups, [[["xzx"]]]);
});

test("queries: quoted phrases are required, mixed words stay phrases", () => {
  const q = t.compileQuery("“双拥工作室” 3360斤");
  assert.deepEqual(q.groups[0], [["双拥", "拥工", "工作", "作室"]]);
  assert.deepEqual(q.phrases, [{ text: "双拥工作室", required: true }, { text: "3360斤", required: false }]);
  assert.deepEqual(q.groups[1], [["3360", "3360斤"]]);
});

test("queries: a single character is too short; colons and HTML are just text", () => {
  assert.equal(t.compileQuery("会").tooShort, true);
  assert.equal(t.compileQuery("会议").tooShort, false);
  assert.deepEqual(t.compileQuery("title:会议").groups, [[["title", "会议"]]]);
  assert.deepEqual(t.compileQuery("<b>会议</b>").groups, [[["b", "会议"]]]);
});
