// Search over record names in every language, from assets/search.json. No server, no inline code.
"use strict";
(function () {
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || "";
  var lang = html.getAttribute("data-lang") || "en";
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  if (!input || !list) { return; }
  var index = null;

  function fold(text) {
    return text.replace(/Đ/g, "D").replace(/đ/g, "d").normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var wanted = fold(query);
    if (!index || wanted.length < 2) { return; }
    var hits = index.filter(function (item) {
      return item.terms.some(function (term) { return term.indexOf(wanted) !== -1; });
    }).slice(0, 12);
    hits.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + lang + "/" + item.path;
      a.textContent = item.label[lang] || item.label.en || item.path;
      var kind = document.createElement("small");
      kind.textContent = " " + item.kind;
      a.appendChild(kind);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  input.addEventListener("input", function () {
    if (index) { show(input.value); return; }
    fetch(root + "assets/search.json").then(function (response) { return response.json(); })
      .then(function (data) { index = data; show(input.value); });
  });
})();
