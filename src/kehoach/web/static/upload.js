// Upload: drag and drop, send the files, then poll the ingest status file by file.
(function () {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("file-input");
  const tbody = document.querySelector("#uploads tbody");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  function cell(text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }
  function size(n) { return n > 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB"; }

  function render(rows, job) {
    job.files.forEach(function (f, i) {
      const tr = rows[i];
      const label = f.pages ? f.status_label + " — " + f.pages.label : f.status_label;
      tr.replaceChildren(cell(f.name), cell(size(f.size)), cell(label, "status-" + f.status));
      if (f.pages) {
        const bar = document.createElement("progress");
        bar.max = f.pages.total;
        bar.value = f.pages.done;
        bar.className = "pages";
        tr.children[2].appendChild(bar);
      }
      const td = document.createElement("td");
      if (f.url) {
        const a = document.createElement("a");
        a.href = f.url;
        a.textContent = f.status === "skipped" ? "Xem văn bản đã có" : "Mở văn bản";
        td.appendChild(a);
      }
      if (f.message) {
        const span = document.createElement("span");
        span.className = f.status === "failed" ? "error-message" : "muted";
        span.textContent = (f.url ? " · " : "") + f.message;
        td.appendChild(span);
      }
      tr.appendChild(td);
      tr.dataset.status = f.status;
    });
  }

  function poll(url, rows) {
    fetch(url).then(function (r) { return r.json(); }).then(function (job) {
      render(rows, job);
      if (!job.done) setTimeout(function () { poll(url, rows); }, 400);
    });
  }

  function send(files) {
    if (!files.length) return;
    const data = new FormData();
    const rows = [];
    Array.from(files).forEach(function (f) {
      data.append("files", f, f.name);
      const tr = document.createElement("tr");
      tr.append(cell(f.name), cell(size(f.size)), cell("đang gửi"), cell(""));
      tbody.prepend(tr);
      rows.push(tr);
    });
    fetch("/api/upload", { method: "POST", body: data, headers: { "X-CSRF-Token": csrf } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) {
          rows.forEach(function (tr) { tr.children[2].textContent = "lỗi"; tr.children[2].className = "status-failed"; tr.children[3].textContent = res.body.error ? res.body.error.message : "Lỗi"; });
          return;
        }
        render(rows, res.body);
        poll(res.body.status_url, rows);
      });
  }

  input.addEventListener("change", function () { send(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { send(e.dataTransfer.files); });
})();
