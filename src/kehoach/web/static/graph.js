// Citation graph: levels as bands top to bottom, documents as boxes, citations as lines; click to open.
(function () {
  const host = document.getElementById("graph");
  const NS = "http://www.w3.org/2000/svg";
  const LEVELS = [["central", "Trung ương"], ["province", "Tỉnh"], ["district", "Huyện"], ["grassroots", "Cơ sở"], ["", "Chưa rõ cấp"]];
  const W = 150, H = 34, GAP = 18, ROWGAP = 26, BANDPAD = 22, LEFT = 110, PERROW = 7;

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function short(s, n) { s = s || ""; return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function draw(data) {
    host.replaceChildren();
    if (!data.nodes.length) { const p = document.createElement("p"); p.className = "muted"; p.textContent = "Chưa có văn bản nào."; host.appendChild(p); return; }
    const byLevel = {};
    LEVELS.forEach(function (l) { byLevel[l[0]] = []; });
    data.nodes.forEach(function (n) { (byLevel[n.level] || byLevel[""]).push(n); });
    const pos = {};
    // order each band by the mean position of what it cites in the bands above (barycentre)
    const targets = {};
    data.edges.forEach(function (e) { (targets[e.source] = targets[e.source] || []).push(e.target); (targets[e.target] = targets[e.target] || []).push(e.source); });
    let y = 10, width = 0;
    const bands = [];
    LEVELS.forEach(function (l) {
      const nodes = byLevel[l[0]];
      if (!nodes.length) return;
      nodes.forEach(function (n, i) {
        const xs = (targets[n.id] || []).filter(function (t) { return pos[t]; }).map(function (t) { return pos[t].x; });
        n._key = xs.length ? xs.reduce(function (a, b) { return a + b; }, 0) / xs.length : 1e9 + i;
      });
      nodes.sort(function (a, b) { return a._key - b._key; });
      const rows = Math.ceil(nodes.length / PERROW);
      const top = y;
      nodes.forEach(function (n, i) {
        const r = Math.floor(i / PERROW), c = i % PERROW;
        pos[n.id] = { x: LEFT + c * (W + GAP), y: top + BANDPAD + r * (H + ROWGAP), n: n };
        width = Math.max(width, LEFT + (c + 1) * (W + GAP));
      });
      y = top + BANDPAD + rows * (H + ROWGAP) + 10;
      bands.push({ label: l[1], top: top, bottom: y - 6 });
    });
    const cw = Math.max(width, 600), ch = y + 10;
    const svg = el("svg", { width: "100%", height: "100%", viewBox: "0 0 " + cw + " " + ch,
      preserveAspectRatio: "xMidYMin meet", role: "img", "aria-label": "Sơ đồ trích dẫn" });
    bands.forEach(function (b, i) {
      if (i % 2 === 0) svg.appendChild(el("rect", { class: "band", x: 0, y: b.top, width: Math.max(width, 600), height: b.bottom - b.top }));
      svg.appendChild(el("text", { class: "bandlabel", x: 8, y: b.top + 16 }, b.label));
    });
    const lines = [];
    data.edges.forEach(function (e) {
      const a = pos[e.source], b = pos[e.target];
      if (!a || !b) return;
      const line = el("line", { x1: a.x + W / 2, y1: a.y, x2: b.x + W / 2, y2: b.y + H, class: e.relation });
      line.appendChild(el("title", {}, e.relation));
      line._ends = [e.source, e.target];
      lines.push(line);
      svg.appendChild(line);
    });
    Object.keys(pos).forEach(function (id) {
      const p = pos[id], n = p.n;
      const g = el("g", { class: "gnode" + (n.in_store ? "" : " missing"), transform: "translate(" + p.x + "," + p.y + ")", tabindex: 0, "data-id": id });
      g.appendChild(el("title", {}, [n.doc_type, n.label, n.issuer, n.date, n.title, n.in_store ? "" : "(chưa có trong kho)"].filter(Boolean).join(" · ")));
      g.appendChild(el("rect", { width: W, height: H, rx: 4 }));
      g.appendChild(el("text", { x: 6, y: 14 }, short(n.label, 22)));
      g.appendChild(el("text", { x: 6, y: 28 }, short(n.issuer || n.doc_type || "", 24)));
      function go() { window.location.href = n.url; }
      g.addEventListener("click", function (ev) { if (!view.dragged) go(); else ev.preventDefault(); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
      g.addEventListener("mouseenter", function () { lines.forEach(function (l) { if (l._ends.indexOf(id) >= 0) l.classList.add("hl"); }); g.classList.add("hl"); });
      g.addEventListener("mouseleave", function () { lines.forEach(function (l) { l.classList.remove("hl"); }); g.classList.remove("hl"); });
      svg.appendChild(g);
    });
    host.appendChild(svg);
    const view = zoomable(svg, cw, ch);
    findable(svg, pos, view);
    if (data.truncated) { const p = document.createElement("p"); p.className = "muted"; p.textContent = "Chỉ vẽ một phần kho; hãy lọc theo cơ quan hoặc năm."; host.appendChild(p); }
  }

  // Zoom (wheel, buttons) and pan (drag) by moving the SVG viewBox; "fit" shows everything.
  function zoomable(svg, cw, ch) {
    const view = { x: 0, y: 0, w: cw, h: ch, dragged: false };
    function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(Math.round).join(" ")); }
    function zoom(f, cx, cy) {
      const w = Math.min(cw * 2, Math.max(120, view.w * f)), k = w / view.w;
      if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
      view.x = cx - (cx - view.x) * k; view.y = cy - (cy - view.y) * k; view.w = w; view.h = view.h * k; apply();
    }
    function toSvg(ev) {
      const r = svg.getBoundingClientRect(), s = Math.max(view.w / r.width, view.h / r.height);
      return { x: view.x + (ev.clientX - r.left) * s, y: view.y + (ev.clientY - r.top) * s, s: s };
    }
    svg.addEventListener("wheel", function (ev) { ev.preventDefault(); const p = toSvg(ev); zoom(ev.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y); }, { passive: false });
    let start = null;
    svg.addEventListener("pointerdown", function (ev) { start = { cx: ev.clientX, cy: ev.clientY, x: view.x, y: view.y, s: toSvg(ev).s }; view.dragged = false; });
    window.addEventListener("pointermove", function (ev) {
      if (!start) return;
      const dx = ev.clientX - start.cx, dy = ev.clientY - start.cy;
      if (Math.abs(dx) + Math.abs(dy) > 4) view.dragged = true;
      if (view.dragged) { view.x = start.x - dx * start.s; view.y = start.y - dy * start.s; apply(); }
    });
    window.addEventListener("pointerup", function () { start = null; setTimeout(function () { view.dragged = false; }, 0); });
    document.getElementById("graph-zoom-in").onclick = function () { zoom(1 / 1.5); };
    document.getElementById("graph-zoom-out").onclick = function () { zoom(1.5); };
    document.getElementById("graph-fit").onclick = function () { view.x = 0; view.y = 0; view.w = cw; view.h = ch; apply(); };
    view.center = function (x, y) { view.x = x - view.w / 2; view.y = y - view.h / 2; apply(); };
    view.zoom = zoom;
    return view;
  }

  // Find a document in the graph: marks optional; matches are outlined, the first is centred.
  function fold(s) { return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase(); }
  function findable(svg, pos, view) {
    const box = document.getElementById("graph-find"), status = document.getElementById("graph-found");
    let found = [], at = 0;
    function show() {
      svg.querySelectorAll("g.gnode.found").forEach(function (g) { g.classList.remove("found", "current"); });
      found.forEach(function (id, i) { const g = svg.querySelector('g.gnode[data-id="' + CSS.escape(id) + '"]'); if (g) { g.classList.add("found"); if (i === at) g.classList.add("current"); } });
      status.textContent = box.value.trim() ? (found.length ? (at + 1) + "/" + found.length : "Không thấy") : "";
      if (found.length) { const p = pos[found[at]]; if (view.w > 900) view.zoom(900 / view.w); view.center(p.x + W / 2, p.y + H / 2); }
    }
    box.addEventListener("input", function () {
      const q = fold(box.value.trim());
      found = q ? Object.keys(pos).filter(function (id) { const n = pos[id].n; return fold([n.label, n.issuer, n.title, n.doc_type].join(" ")).indexOf(q) >= 0; }) : [];
      at = 0; show();
    });
    box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); if (found.length) { at = (at + 1) % found.length; show(); } } });
  }

  fetch(host.dataset.src).then(function (r) { return r.json(); }).then(draw).catch(function () {
    host.textContent = "Không tải được sơ đồ. Hãy tải lại trang.";
  });
})();
