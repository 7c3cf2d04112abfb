/* dcsx site script: jump to an issue by number; highlight search terms carried from the
   search page (?hl=…) on article pages.  No network requests, works from file://. */
(function () {
  "use strict";

  function jumpByNumber() {
    var form = document.getElementById("jump-form");
    if (!form) return;
    var numbers = JSON.parse(form.getAttribute("data-numbers") || "{}");
    var msg = form.querySelector(".jump-msg");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var n = String(parseInt(form.elements.n.value, 10));
      var target = numbers[n];
      if (target) {
        window.location.href = target;  // already relative to this page
      } else {
        msg.textContent = "没有找到第" + form.elements.n.value + "期。档案收录的期号范围见下方列表。";
      }
    });
  }

  function highlightTerms() {
    var body = document.getElementById("article-body");
    if (!body) return;
    var params = new URLSearchParams(window.location.search);
    var raw = params.get("hl");
    if (!raw) return;
    var terms = raw.split(/\s+/).filter(function (t) { return t.length > 0; });
    if (!terms.length) return;
    var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var re = new RegExp("(" + escaped.join("|") + ")", "gi");
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
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

  document.addEventListener("DOMContentLoaded", function () {
    copyCitation();
    jumpByNumber();
    highlightTerms();
  });
})();
