// Compare: choosing a child pre-selects the stored parent it implements.
(function () {
  const child = document.getElementById("child");
  const parent = document.getElementById("parent");
  if (!child || !parent) return;
  child.addEventListener("change", function () {
    if (!child.value) return;
    fetch("/api/compare/suggest?child=" + encodeURIComponent(child.value))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && data.parent) parent.value = String(data.parent); });
  });
})();
