// The document page's "parents and children" panel, from /api/cascade/documents/{id}.
(function () {
  const host = document.getElementById("cascade-panel");
  if (!host) return;
  const REL = { implements: "thực hiện", based_on: "căn cứ" };
  function link(n) {
    const a = document.createElement(n.document_id ? "a" : "span");
    if (n.document_id) a.href = "/documents/" + n.document_id;
    a.textContent = (n.number_symbol || "(không số)") + (n.issuer ? " · " + n.issuer : "") + (n.missing ? " (chưa có trong kho)" : "");
    return a;
  }
  function list(title, items, up) {
    const h = document.createElement("h3");
    h.textContent = title;
    host.appendChild(h);
    const ul = document.createElement("ul");
    if (!items.length) { const li = document.createElement("li"); li.className = "muted"; li.textContent = "Không có"; ul.appendChild(li); }
    items.forEach(function (it) {
      const li = document.createElement("li");
      li.appendChild(link(it.node));
      const e = it.edge;
      const s = document.createElement("span");
      s.className = "muted";
      s.textContent = " · " + (REL[e.relation] || e.relation) + " · tin cậy " + Math.round(e.confidence * 100) + "%" +
        (e.coverage !== null && e.coverage !== undefined ? " · bao phủ " + Math.round(e.coverage * 100) + "%" : "");
      li.appendChild(s);
      if (e.parent_document_id && e.child_document_id) {
        const a = document.createElement("a");
        a.href = "/compare?parent=" + e.parent_document_id + "&child=" + e.child_document_id;
        a.textContent = " So sánh";
        li.appendChild(a);
      }
      ul.appendChild(li);
    });
    host.appendChild(ul);
  }
  fetch(host.dataset.src, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
    host.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = "Văn bản cấp trên và cấp dưới";
    host.appendChild(h);
    if (!data) { const p = document.createElement("p"); p.className = "muted"; p.textContent = "Chưa dựng được chuỗi văn bản."; host.appendChild(p); return; }
    if (data.version_of) { const p = document.createElement("p"); p.textContent = "Là một bản khác của: "; p.appendChild(link(data.version_of)); host.appendChild(p); }
    list("Văn bản cấp trên", data.parents, true);
    list("Văn bản cấp dưới", data.children, false);
    const more = document.createElement("p");
    const a = document.createElement("a"); a.href = "/cascade"; a.textContent = "Xem toàn bộ chuỗi văn bản ›";
    more.appendChild(a); host.appendChild(more);
  });
})();
