/* dcsx site script: jump to an issue by number; highlight search terms carried from the
   search page (?hl=…) on article pages.  No network requests, works from file://. */
(function () {
  "use strict";

  // 往期回顾's box: 1491, 第1491期, or a lunar date (农历壬寅年十月廿九, 2022年十月廿九, or
  // 十月廿九 alone, which lists every issue on that lunar day).
  var STEMS = "甲乙丙丁戊己庚辛壬癸", BRANCHES = "子丑寅卯辰巳午未申酉戌亥";

  function pad2(n) { return ("0" + n).slice(-2); }

  /* A Gregorian date: 2022-11-22, 2022/11/22, 2022.11.22, 20221122, 2022年11月22日, or 11月22日
     (every year).  The issues of that day, or else the nearest before and after. */
  function dateTargets(dates, value) {
    var m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value) || /^(\d{4})(\d{2})(\d{2})$/.exec(value);
    var days = Object.keys(dates).sort();
    if (m) {
      var iso = m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3]);
      var label = +m[1] + "年" + +m[2] + "月" + +m[3] + "日";
      if (dates[iso]) return { label: label, hits: [[dates[iso], ""]] };
      var before = days.filter(function (d) { return d < iso; }).pop();
      var after = days.filter(function (d) { return d > iso; })[0];
      var near = [before, after].filter(Boolean).map(function (d) { return [dates[d], cnDate(d)]; });
      return { label: label, hits: [], near: near };
    }
    m = /^(\d{1,2})月(\d{1,2})日?$/.exec(value);
    if (!m) return null;
    var tail = "-" + pad2(m[1]) + "-" + pad2(m[2]);
    return { label: "各年" + +m[1] + "月" + +m[2] + "日",
             hits: days.filter(function (d) { return d.slice(4) === tail; }).map(function (d) { return [dates[d], cnDate(d)]; }) };
  }

  function cnDate(iso) { return +iso.slice(0, 4) + "年" + +iso.slice(5, 7) + "月" + +iso.slice(8, 10) + "日"; }

  function jumpTargets(form, text) {
    var numbers = JSON.parse(form.getAttribute("data-numbers") || "{}");
    var lunar = JSON.parse(form.getAttribute("data-lunar") || "{}");
    var value = text.replace(/\s+/g, "").replace(/^农历/, "");
    var byDate = text.trim().indexOf("农历") === 0 ? null : dateTargets(JSON.parse(form.getAttribute("data-dates") || "{}"), value);
    if (byDate) return byDate;
    var m = /^第?(\d+)期?$/.exec(value);
    if (m) {
      var n = String(parseInt(m[1], 10));
      return { label: "第" + n + "期", hits: numbers[n] ? [[numbers[n], ""]] : [] };
    }
    m = /^(?:(\d{4})年?|([甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥])年)?(闰?[正一二三四五六七八九十冬腊]{1,2}月(?:初[一二三四五六七八九十]|二十|三十|廿[一二三四五六七八九]|十[一二三四五六七八九]?))$/.exec(value);
    if (!m) return null;
    var year = m[2] || (m[1] ? STEMS[(+m[1] - 4) % 10] + BRANCHES[(+m[1] - 4) % 12] : "");
    var day = m[3].replace(/^冬月/, "十一月").replace(/^腊月/, "十二月").replace(/^闰冬月/, "闰十一月");
    var hits = [];
    Object.keys(lunar).sort().forEach(function (key) {
      var parts = key.split("年");
      if (parts[1] === day && (!year || parts[0] === year)) hits.push([lunar[key][0], lunar[key][1]]);
    });
    return { label: "农历" + (year ? year + "年" : "") + day, hits: hits };
  }

  function jumpByNumber() {
    var form = document.getElementById("jump-form");
    if (!form) return;
    var msg = form.querySelector(".jump-msg");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = form.elements.n.value;
      var found = jumpTargets(form, text);
      msg.textContent = "";
      if (!found) {
        msg.textContent = "请输入日期（如 2022-11-22、11月22日）、期号（如 1491 或 第1491期）或农历日期（如 农历壬寅年十月廿九）。";
      } else if (found.hits.length === 1) {
        window.location.href = found.hits[0][0];  // already relative to this page
      } else if (!found.hits.length) {
        msg.textContent = "没有找到" + found.label + "的报纸。";
        if (found.near && found.near.length) listIssues(msg, "最近的几期：", found.near);
        else msg.appendChild(document.createTextNode("档案收录的各期见下方列表。"));
      } else {
        listIssues(msg, found.label + "有 " + found.hits.length + " 期：", found.hits);
      }
    });
  }

  /* [link, label] pairs as links after a lead-in, in the box's message line. */
  function listIssues(msg, lead, hits) {
    msg.appendChild(document.createTextNode(lead));
    hits.forEach(function (hit) {
      var a = document.createElement("a");
      a.href = hit[0];
      a.textContent = hit[1];
      msg.appendChild(document.createTextNode(" "));
      msg.appendChild(a);
    });
  }

  function highlightTerms() {
    var body = document.getElementById("article-body");
    if (!body) return;
    var byline = document.querySelector(".story-foot .byline");
    var params = new URLSearchParams(window.location.search);
    var raw = params.get("hl");
    if (!raw) return;
    var terms = raw.slice(0, 200).split(/\s+/).filter(function (t) { return t.length > 0; }).slice(0, 20);
    if (!terms.length) return;
    /* Longest first: where a whole word and a part of it both match, the whole word is marked. */
    terms.sort(function (a, b) { return b.length - a.length; });
    var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var re = new RegExp("(" + escaped.join("|") + ")", "gi");
    var nodes = [];
    [body, byline].forEach(function (root) {  // the text, and the names it was searched by
      if (!root) return;
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) nodes.push(walker.currentNode);
    });
    var first = null;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      re.lastIndex = 0;
      if (!re.test(text)) return;
      var frag = document.createDocumentFragment();
      var last = 0;
      text.replace(re, function (match, _g, offset) {
        if (offset > last) frag.appendChild(document.createTextNode(text.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.textContent = match;
        frag.appendChild(mark);
        if (!first) first = mark;
        last = offset + match.length;
        return match;
      });
      if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
    if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
  }

  // 复制引文: the citation's text to the clipboard (a selection and execCommand where the
  // Clipboard API is refused), and say so next to the button.
  function copyCitation() {
    var button = document.getElementById("copy-citation");
    if (!button) return;
    var source = document.getElementById("citation-text");
    var said = document.getElementById("copy-status");
    button.hidden = false;
    function done(ok) { said.textContent = ok ? "已复制" : "复制未成功，请手动选中引文复制"; }
    function fallback(text) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      done(ok);
    }
    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { fallback(text); });
      } else {
        fallback(text);
      }
    });
  }

  // The GB/T 7714 access date [引用日期] is the reader's: today's date, filled in as the page is
  // read (the built page stays the same).  BibTeX and RIS download as files Zotero and EndNote import.
  function citeForms() {
    var now = new Date();
    var today = now.getFullYear() + "-" + pad2(now.getMonth() + 1) + "-" + pad2(now.getDate());
    Array.prototype.forEach.call(document.querySelectorAll(".citation .accessed"), function (span) {
      span.textContent = today;
    });
    var forms = document.querySelector(".cite-forms");
    if (!forms || !window.Blob || !window.URL || !URL.createObjectURL) return;
    var record = citationRecord();
    forms.querySelector(".cite-downloads").hidden = false;
    Array.prototype.forEach.call(forms.querySelectorAll(".cite-download"), function (button) {
      button.addEventListener("click", function () {
        var bib = button.getAttribute("data-format") === "bib";
        var text = bib ? bibtex(record) : ris(record);
        var blob = new Blob([text], { type: (bib ? "application/x-bibtex" : "application/x-research-info-systems") + ";charset=utf-8" });
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = forms.getAttribute("data-file") + (bib ? ".bib" : ".ris");
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      });
    });
  }

  /* The article's record, from the citation_* meta tags the page carries for Zotero and Scholar
     (generator/site/cite.py makes the same BibTeX and RIS; the tests hold the two equal). */
  function citationRecord() {
    function meta(name) {
      return Array.prototype.map.call(document.querySelectorAll('meta[name="citation_' + name + '"]'),
                                      function (m) { return m.getAttribute("content"); });
    }
    var date = (meta("publication_date")[0] || "").split("/");
    return { authors: meta("author"), title: meta("title")[0] || "", paper: meta("journal_title")[0] || "",
             y: date[0], m: date[1], d: date[2], number: meta("issue")[0] || "", page: meta("firstpage")[0] || "",
             url: meta("public_url")[0] || "", key: "dcsx-" + document.querySelector(".cite-forms").getAttribute("data-file") };
  }

  function bibValue(v) {
    return String(v).trim().split(/\s+/).join(" ").replace(/[\\{}%&$#_~^]/g, function (c) {
      return c === "\\" ? "\\textbackslash{}" : "\\" + c;
    });
  }

  function bibtex(r) {
    var fields = [["author", r.authors.join(" and ")], ["title", r.title], ["journal", r.paper], ["year", r.y],
                  ["month", String(+r.m)], ["day", String(+r.d)], ["date", r.y + "-" + r.m + "-" + r.d],
                  ["number", r.number], ["pages", r.page], ["url", r.url], ["language", "chinese"]];
    return "@article{" + r.key + ",\n" + fields.filter(function (f) { return f[1] !== ""; })
      .map(function (f) { return "  " + f[0] + " = {" + bibValue(f[1]) + "}"; }).join(",\n") + "\n}\n";
  }

  function ris(r) {
    var rows = [["TY", "NEWS"]].concat(r.authors.map(function (a) { return ["AU", a]; }),
      [["TI", r.title], ["T2", r.paper], ["PY", r.y], ["DA", r.y + "/" + r.m + "/" + r.d], ["SP", r.page],
       ["IS", r.number], ["UR", r.url], ["LA", "zh"], ["ID", r.key]]);
    return rows.filter(function (f) { return f[1] !== ""; })
      .map(function (f) { return f[0] + "  - " + String(f[1]).trim().split(/\s+/).join(" "); }).join("\r\n") + "\r\nER  - \r\n";
  }

  // 字号 大/中/小: a share of the browser's own size, remembered for the next page and visit.
  function textSize() {
    var key = "dcsx-text-size", root = document.documentElement, saved = "";
    try { saved = localStorage.getItem(key) || ""; } catch (e) { saved = ""; }
    function apply(size) {
      if (size) root.setAttribute("data-size", size); else root.removeAttribute("data-size");
      Array.prototype.forEach.call(document.querySelectorAll(".text-size button"), function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-size") === size));
      });
    }
    // The control is made here, on article pages (without the script it could do nothing).
    var header = document.querySelector(".story > header");
    if (header) {
      var group = document.createElement("div");
      group.className = "text-size";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "字号");
      [["small", "小"], ["", "中"], ["large", "大"]].forEach(function (s) {
        var b = document.createElement("button");
        b.type = "button";
        b.setAttribute("data-size", s[0]);
        b.textContent = s[1];
        group.appendChild(b);
      });
      header.insertBefore(group, header.firstChild);
    }
    apply(saved === "small" || saved === "large" ? saved : "");
    Array.prototype.forEach.call(document.querySelectorAll(".text-size"), function (group) {
      group.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) return;
        var size = button.getAttribute("data-size");
        apply(size);
        try { if (size) localStorage.setItem(key, size); else localStorage.removeItem(key); } catch (e) { /* private mode */ }
      });
    });
  }

  // The search filters fold away on a phone; on a wide screen, or with a filter in use, they open.
  function foldFilters() {
    var box = document.getElementById("filters-box");
    if (!box) return;
    var params = new URLSearchParams(window.location.search);
    var used = ["from", "to", "section", "reporter", "place", "column", "issue", "sort"].some(function (k) { return params.get(k); });
    if (used || !window.matchMedia("(max-width: 640px)").matches) box.open = true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldFilters();
    copyCitation();
    citeForms();
    textSize();
    jumpByNumber();
    highlightTerms();
  });
})();
