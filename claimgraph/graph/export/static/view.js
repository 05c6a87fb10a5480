/* claimgraph HTML view (written for claimgraph): who said what, speaker-centred.
 * Draws with sigma.js on a graphology graph laid out by ForceAtlas2 in a web worker
 * (vendored in static/vendor, global CGVendor). Claims are rows of the side panel, not nodes. */
(function () {
  "use strict";
  var V = window.CGVendor;
  var DATA = JSON.parse(document.getElementById("cg-data").textContent);
  var COLOURS = JSON.parse(document.getElementById("cg-colours").textContent);
  var LIMITS = DATA.limits;

  function el(id) { return document.getElementById(id); }
  function tag(name, value, testid, cls) {
    var x = document.createElement(name);
    if (value !== undefined && value !== null) { x.textContent = String(value); }
    if (testid) { x.setAttribute("data-testid", testid); }
    if (cls) { x.className = cls; }
    return x;
  }
  function short(text, n) { text = String(text || ""); return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }

  /* ---- tables (the model is compact: claims and links are rows of indices) ---- */
  var entity = {}, article = {}, claimById = {}, bodies = null;
  var ents = DATA.entities, arts = DATA.articles;
  ents.forEach(function (e) { entity[e.id] = e; });
  arts.forEach(function (a, i) { article[a.id] = a; a.index = i; });
  function idOf(i) { return i === null || i === undefined ? null : ents[i].id; }
  var acts = {};
  DATA.claims = [];
  function addClaim(r) {
    var a = r[6] === null ? null : arts[r[6]];
    var c = { id: r[0], text: r[1], act: r[2], cue: r[3], type: r[4], speaker: idOf(r[5]),
      article: a ? a.id : null, spans: r[7], mentions: r[8].map(idOf), original_publisher: r[9],
      date: a && a.date ? String(a.date).slice(0, 10) : "" };
    claimById[c.id] = c;
    if (c.act) { acts[c.act] = (acts[c.act] || 0) + 1; }
    DATA.claims.push(c);
  }
  /* the claims come in chunks, one script element each, read one per task */
  function loadClaims(done) {
    var chunks = document.querySelectorAll("script.cg-claims"), i = 0;
    (function next() {
      if (i >= chunks.length) { done(); return; }
      JSON.parse(chunks[i].textContent).forEach(addClaim);
      i++;
      setTimeout(next, 0);
    })();
  }
  DATA.links = DATA.links.map(function (r) {
    return { source: idOf(r[0]), target: idOf(r[1]), relation: r[2], role: r[3] };
  });
  function bodyOf(a) {
    if (!bodies) { bodies = JSON.parse(document.getElementById("cg-bodies").textContent); }
    return bodies[a.index] || "";
  }
  function name(id) { return entity[id] ? (entity[id].label || id) : id; }
  var orgsOf = {}; /* speaker id -> ids of organisations they hold roles in */
  DATA.links.forEach(function (l) {
    if (l.relation === "holds_role") { (orgsOf[l.source] = orgsOf[l.source] || []).push(l.target); }
  });
  var hasActs = false;

  /* ---- filters ---- */
  function filters() {
    return { speaker: el("filter-speaker").value, org: el("filter-org").value,
      article: el("filter-article").value, act: el("filter-act").value,
      from: el("filter-from").value, to: el("filter-to").value };
  }
  function passes(c, f) {
    if (!c.speaker) { return false; }
    if (f.speaker && c.speaker !== f.speaker) { return false; }
    if (f.org && c.speaker !== f.org && (orgsOf[c.speaker] || []).indexOf(f.org) < 0) { return false; }
    if (f.article && c.article !== f.article) { return false; }
    if (f.act && c.act && c.act !== f.act) { return false; } /* a claim without an act is not filtered out */
    if (f.from && (!c.date || c.date < f.from)) { return false; }
    if (f.to && (!c.date || c.date > f.to)) { return false; }
    return true;
  }

  /* ---- the model drawn: top speakers, the entities they mention, roles and ownership ---- */
  var current = { claims: [], bySpeaker: {}, speakers: [], hidden: 0 };
  function aggregate() {
    var f = filters(), bySpeaker = {};
    var claims = DATA.claims.filter(function (c) { return passes(c, f); });
    claims.forEach(function (c) { (bySpeaker[c.speaker] = bySpeaker[c.speaker] || []).push(c); });
    var speakers = Object.keys(bySpeaker).sort(function (a, b) {
      return bySpeaker[b].length - bySpeaker[a].length || name(a).localeCompare(name(b));
    });
    var shown = speakers.slice(0, LIMITS.speakers);
    current = { claims: claims, bySpeaker: bySpeaker, speakers: speakers, hidden: speakers.length - shown.length };
    var nodes = {}, edges = {};
    var most = shown.length ? bySpeaker[shown[0]].length : 1;
    shown.forEach(function (s) {
      nodes[s] = { claims: bySpeaker[s].length, size: 5 + 15 * Math.sqrt(bySpeaker[s].length / most), speaker: true };
    });
    var weight = {};
    shown.forEach(function (s) {
      bySpeaker[s].forEach(function (c) {
        c.mentions.forEach(function (m) {
          if (m === s) { return; }
          var k = s + "\u0000" + m; edges[k] = edges[k] || { source: s, target: m, relation: "mentions", weight: 0 };
          edges[k].weight++; weight[m] = (weight[m] || 0) + 1;
        });
      });
    });
    var mentioned = Object.keys(weight).filter(function (m) { return !nodes[m]; }).sort(function (a, b) {
      return weight[b] - weight[a] || name(a).localeCompare(name(b));
    }).slice(0, LIMITS.entities);
    var wmax = mentioned.length ? weight[mentioned[0]] : 1;
    mentioned.forEach(function (m) { nodes[m] = { claims: 0, size: 2.5 + 4 * Math.sqrt(weight[m] / wmax), speaker: false }; });
    DATA.links.forEach(function (l) {
      var speakerSide = nodes[l.source] && nodes[l.source].speaker;
      if (!(speakerSide || (nodes[l.source] && nodes[l.target]))) { return; }
      if (!nodes[l.target]) { nodes[l.target] = { claims: 0, size: 4, speaker: false }; }
      var k = l.source + "\u0000" + l.target + "\u0000" + l.relation;
      edges[k] = { source: l.source, target: l.target, relation: l.relation, weight: 2, role: l.role };
    });
    Object.keys(edges).forEach(function (k) { if (!nodes[edges[k].target] || !nodes[edges[k].source]) { delete edges[k]; } });
    return { nodes: nodes, edges: edges };
  }

  /* ---- graph, renderer and layout ---- */
  var graph = new V.Graph({ type: "directed", multi: false, allowSelfLoops: false });
  var renderer = null, layout = null, layoutTimer = null, mode = "speakers";
  var state = { highlight: null, selected: null };

  function spiral(attrs, i) {
    /* deterministic start: a sunflower spiral, the first (biggest) in the middle */
    var r = 10 * Math.sqrt(i + 0.5), a = i * 2.39996;
    attrs.x = r * Math.cos(a); attrs.y = r * Math.sin(a);
    return attrs;
  }
  function fill(model) {
    graph.clear();
    var ids = Object.keys(model.nodes).sort(function (a, b) { return model.nodes[b].size - model.nodes[a].size; });
    ids.forEach(function (id, i) {
      var n = model.nodes[id], e = entity[id] || {}, type = e.type || "Thing";
      graph.addNode(id, spiral({ label: short(name(id), 32), size: n.size, color: COLOURS[type] || COLOURS.Thing,
        type: "circle", claims: n.claims, speaker: n.speaker, etype: type }, i));
    });
    Object.keys(model.edges).forEach(function (k) {
      var e = model.edges[k];
      graph.addEdge(e.source, e.target, { relation: e.relation, weight: e.weight, type: "arrow",
        color: COLOURS[e.relation] || "#999", size: e.relation === "mentions" ? Math.min(4, 0.6 + 0.4 * e.weight) : 2 });
    });
  }
  function fillWhole() {
    graph.clear();
    DATA.whole.nodes.forEach(function (n, i) {
      var type = n.type;
      graph.addNode(n.id, spiral({ label: n.kind === "claim" ? "" : short(n.label, 32),
        size: n.kind === "entity" ? 7 : n.kind === "article" ? 8 : 4,
        color: type && n.kind === "entity" ? COLOURS[type] || COLOURS.entity : COLOURS[n.kind] || "#999",
        kind: n.kind }, i));
    });
    DATA.whole.edges.forEach(function (e) {
      if (graph.hasNode(e.source) && graph.hasNode(e.target) && !graph.hasEdge(e.source, e.target)) {
        graph.addEdge(e.source, e.target, { relation: e.relation, type: "arrow", color: "#c5c9d0", size: 1 });
      }
    });
  }

  /* The worker lays out a copy of the graph (its every step would otherwise make the renderer draw
   * a frame, which software WebGL makes slow); positions are copied to the drawn graph a few times
   * a second, in one batch each. */
  var shadow = null, copier = null;
  var COPY_EVERY_MS = 1000;
  function copyPositions() {
    if (!shadow) { return; }
    graph.updateEachNodeAttributes(function (n, a) {
      if (shadow.hasNode(n)) { var s = shadow.getNodeAttributes(n); a.x = s.x; a.y = s.y; }
      return a;
    }, { attributes: ["x", "y"] });
    placeLabelsSoon();
  }
  function stopLayout() {
    /* before the graph changes: a live supervisor would respawn its worker on every added node */
    if (layout) { layout.kill(); layout = null; }
    if (layoutTimer) { clearTimeout(layoutTimer); layoutTimer = null; }
    if (copier) { clearInterval(copier); copier = null; }
    shadow = null;
  }
  function finishLayout() {
    if (layout) { layout.stop(); }
    copyPositions();
    if (copier) { clearInterval(copier); copier = null; }
    document.body.setAttribute("data-layout", "done");
  }
  function runLayout() {
    document.body.setAttribute("data-layout", "running");
    var n = graph.order;
    if (n < 2) { document.body.setAttribute("data-layout", "done"); return; }
    shadow = graph.copy();
    var settings = V.inferSettings(shadow);
    settings.adjustSizes = n <= 400;
    settings.barnesHutOptimize = n > 400;
    settings.gravity = 1;
    settings.scalingRatio = 8;
    settings.slowDown = 2;
    settings.edgeWeightInfluence = 0.5;
    layout = new V.FA2Layout(shadow, { settings: settings, getEdgeWeight: "weight" });
    layout.start();
    copier = setInterval(copyPositions, COPY_EVERY_MS);
    layoutTimer = setTimeout(finishLayout, Math.min(4000, 1200 + 8 * n));
  }

  function rebuild() {
    state.highlight = null;
    stopLayout();
    if (mode === "whole") { fillWhole(); } else { fill(aggregate()); }
    status();
    if (renderer) { renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }); }
    runLayout();
  }

  function status() {
    var shown = mode === "whole" ? 0 : Math.min(current.speakers.length, LIMITS.speakers);
    el("shown-count").textContent = mode === "whole" ? "whole graph: " + graph.order + " nodes, no" : String(shown);
    el("hidden-count").textContent = String(current.hidden);
    el("hidden-note").style.display = mode !== "whole" && current.hidden > 0 ? "" : "none";
    el("claim-count").textContent = String(current.claims.length);
  }

  /* Labels: the largest nodes first, each only where it overlaps no label already placed
   * (boxes measured on screen), recomputed when the camera or the layout moves. */
  var labelled = {}, LABEL_FONT = "600 13px system-ui, sans-serif", measureCtx = null;
  function labelWidth(text) {
    if (!measureCtx) { measureCtx = document.createElement("canvas").getContext("2d"); measureCtx.font = LABEL_FONT; }
    return measureCtx.measureText(text).width;
  }
  function placeLabels() {
    if (!renderer) { return; }
    var boxes = [], out = {};
    var order = graph.nodes().sort(function (a, b) {
      return graph.getNodeAttribute(b, "size") - graph.getNodeAttribute(a, "size");
    });
    if (state.highlight) { order.unshift(state.highlight); }
    var dim = renderer.getDimensions();
    order.forEach(function (n) {
      var a = graph.getNodeAttributes(n);
      if (!a.label || out[n] !== undefined) { return; }
      var d = renderer.getNodeDisplayData(n);
      if (!d) { return; }
      var p = renderer.framedGraphToViewport(d), r = renderer.scaleSize(d.size);
      var box = { x0: p.x + r + 2, y0: p.y - 9, x1: p.x + r + 4 + labelWidth(a.label), y1: p.y + 9 };
      var nodeBox = { x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r };
      if (box.x0 < 0 || box.x1 > dim.width || box.y0 < 0 || box.y1 > dim.height) { out[n] = false; return; }
      var clash = boxes.some(function (b) { return box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1; });
      out[n] = !clash;
      if (!clash) { boxes.push(box); }
      boxes.push(nodeBox);
    });
    labelled = out;
  }
  var labelTimer = null;
  function placeLabelsSoon() {
    if (labelTimer) { return; }
    labelTimer = setTimeout(function () { labelTimer = null; if (renderer) { placeLabels(); renderer.refresh(); } }, 120);
  }

  function reducers() {
    renderer.setSetting("nodeReducer", function (node, data) {
      var res = Object.assign({}, data);
      res.forceLabel = labelled[node] === true;
      if (!res.forceLabel) { res.label = ""; }
      if (state.highlight && state.highlight !== node && !graph.areNeighbors(state.highlight, node)) {
        res.color = "#e4e6ea"; res.label = ""; res.zIndex = 0;
      } else if (state.highlight === node || state.selected === node) {
        res.highlighted = true; res.zIndex = 2; res.forceLabel = true; res.label = data.label;
      }
      return res;
    });
    renderer.setSetting("edgeReducer", function (edge, data) {
      var res = Object.assign({}, data);
      if (state.highlight && graph.source(edge) !== state.highlight && graph.target(edge) !== state.highlight) { res.hidden = true; }
      return res;
    });
  }

  function makeRenderer() {
    renderer = new V.Sigma(graph, el("canvas"), {
      edgeProgramClasses: { arrow: V.EdgeArrowProgram },
      defaultEdgeType: "arrow",
      renderEdgeLabels: false,
      labelFont: "system-ui, sans-serif",
      labelSize: 13,
      labelWeight: "600",
      labelRenderedSizeThreshold: Infinity, /* only the labels placed by placeLabels */
      zIndex: true,
      minCameraRatio: 0.02,
      maxCameraRatio: 4,
      stagePadding: 60
    });
    reducers();
    renderer.on("clickNode", function (ev) { selectNode(ev.node); });
    renderer.on("clickStage", function () { state.highlight = null; renderer.refresh(); });
    renderer.getCamera().on("updated", placeLabelsSoon);
    placeLabels(); renderer.refresh();
  }

  /* ---- side panel ---- */
  var panel = el("detail");
  function clear(title) {
    panel.innerHTML = "";
    if (title) { panel.appendChild(tag("h2", title, "detail-title")); }
  }
  function back(label, fn) {
    var b = tag("button", "\u2190 " + label, "back", "back"); b.type = "button";
    b.addEventListener("click", fn); panel.appendChild(b);
  }
  function showOverview() {
    state.selected = null;
    clear(mode === "whole" ? "Whole graph" : "Who said what");
    var top = current.speakers.slice(0, 200);
    panel.appendChild(tag("p", current.claims.length + " claims by " + current.speakers.length +
      " speakers" + (current.speakers.length > top.length ? " (the first " + top.length + " listed)" : "") +
      ". Click a speaker for their claims, a claim for its evidence.", null, "hint"));
    var ol = tag("ol");
    top.forEach(function (s) {
      var li = tag("li", null, "speaker-row");
      li.setAttribute("data-id", s);
      li.appendChild(tag("span", name(s), "speaker-name"));
      li.appendChild(tag("span", " " + current.bySpeaker[s].length, null, "count"));
      li.addEventListener("click", function () { selectSpeaker(s, true); });
      ol.appendChild(li);
    });
    panel.appendChild(ol);
  }
  function claimRow(c) {
    var li = tag("li", null, "claim-row");
    li.setAttribute("data-id", c.id);
    if (c.act) { li.appendChild(tag("span", c.act, "claim-act", "act")); }
    li.appendChild(tag("span", short(c.text, 220), "claim-text"));
    var a = article[c.article] || {};
    li.appendChild(tag("span", [c.cue ? "cue \u201c" + c.cue + "\u201d" : "", short(a.headline || c.article, 60), c.date]
      .filter(Boolean).join(" \u00b7 "), null, "meta"));
    li.addEventListener("click", function () { showClaim(c); });
    return li;
  }
  function claimList(title, claims) {
    panel.appendChild(tag("h3", title + " (" + claims.length + ")"));
    var ol = tag("ol", null, "claim-list");
    claims.slice(0, 300).forEach(function (c) { ol.appendChild(claimRow(c)); });
    panel.appendChild(ol);
  }
  function selectSpeaker(id, zoom) {
    if (!graph.hasNode(id) && current.bySpeaker[id]) { el("filter-speaker").value = id; rebuild(); }
    state.selected = id; state.highlight = graph.hasNode(id) ? id : null;
    if (renderer) { renderer.refresh(); }
    if (zoom) { zoomTo(id); }
    var e = entity[id] || {};
    clear(name(id));
    var dl = tag("dl"), seen = {};
    function row(k, v) {
      if (!v || seen[k + "\u0000" + v]) { return; } /* the same role or ownership from several articles */
      seen[k + "\u0000" + v] = true; dl.appendChild(tag("dt", k)); dl.appendChild(tag("dd", v));
    }
    row("type", e.type); row("also", e.aliases);
    DATA.links.forEach(function (l) {
      if (l.source === id && l.relation === "holds_role") { row("role", (l.role ? l.role + ", " : "") + name(l.target)); }
      if (l.relation === "owns" && (l.source === id || l.target === id)) {
        row(l.source === id ? "owns" : "owned by", name(l.source === id ? l.target : l.source));
      }
    });
    panel.appendChild(dl);
    back("all speakers", showOverview);
    var said = current.bySpeaker[id] || [];
    if (said.length) { claimList("Claims by " + name(id), said); }
    var about = current.claims.filter(function (c) { return c.speaker !== id && c.mentions.indexOf(id) >= 0; });
    if (about.length) { claimList("Claims that mention " + name(id), about); }
  }
  function selectNode(id) {
    if (mode === "whole" && claimById[id]) { showClaim(claimById[id]); return; }
    selectSpeaker(id, false);
  }
  function evidence(c) {
    var box = tag("div", null, "detail-evidence", "body");
    var a = article[c.article], body = a ? bodyOf(a) : "";
    if (!body) { box.appendChild(tag("mark", c.text, "evidence-highlight")); return box; }
    var chars = Array.from(body), pos = 0; /* offsets are code points */
    c.spans.forEach(function (sp) {
      box.appendChild(document.createTextNode(chars.slice(pos, sp[0]).join("")));
      box.appendChild(tag("mark", chars.slice(sp[0], sp[1]).join(""), "evidence-highlight"));
      pos = sp[1];
    });
    box.appendChild(document.createTextNode(chars.slice(pos).join("")));
    return box;
  }
  function showClaim(c) {
    clear("Claim");
    back(name(c.speaker), function () { selectSpeaker(c.speaker, false); });
    var dl = tag("dl"), a = article[c.article] || {};
    function row(k, v, testid) { if (v) { dl.appendChild(tag("dt", k)); dl.appendChild(tag("dd", v, testid)); } }
    row("text", c.text, "detail-text");
    row("speaker", name(c.speaker), "detail-speaker");
    row("act", c.act, "detail-act");
    row("cue", c.cue, "detail-cue");
    row("kind", c.type, "detail-type");
    row("article", (a.headline ? a.headline + " " : "") + "(" + c.article + ")", "detail-article");
    row("date", c.date, "detail-date");
    row("publisher", a.publisher, "detail-publisher");
    row("relayed from", c.original_publisher, "detail-relayed");
    row("mentions", c.mentions.map(name).join(", "), "detail-mentions");
    panel.appendChild(dl);
    if (c.article) {
      var only = tag("button", "only this article", "filter-this-article"); only.type = "button";
      only.addEventListener("click", function () { filterArticle(c.article); });
      panel.appendChild(only);
    }
    panel.appendChild(tag("h3", "Evidence in the article"));
    panel.appendChild(evidence(c));
    var mark = panel.querySelector("mark");
    if (mark && mark.scrollIntoView) { mark.scrollIntoView({ block: "center" }); }
    state.highlight = graph.hasNode(c.speaker) ? c.speaker : null;
    if (renderer) { renderer.refresh(); }
  }

  /* ---- search ---- */
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    return DATA.entities.filter(function (e) {
      return ((e.label || "") + " " + (e.aliases || "")).toLowerCase().indexOf(q) >= 0;
    }).map(function (e) { return e.id; });
  }
  function zoomTo(id) {
    if (!renderer || !graph.hasNode(id)) { return; }
    var d = renderer.getNodeDisplayData(id);
    if (d) { renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.35 }, { duration: 300 }); }
  }
  function onSearchInput() {
    var q = el("search").value, hits = matches(q);
    el("search-count").textContent = q.trim() ? hits.length + " match" + (hits.length === 1 ? "" : "es") : "";
    var drawn = hits.filter(function (id) { return graph.hasNode(id); });
    state.highlight = drawn.length === 1 ? drawn[0] : null;
    if (renderer) { renderer.refresh(); }
  }
  function searchGo() {
    var hits = matches(el("search").value);
    if (!hits.length) { return; }
    var drawn = hits.filter(function (id) { return graph.hasNode(id); })
      .sort(function (a, b) { return graph.getNodeAttribute(b, "size") - graph.getNodeAttribute(a, "size"); });
    var target = drawn[0];
    if (!target) {
      var spoke = hits.filter(function (id) { return current.bySpeaker[id]; });
      if (!spoke.length) { return; }
      target = spoke[0]; el("filter-speaker").value = target; rebuild();
    }
    selectSpeaker(target, true);
  }

  /* ---- controls ---- */
  var MAX_OPTIONS = 300; /* long lists make the page slow to lay out; search reaches the rest */
  function articleTitle(a) { return (a.date ? String(a.date).slice(0, 10) + " " : "") + (a.headline || a.id); }
  function filterArticle(id) {
    var sel = el("filter-article");
    if (!Array.prototype.some.call(sel.options, function (o) { return o.value === id; })) {
      options(sel, [[id, articleTitle(article[id] || { id: id })]], 1);
    }
    sel.value = id; rebuild(); showOverview();
  }
  function options(select, items, limit) {
    items.slice(0, limit).forEach(function (it) {
      var o = document.createElement("option"); o.value = it[0]; o.textContent = short(it[1], 60); o.title = it[1];
      select.appendChild(o);
    });
  }
  function setupControls() {
    var said = {};
    DATA.claims.forEach(function (c) { if (c.speaker) { said[c.speaker] = (said[c.speaker] || 0) + 1; } });
    var byCount = function (a, b) { return b[2] - a[2] || a[1].localeCompare(b[1]); };
    options(el("filter-speaker"), Object.keys(said).map(function (s) { return [s, name(s) + " (" + said[s] + ")", said[s]]; }).sort(byCount), MAX_OPTIONS);
    var orgs = {};
    DATA.links.forEach(function (l) { if (l.relation === "holds_role") { orgs[l.target] = (orgs[l.target] || 0) + 1; } });
    DATA.entities.forEach(function (e) { if ((e.type === "Organization" || e.type === "NewsOutlet") && said[e.id]) { orgs[e.id] = (orgs[e.id] || 0) + said[e.id]; } });
    options(el("filter-org"), Object.keys(orgs).map(function (o) { return [o, name(o), orgs[o]]; }).sort(byCount), MAX_OPTIONS);
    var perArticle = {};
    DATA.claims.forEach(function (c) { perArticle[c.article] = (perArticle[c.article] || 0) + 1; });
    options(el("filter-article"), DATA.articles.map(function (a) { return [a.id, articleTitle(a), perArticle[a.id] || 0]; })
      .sort(byCount).slice(0, MAX_OPTIONS).sort(function (a, b) { return a[1].localeCompare(b[1]); }), MAX_OPTIONS);
    [["filter-speaker", Object.keys(said).length], ["filter-org", Object.keys(orgs).length],
      ["filter-article", DATA.articles.length]].forEach(function (x) {
      if (x[1] > MAX_OPTIONS) { el(x[0]).options[0].textContent = "all (" + MAX_OPTIONS + " of " + x[1] + " listed)"; }
    });
    hasActs = Object.keys(acts).length > 0;
    if (hasActs) {
      options(el("filter-act"), Object.keys(acts).sort().map(function (k) { return [k, k + " (" + acts[k] + ")", 0]; }), 20);
      if (acts.Speech) { el("filter-act").value = "Speech"; }
    } else { el("act-label").style.display = "none"; }
    var list = el("names");
    Object.keys(said).sort(function (a, b) { return said[b] - said[a]; }).slice(0, MAX_OPTIONS).forEach(function (s) {
      var o = document.createElement("option"); o.value = name(s); list.appendChild(o);
    });
    ["filter-speaker", "filter-org", "filter-article", "filter-act", "filter-from", "filter-to"].forEach(function (id) {
      el(id).addEventListener("change", function () { if (mode !== "speakers") { setMode("speakers"); } rebuild(); showOverview(); });
    });
    el("search").addEventListener("input", onSearchInput);
    el("search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") { searchGo(); } });
    el("search").addEventListener("change", searchGo);
    var m = el("mode");
    if (!DATA.whole) { m.disabled = true; m.title = "the store is too large for the whole-graph mode"; }
    m.addEventListener("click", function () { setMode(mode === "whole" ? "speakers" : "whole"); rebuild(); showOverview(); });
    el("save-png").addEventListener("click", savePng);
  }
  function setMode(m) {
    mode = m;
    document.body.classList.toggle("whole", m === "whole");
    el("mode").textContent = m === "whole" ? "who said what" : "whole graph";
  }

  /* ---- image export of what is on screen ---- */
  function snapshot() {
    renderer.refresh(); /* draw now, so the WebGL buffers are still there to copy */
    var layers = renderer.getCanvases(), first = null;
    Object.keys(layers).forEach(function (k) { if (!first && layers[k] instanceof HTMLCanvasElement) { first = layers[k]; } });
    var out = document.createElement("canvas");
    out.width = first.width; out.height = first.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    Array.prototype.forEach.call(el("canvas").querySelectorAll("canvas"), function (c) {
      ctx.drawImage(c, 0, 0, out.width, out.height);
    });
    return out.toDataURL("image/png");
  }
  function savePng() {
    var a = document.createElement("a");
    a.href = snapshot(); a.download = "claimgraph-view.png";
    document.body.appendChild(a); a.click(); a.remove();
  }

  /* Start-up in separate tasks, so no one of them blocks the page for long: the data and the
   * claims chunk by chunk, the controls, the renderer, the panel. */
  loadClaims(function () {
    setupControls();
    rebuild();
    setTimeout(function () {
      makeRenderer();
      setTimeout(function () {
        showOverview();
        requestAnimationFrame(function () {
          window.cgReadyAt = performance.now();
          document.body.setAttribute("data-ready", "true");
        });
      }, 0);
    }, 0);
  });
  window.cgView = { graph: graph, renderer: function () { return renderer; }, state: state, snapshot: snapshot,
    current: function () { return current; }, selectSpeaker: selectSpeaker };
})();
