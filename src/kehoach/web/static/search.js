// Search as you type: fetch the server-rendered results fragment (escaped by the server).
(function () {
  const form = document.getElementById("search-form");
  const box = document.getElementById("q");
  const results = document.getElementById("results");
  let timer = null, seq = 0;
  function run() {
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of Array.from(params.entries())) if (!v) params.delete(k);
    const mine = ++seq;
    history.replaceState(null, "", "/search?" + params.toString());
    params.set("partial", "1");
    fetch("/search?" + params.toString(), { headers: { "Accept": "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) { if (mine === seq) results.innerHTML = html; });
  }
  function later() { clearTimeout(timer); timer = setTimeout(run, 200); }
  box.addEventListener("input", later);
  form.addEventListener("change", later);
})();
