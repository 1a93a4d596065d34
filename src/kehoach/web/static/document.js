// Document page: switch between the structured view and the original text (loaded on first view).
(function () {
  const tabs = document.querySelectorAll(".tabs [data-tab]");
  const original = document.getElementById("panel-original");
  let loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    fetch(original.dataset.src).then(function (r) { return r.text(); }).then(function (html) {
      original.innerHTML = html;  // server-rendered, escaped by the template
    });
  }
  function show(name) {
    tabs.forEach(function (t) { t.setAttribute("aria-selected", String(t.dataset.tab === name)); });
    document.getElementById("panel-structured").hidden = name !== "structured";
    original.hidden = name !== "original";
    if (name === "original") load();
  }
  tabs.forEach(function (t) { t.addEventListener("click", function () { show(t.dataset.tab); }); });
  if (location.hash === "#original") show("original");
})();
