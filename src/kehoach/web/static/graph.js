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
    const svg = el("svg", { width: Math.max(width, 600), height: y + 10, role: "img", "aria-label": "Sơ đồ trích dẫn" });
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
      g.addEventListener("click", go);
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
      g.addEventListener("mouseenter", function () { lines.forEach(function (l) { if (l._ends.indexOf(id) >= 0) l.classList.add("hl"); }); g.classList.add("hl"); });
      g.addEventListener("mouseleave", function () { lines.forEach(function (l) { l.classList.remove("hl"); }); g.classList.remove("hl"); });
      svg.appendChild(g);
    });
    host.appendChild(svg);
    if (data.truncated) { const p = document.createElement("p"); p.className = "muted"; p.textContent = "Chỉ vẽ một phần kho; hãy lọc theo cơ quan hoặc năm."; host.appendChild(p); }
  }

  fetch(host.dataset.src).then(function (r) { return r.json(); }).then(draw).catch(function () {
    host.textContent = "Không tải được sơ đồ. Hãy tải lại trang.";
  });
})();
