/* claimgraph HTML view: an SVG force layout with details, filters and search.
   Written for claimgraph; no third-party code. Reads the graph from #cg-data. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var COLOURS = JSON.parse(document.getElementById("cg-colours").textContent);
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var nodes = data.nodes, edges = data.edges;
  var byId = {};
  nodes.forEach(function (n, i) { n.index = i; byId[n.id] = n; });
  edges.forEach(function (e) {
    e.s = byId[e.source]; e.t = byId[e.target];
    e.s.degree = (e.s.degree || 0) + 1; e.t.degree = (e.t.degree || 0) + 1;
  });

  function el(id) { return document.getElementById(id); }
  function svg(tag, attrs) {
    var x = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { x.setAttribute(k, attrs[k]); });
    return x;
  }

  /* ---- layout: deterministic Fruchterman-Reingold ---- */
  function layout() {
    var n = nodes.length, W = 700, H = 560, area = W * H;
    if (!n) { return; }
    var k = Math.sqrt(area / n), temp = W / 8;
    var iters = Math.max(20, Math.min(300, Math.floor(2e7 / (n * n))));
    nodes.forEach(function (v, i) {
      var a = 2 * Math.PI * i / n, r = 300 + 40 * (i % 5);
      v.x = W / 2 + r * Math.cos(a); v.y = H / 2 + r * Math.sin(a);
    });
    for (var it = 0; it < iters; it++) {
      nodes.forEach(function (v) { v.dx = 0; v.dy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var f = k * k / d2;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var dx = e.s.x - e.t.x, dy = e.s.y - e.t.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d / k;
        e.s.dx -= dx * f; e.s.dy -= dy * f; e.t.dx += dx * f; e.t.dy += dy * f;
      });
      nodes.forEach(function (v) {
        var pull = v.degree ? 0.03 : 0.3; /* keep unconnected nodes near the rest */
        v.dx += (W / 2 - v.x) * pull * k / 10; v.dy += (H / 2 - v.y) * pull * k / 10;
        var d = Math.sqrt(v.dx * v.dx + v.dy * v.dy) + 0.01, m = Math.min(d, temp);
        v.x += v.dx / d * m; v.y += v.dy / d * m;
      });
      temp *= 0.97;
    }
  }

  /* ---- drawing ---- */
  var canvas = el("canvas"), view = { x: 0, y: 0, w: 1000, h: 800 };
  function setView() { canvas.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  function fit() {
    if (!nodes.length) { setView(); return; }
    var xs = nodes.map(function (v) { return v.x; }), ys = nodes.map(function (v) { return v.y; });
    var x0 = Math.min.apply(null, xs) - 60, y0 = Math.min.apply(null, ys) - 40;
    view = { x: x0, y: y0, w: Math.max.apply(null, xs) - x0 + 160, h: Math.max.apply(null, ys) - y0 + 40 };
    setView();
  }
  function radius(n) { return n.kind === "article" ? 15 : n.kind === "entity" ? 12 : n.kind === "claim" ? 9 : 7; }
  function draw() {
    var ge = svg("g", { id: "edges" }), gn = svg("g", { id: "nodes" });
    edges.forEach(function (e, i) {
      var line = svg("line", { x1: e.s.x, y1: e.s.y, x2: e.t.x, y2: e.t.y, "class": e.relation,
        "data-testid": "edge", "data-source": e.source, "data-target": e.target });
      var t = svg("title"); t.textContent = e.relation; line.appendChild(t);
      e.line = line; ge.appendChild(line);
    });
    nodes.forEach(function (n) {
      var g = svg("g", { "class": "node kind-" + n.kind, "data-testid": "node", "data-id": n.id,
        "data-kind": n.kind, transform: "translate(" + n.x + "," + n.y + ")" });
      g.appendChild(svg("circle", { r: radius(n), fill: COLOURS[n.kind] || "#ccc" }));
      var label = svg("text", { x: radius(n) + 2, y: 3 });
      label.textContent = n.kind === "claim" ? "" : (n.label || n.id);
      g.appendChild(label);
      var t = svg("title"); t.textContent = n.label || n.id; g.appendChild(t);
      g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n); });
      n.g = g; gn.appendChild(g);
    });
    canvas.appendChild(ge); canvas.appendChild(gn);
  }

  /* ---- details ---- */
  function text(tag, value, testid) {
    var x = document.createElement(tag);
    x.textContent = value == null ? "" : String(value);
    if (testid) { x.setAttribute("data-testid", testid); }
    return x;
  }
  function articleOf(claim) {
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].kind === "article" && nodes[i].article_id === claim.article_id) { return nodes[i]; }
    }
    return null;
  }
  function evidence(claim, article) {
    var box = document.createElement("div");
    box.className = "body"; box.setAttribute("data-testid", "detail-evidence");
    if (!article || !article.body) { box.textContent = claim.evidence || claim.text || ""; return box; }
    var chars = Array.from(article.body); /* offsets are code points */
    var spans = String(claim.spans || "").split(";").filter(Boolean).map(function (s) {
      return s.split("-").map(Number);
    });
    var pos = 0;
    spans.forEach(function (sp) {
      box.appendChild(document.createTextNode(chars.slice(pos, sp[0]).join("")));
      box.appendChild(text("mark", chars.slice(sp[0], sp[1]).join(""), "evidence-highlight"));
      pos = sp[1];
    });
    box.appendChild(document.createTextNode(chars.slice(pos).join("")));
    return box;
  }
  var HIDDEN = { iri: 1, body: 1, label: 1, kind: 1, index: 1, degree: 1, visible: 1, x: 1, y: 1, dx: 1, dy: 1, g: 1, id: 1 };
  function select(n) {
    nodes.forEach(function (v) { v.g.classList.toggle("selected", v === n); });
    var panel = el("detail"); panel.innerHTML = "";
    panel.appendChild(text("h2", n.kind === "claim" ? "Claim" : (n.label || n.id), "detail-title"));
    var dl = document.createElement("dl");
    function row(k, v, testid) { if (v === undefined || v === "") { return; } dl.appendChild(text("dt", k)); dl.appendChild(text("dd", v, testid)); }
    if (n.kind === "claim") {
      var art = articleOf(n);
      row("text", n.text, "detail-text");
      row("speaker", n.speaker, "detail-speaker");
      row("cue", n.cue, "detail-cue");
      row("kind", n.type, "detail-type");
      row("article", art ? (art.label + " (" + n.article_id + ")") : n.article_id, "detail-article");
      if (n.original_publisher) { row("relayed from", n.original_publisher, "detail-relayed"); }
      panel.appendChild(dl);
      panel.appendChild(text("h2", "Evidence"));
      panel.appendChild(evidence(n, art));
      var mark = panel.querySelector("mark");
      if (mark && mark.scrollIntoView) { mark.scrollIntoView({ block: "center" }); }
    } else {
      row("kind", n.kind); row("id", n.id);
      Object.keys(n).forEach(function (k) { if (!HIDDEN[k]) { row(k, n[k]); } });
      panel.appendChild(dl);
      var list = document.createElement("ul"); list.setAttribute("data-testid", "detail-links");
      edges.forEach(function (e) {
        if (e.s === n || e.t === n) {
          var other = e.s === n ? e.t : e.s, li = text("li", e.relation + ": " + (other.label || other.id));
          li.addEventListener("click", function () { select(other); });
          list.appendChild(li);
        }
      });
      panel.appendChild(list);
    }
  }

  /* ---- filters and search ---- */
  function speakerOf(claim) {
    var out = null;
    edges.forEach(function (e) { if (e.s === claim && e.relation === "said_by") { out = e.t; } });
    return out;
  }
  function orgsOf(entity) {
    var out = [entity.id];
    edges.forEach(function (e) { if (e.s === entity && e.relation === "holds_role") { out.push(e.target); } });
    return out;
  }
  function applyFilters() {
    var sp = el("filter-speaker").value, org = el("filter-org").value;
    var keep = {}, any = sp || org;
    if (any) {
      nodes.forEach(function (n) {
        if (n.kind !== "claim") { return; }
        var who = speakerOf(n);
        if (!who) { return; }
        if (sp && who.id !== sp) { return; }
        if (org && orgsOf(who).indexOf(org) < 0) { return; }
        keep[n.id] = true;
      });
      edges.forEach(function (e) {
        if (keep[e.source] === true) { keep[e.target] = keep[e.target] || 1; }
        if (keep[e.target] === true) { keep[e.source] = keep[e.source] || 1; }
      });
    }
    var visible = 0;
    nodes.forEach(function (n) {
      var show = !any || !!keep[n.id];
      n.g.classList.toggle("hidden", !show);
      n.visible = show; if (show) { visible++; }
    });
    edges.forEach(function (e) { e.line.classList.toggle("hidden", !(e.s.visible && e.t.visible)); });
    el("visible-count").textContent = String(visible);
  }
  function search() {
    var q = el("search").value.trim().toLowerCase(), hits = 0;
    nodes.forEach(function (n) {
      var hay = ((n.label || "") + " " + (n.aliases || "") + " " + (n.text || "")).toLowerCase();
      var hit = q !== "" && hay.indexOf(q) >= 0;
      n.g.classList.toggle("match", hit);
      n.g.classList.toggle("dim", q !== "" && !hit);
      if (hit) { hits++; }
    });
    el("search-count").textContent = q ? hits + " match" + (hits === 1 ? "" : "es") : "";
  }
  function options(select, items) {
    items.sort(function (a, b) { return a[1].localeCompare(b[1]); }).forEach(function (it) {
      var o = document.createElement("option"); o.value = it[0]; o.textContent = it[1]; select.appendChild(o);
    });
  }
  function setupControls() {
    var speakers = {}, orgs = [];
    nodes.forEach(function (n) {
      if (n.kind === "claim") { var w = speakerOf(n); if (w) { speakers[w.id] = w.label || w.id; } }
      if (n.kind === "entity" && (n.type === "Organization" || n.type === "NewsOutlet")) { orgs.push([n.id, n.label || n.id]); }
    });
    options(el("filter-speaker"), Object.keys(speakers).map(function (k) { return [k, speakers[k]]; }));
    options(el("filter-org"), orgs);
    el("filter-speaker").addEventListener("change", applyFilters);
    el("filter-org").addEventListener("change", applyFilters);
    el("search").addEventListener("input", search);
    el("node-count").textContent = String(nodes.length);
    el("visible-count").textContent = String(nodes.length);
  }

  /* ---- pan and zoom ---- */
  function panZoom() {
    var drag = null;
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var s = ev.deltaY > 0 ? 1.15 : 1 / 1.15, r = canvas.getBoundingClientRect();
      var px = view.x + (ev.clientX - r.left) / r.width * view.w, py = view.y + (ev.clientY - r.top) / r.height * view.h;
      view = { x: px - (px - view.x) * s, y: py - (py - view.y) * s, w: view.w * s, h: view.h * s };
      setView();
    }, { passive: false });
    canvas.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, v: view }; });
    window.addEventListener("mouseup", function () { drag = null; });
    window.addEventListener("mousemove", function (ev) {
      if (!drag) { return; }
      var r = canvas.getBoundingClientRect();
      view = { x: drag.v.x - (ev.clientX - drag.x) / r.width * drag.v.w, y: drag.v.y - (ev.clientY - drag.y) / r.height * drag.v.h, w: drag.v.w, h: drag.v.h };
      setView();
    });
  }

  layout(); fit(); draw(); setupControls(); panZoom();
  document.body.setAttribute("data-ready", "true");
})();
