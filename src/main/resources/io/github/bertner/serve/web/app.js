// bertner demo page: plain DOM code, no dependencies, nothing fetched from outside this server.
(function () {
  "use strict";

  var KNOWN = ["PER", "LOC", "ORG", "MISC"];
  var FLAG_BADGE = { MISSING_IN_TRANSLATION: "missing", ADDED_IN_TRANSLATION: "added", TYPE_CHANGED: "type" };
  var state = { mode: "single", single: null, pairs: [], disabled: {}, threshold: 0, types: [] };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "className") { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function colour(type) {
    if (KNOWN.indexOf(type) >= 0) { return "var(--" + type + ")"; }
    var h = 0;
    for (var i = 0; i < type.length; i++) { h = (h * 31 + type.charCodeAt(i)) >>> 0; }
    return "var(--x" + (h % 4) + ")";
  }
  function showError(message) {
    var e = $("error");
    if (message) { e.textContent = message; e.classList.remove("hidden"); } else { e.classList.add("hidden"); }
  }

  function post(path, body) {
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) { throw new Error(r.status + " " + (j.error || "") + ": " + (j.message || "")); }
          return j;
        });
      });
  }

  // A text with its entities as <mark> elements; offsets are UTF-16, as JavaScript strings index.
  function renderDoc(container, tagged, side, annotate) {
    container.textContent = "";
    var pos = 0;
    tagged.entities.forEach(function (e, i) {
      if (e.beginUtf16 > pos) { container.appendChild(document.createTextNode(tagged.text.slice(pos, e.beginUtf16))); }
      var m = el("mark", {
        className: "ent", "data-type": e.type, "data-confidence": e.confidence.toFixed(4), "data-index": String(i),
        title: e.type + " · confidence " + e.confidence.toFixed(2)
      }, tagged.text.slice(e.beginUtf16, e.endUtf16));
      m.style.setProperty("--c", colour(e.type));
      if (side) { m.setAttribute("data-side", side); }
      var after = annotate ? annotate(m, i) : [];
      container.appendChild(m);
      after.forEach(function (n) { container.appendChild(n); });
      pos = e.endUtf16;
    });
    if (pos < tagged.text.length) { container.appendChild(document.createTextNode(tagged.text.slice(pos))); }
  }

  function collectTypes() {
    var seen = {};
    var types = [];
    function add(t) { if (!seen[t]) { seen[t] = true; types.push(t); } }
    var docs = state.mode === "single" ? (state.single ? [state.single] : [])
      : state.pairs.reduce(function (a, p) { return a.concat([p.source, p.target]); }, []);
    docs.forEach(function (d) { d.entities.forEach(function (e) { add(e.type); }); });
    return types;
  }

  function renderLegend() {
    var legend = $("legend");
    legend.textContent = "";
    state.types = collectTypes();
    state.types.forEach(function (t) {
      var count = document.querySelectorAll(activeResult() + ' mark.ent[data-type="' + t + '"]').length;
      var label = el("label", { className: "legend-item", "data-type": t });
      var box = el("input", { type: "checkbox", className: "type-toggle", "data-type": t });
      box.checked = !state.disabled[t];
      box.addEventListener("change", function () { state.disabled[t] = !box.checked; applyFilters(); });
      var sw = el("span", { className: "swatch" }, t);
      sw.style.background = colour(t);
      label.appendChild(box);
      label.appendChild(sw);
      label.appendChild(el("span", { className: "muted count" }, String(count)));
      legend.appendChild(label);
    });
    $("controls").classList.toggle("hidden", state.types.length === 0 && !state.single && state.pairs.length === 0);
  }

  function activeResult() { return state.mode === "single" ? "#single-result" : "#parallel-result"; }

  function visible(type, confidence) { return !state.disabled[type] && confidence >= state.threshold; }

  function applyFilters() {
    document.querySelectorAll("mark.ent, #entities tbody tr").forEach(function (n) {
      var t = n.getAttribute("data-type");
      var c = parseFloat(n.getAttribute("data-confidence"));
      n.classList.toggle("off", !!state.disabled[t]);
      n.classList.toggle("below", c < state.threshold);
    });
  }

  function renderSingle(tagged) {
    state.single = tagged;
    renderDoc($("output"), tagged);
    var body = document.querySelector("#entities tbody");
    body.textContent = "";
    tagged.entities.forEach(function (e, i) {
      var tr = el("tr", { "data-type": e.type, "data-confidence": e.confidence.toFixed(4) });
      [String(i + 1), e.text, e.type, e.confidence.toFixed(3), e.begin + "–" + e.end].forEach(function (v) {
        tr.appendChild(el("td", {}, v));
      });
      body.appendChild(tr);
    });
    $("single-result").classList.remove("hidden");
    renderLegend();
    applyFilters();
  }

  function renderPairs(results, warning) {
    state.pairs = results;
    var box = $("pairs");
    box.textContent = "";
    var flagCount = 0;
    results.forEach(function (r, p) {
      var cmp = r.comparison;
      flagCount += cmp.flags.length;
      var matchOfSource = {}, matchOfTarget = {};
      cmp.matches.forEach(function (m, k) { matchOfSource[m.source] = k; matchOfTarget[m.target] = k; });
      var flagsOf = { source: {}, target: {} };
      cmp.flags.forEach(function (f) {
        if (f.source >= 0) { (flagsOf.source[f.source] = flagsOf.source[f.source] || []).push(f.kind); }
        if (f.target >= 0) { (flagsOf.target[f.target] = flagsOf.target[f.target] || []).push(f.kind); }
      });
      var pair = el("div", { className: "pair" + (cmp.flags.length ? " has-flags" : ""), "data-pair": String(p) });
      pair.appendChild(el("div", { className: "pair-summary" }, (p + 1) + ". " + cmp.summary));
      var cols = el("div", { className: "pair-cols" });
      ["source", "target"].forEach(function (side) {
        var doc = el("div", { className: "doc side " + side, lang: r[side].lang });
        renderDoc(doc, r[side], side, function (m, i) {
          var k = side === "source" ? matchOfSource[i] : matchOfTarget[i];
          if (k !== undefined) {
            var match = cmp.matches[k];
            m.setAttribute("data-match", p + "-" + k);
            m.setAttribute("data-basis", match.basis);
            m.title += " · matched by " + match.basis.toLowerCase() + " (similarity " + match.similarity.toFixed(2) + ")";
          }
          var kinds = flagsOf[side][i] || [];
          if (kinds.length) {
            m.classList.add("flagged");
            m.setAttribute("data-flags", kinds.join(" "));
          }
          // badges follow the mark, so the mark's text stays the entity's text
          return kinds.map(function (kind) { return el("span", { className: "badge flag-" + kind }, FLAG_BADGE[kind]); });
        });
        cols.appendChild(doc);
      });
      pair.appendChild(cols);
      if (cmp.flags.length) {
        var ul = el("ul", { className: "pair-flags" });
        cmp.flags.forEach(function (f) { ul.appendChild(el("li", { className: "flag flag-" + f.kind, "data-kind": f.kind }, f.message)); });
        pair.appendChild(ul);
      }
      box.appendChild(pair);
    });
    $("pairs-summary").textContent = results.length + " pair" + (results.length === 1 ? "" : "s") + ", "
      + flagCount + " flag" + (flagCount === 1 ? "" : "s") + (warning ? " — " + warning : "");
    $("parallel-result").classList.remove("hidden");
    renderLegend();
    applyFilters();
  }

  // hovering an entity outlines its counterpart on the other side
  document.addEventListener("mouseover", function (ev) {
    var m = ev.target.closest ? ev.target.closest("mark.ent[data-match]") : null;
    document.querySelectorAll("mark.ent.linked").forEach(function (n) { n.classList.remove("linked"); });
    if (m) {
      document.querySelectorAll('mark.ent[data-match="' + m.getAttribute("data-match") + '"]')
        .forEach(function (n) { n.classList.add("linked"); });
    }
  });

  function tag() {
    showError(null);
    post("/api/tag", { text: $("text").value, lang: $("lang").value }).then(renderSingle)
      .catch(function (e) { showError(e.message); });
  }

  function lines(text) { return text.split(/\r?\n/).map(function (l) { return l.trim(); }); }

  function compare() {
    showError(null);
    var src = lines($("src-text").value), tgt = lines($("tgt-text").value);
    while (src.length && !src[src.length - 1] && (tgt.length <= src.length)) { src.pop(); }
    while (tgt.length && !tgt[tgt.length - 1] && (src.length <= tgt.length)) { tgt.pop(); }
    var n = Math.max(src.length, tgt.length);
    var warning = src.length !== tgt.length ? "the source has " + src.length + " lines, the translation " + tgt.length : "";
    var results = new Array(n);
    var next = 0;
    function worker() {
      if (next >= n) { return Promise.resolve(); }
      var i = next++;
      return post("/api/compare", {
        source: { text: src[i] || "", lang: $("src-lang").value },
        target: { text: tgt[i] || "", lang: $("tgt-lang").value }
      }).then(function (r) { results[i] = r; return worker(); });
    }
    // a few pairs at a time: the server batches concurrent requests into one model call
    Promise.all([worker(), worker(), worker(), worker()]).then(function () { renderPairs(results, warning); })
      .catch(function (e) { showError(e.message); });
  }

  function jsonl() {
    var out = [];
    function add(doc, extra) {
      doc.entities.forEach(function (e) {
        if (!visible(e.type, e.confidence)) { return; }
        var o = { text: e.text, type: e.type, confidence: e.confidence, begin: e.begin, end: e.end, lang: doc.lang };
        Object.keys(extra || {}).forEach(function (k) { o[k] = extra[k]; });
        out.push(JSON.stringify(o));
      });
    }
    if (state.mode === "single" && state.single) { add(state.single); }
    if (state.mode === "parallel") {
      state.pairs.forEach(function (p, i) { add(p.source, { pair: i, side: "source" }); add(p.target, { pair: i, side: "target" }); });
    }
    return out.join("\n") + (out.length ? "\n" : "");
  }

  function download() {
    var blob = new Blob([jsonl()], { type: "application/x-ndjson" });
    var a = el("a", { href: URL.createObjectURL(blob), download: state.mode === "single" ? "entities.jsonl" : "pairs.jsonl" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function setMode(mode) {
    state.mode = mode;
    $("mode-single").classList.toggle("active", mode === "single");
    $("mode-parallel").classList.toggle("active", mode === "parallel");
    $("single").classList.toggle("hidden", mode !== "single");
    $("parallel").classList.toggle("hidden", mode !== "parallel");
    $("single-result").classList.toggle("hidden", mode !== "single" || !state.single);
    $("parallel-result").classList.toggle("hidden", mode !== "parallel" || state.pairs.length === 0);
    renderLegend();
  }

  function fillLanguages(health) {
    var langs = Object.keys(health.models);
    [["lang", health.defaultLanguage], ["src-lang", "ru"], ["tgt-lang", "en"]].forEach(function (pair) {
      var s = $(pair[0]);
      s.textContent = "";
      langs.forEach(function (l) { s.appendChild(el("option", { value: l }, l)); });
      if (langs.indexOf(pair[1]) >= 0) { s.value = pair[1]; }
    });
    $("models").textContent = langs.map(function (l) { return l + ": " + health.models[l].model; }).join(" · ");
  }

  $("tag-btn").addEventListener("click", tag);
  $("compare-btn").addEventListener("click", compare);
  $("download").addEventListener("click", download);
  $("mode-single").addEventListener("click", function () { setMode("single"); });
  $("mode-parallel").addEventListener("click", function () { setMode("parallel"); });
  $("threshold").addEventListener("input", function () {
    state.threshold = parseFloat($("threshold").value);
    $("threshold-value").textContent = state.threshold.toFixed(2);
    applyFilters();
  });
  fetch("/health").then(function (r) { return r.json(); }).then(fillLanguages)
    .catch(function (e) { showError("cannot reach the server: " + e.message); });

  window.bertner = { jsonl: jsonl, state: state };
})();
