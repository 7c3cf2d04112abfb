/* dcsx search tokenizer and query compiler.
   The same specification as generator/search/tokens.py (read its docstring); both are
   checked against tests/fixtures/tokenizer_vectors.json.  Works in the browser (window.dcsxTokenize)
   and in node (module.exports). */
(function (root) {
  "use strict";
  var RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
  var SYLLABLES = Object.create(null);  /* no "constructor" inherited: every key is looked up as typed */
  "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo".split(" ").forEach(function (s) { SYLLABLES[s] = true; });

  function normalize(text) { return String(text).normalize("NFKC").toLowerCase(); }

  function runs(text) {
    var out = [], m, s = normalize(text);
    RUN.lastIndex = 0;
    while ((m = RUN.exec(s)) !== null) out.push([m[0], m.index, m.index + m[0].length]);
    return out;
  }

  function isCjk(run) { return run.charCodeAt(0) > 127; }

  function tokenize(text) {
    var tokens = [], found = runs(text);
    for (var i = 0; i < found.length; i++) {
      var run = found[i][0], start = found[i][1], end = found[i][2];
      var prev = i > 0 && found[i - 1][2] === start ? found[i - 1] : null;
      var next = i + 1 < found.length && found[i + 1][1] === end ? found[i + 1] : null;
      if (isCjk(run)) {
        if (run.length === 1) { if (!prev && !next) tokens.push(run); }
        else for (var k = 0; k < run.length - 1; k++) tokens.push(run.slice(k, k + 2));
      } else {
        if (prev) tokens.push(prev[0].slice(-1) + run);
        tokens.push(run);
        if (next) tokens.push(run + next[0].charAt(0));
      }
    }
    return tokens;
  }

  /* Split letters into pinyin syllables: fewest syllables, longest first syllable on ties. */
  function segmentPinyin(word) {
    var n = word.length, best = new Array(n + 1);
    best[n] = [];
    for (var i = n - 1; i >= 0; i--) {
      for (var j = Math.min(n, i + 6); j > i; j--) {
        var s = word.slice(i, j);
        if (SYLLABLES[s] && best[j] && (!best[i] || best[j].length + 1 < best[i].length)) best[i] = [s].concat(best[j]);
      }
    }
    return best[0] || null;
  }

  function pairs(syllables) {
    if (syllables.length === 1) return syllables.slice();
    var out = [];
    for (var k = 0; k < syllables.length - 1; k++) out.push(syllables[k] + syllables[k + 1]);
    return out;
  }

  function unique(list) {
    var seen = Object.create(null), out = [];
    list.forEach(function (t) { if (!seen[t]) { seen[t] = true; out.push(t); } });
    return out;
  }

  /* FNV-1a over code points: which index piece holds a term. */
  function fnv1a(term) {
    var h = 0x811c9dc5;
    for (var ch of term) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  /* Query text -> {groups, phrases, highlight, pinyin, words, tooShort}.  The query semantics
     (README, "What a query does"; generator/search/tokens.py's docstring):
     - every whitespace-separated word, and every quoted phrase, is required;
     - a word of one CJK character is required as that character (双拥 军: articles with 双拥
       that hold 军 anywhere); alone it is too short to search;
     - a word mixing CJK and digits or letters (15728场, 第16次) is a phrase: its bigrams find
       candidates and the whole word ranks them first, and is what is highlighted;
     - a quoted phrase must stand exactly as written (spaces ignored);
     - letters that read as pinyin (xu zhen xin, xuzhenxin) find the pinyin of names and headlines;
       2-5 letters that are no pinyin (xzx) are initials.
     groups: every group must match; a group is a list of alternatives, each a list of index
     terms that must all be present.  phrases: {text, required}: exact strings to rank by, or
     (required) to keep only the records that hold them.  highlight: whole strings to mark.
     pinyin: each pinyin word run as typed without spaces (xuzhenxin), to mark the names it reads.
     words: the words and phrases as the reader wrote them, for the status line. */
  function compileQuery(q) {
    var text = normalize(q || "").trim();
    var quoted = [], m, QUOTE = /["\u201c\u201d\u300c\u300d]([^"\u201c\u201d\u300c\u300d]+)["\u201c\u201d\u300c\u300d]/g;
    while ((m = QUOTE.exec(text)) !== null) quoted.push(m[1].trim());
    var rest = text.replace(QUOTE, " ");
    var groups = [], phrases = [], highlight = [], pinyin = [], words = [], chars = 0;
    function addText(part, isQuoted) {
      var tokens = unique(tokenize(part));
      var r = runs(part), whole = part.replace(/\s+/g, "");
      if (!r.length) return;
      words.push(whole);
      if (r.length === 1 && isCjk(r[0][0]) && r[0][0].length === 1) {  /* one character: required as itself */
        phrases.push({ text: r[0][0], required: true });
        highlight.push(r[0][0]);
        chars++;
        return;
      }
      if (!tokens.length) return;
      var cjkOnly = r.length === 1 && isCjk(r[0][0]);
      groups.push([tokens]);
      if (isQuoted || r.length > 1 || cjkOnly) phrases.push({ text: whole, required: isQuoted });
      /* Mark the word whole where it stands whole; a quoted phrase with spaces, word by word. */
      if (/\s/.test(part.trim())) part.trim().split(/\s+/).forEach(function (x) { highlight.push(x); });
      else highlight.push(whole);
    }
    quoted.forEach(function (p) { addText(p, true); });
    /* Unquoted words: CJK/mixed words as text; runs of pinyin-looking letters also as pinyin. */
    var ws = rest.split(/\s+/).filter(Boolean), i = 0;
    while (i < ws.length) {
      var w = ws[i];
      if (/^[a-z]+$/.test(w)) {
        var seq = [], j = i, lit = [], seg = null;
        while (j < ws.length && /^[a-z]+$/.test(ws[j])) {
          seg = segmentPinyin(ws[j]);
          if (!seg) break;
          seq = seq.concat(seg); lit.push(ws[j]); j++;
        }
        if (seq.length >= 2) {
          var alts = [pairs(seq)];
          if (lit.length === 1) alts.unshift([lit[0]]);
          else alts.unshift(lit.slice());
          groups.push(alts);
          lit.forEach(function (x) { highlight.push(x); });
          pinyin.push(lit.join(""));
          words.push(lit.join(" "));
          i = j;
          continue;
        }
        if (/^[a-z]{2,5}$/.test(w) && !segmentPinyin(w)) {  /* initials such as xzx */
          groups.push([[w]]);
          highlight.push(w);
          pinyin.push(w);
          words.push(w);
          i++;
          continue;
        }
      }
      addText(w, false);
      i++;
    }
    return { groups: groups, phrases: phrases, highlight: unique(highlight), pinyin: unique(pinyin), words: words,
             tooShort: chars > 0 && groups.length === 0 };
  }

  var api = { normalize: normalize, tokenize: tokenize, segmentPinyin: segmentPinyin, pairs: pairs, fnv1a: fnv1a,
              compileQuery: compileQuery };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.dcsxTokenize = api;
})(typeof window !== "undefined" ? window : this);
