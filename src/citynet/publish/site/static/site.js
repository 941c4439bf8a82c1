// The site's only script: search, list filters, and maps whose marks keep their size and
// whose grouped marks zoom in. Nothing inline, nothing fetched from elsewhere; the search
// index is loaded as scripts beside this one, so it works from disk (file://) too.
"use strict";
(function () {
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || "";
  var lang = html.getAttribute("data-lang") || "en";
  var numbers = new Intl.NumberFormat(lang);

  // As citynet folds text (publish/i18n.py `fold`): no case, no accents, Đ as D.
  function fold(text) {
    return text.replace(/Đ/g, "D").replace(/đ/g, "d").normalize("NFKD")
      .replace(/\p{M}/gu, "").toLowerCase().replace(/ß/g, "ss");
  }
  function wordsOf(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }
  function fill(message, values) {
    return message.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  // --- Search: the list of parts (assets/search/index.js), then one part a first word.
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var keys = null;
  var parts = {};
  var asked = {};

  function hex(key) {
    return Array.prototype.map.call(new TextEncoder().encode(key), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }
  function load(key) {
    if (asked[key]) { return; }
    asked[key] = true;
    var script = document.createElement("script");
    script.src = root + "assets/search/" + (key === "" ? "index" : hex(key)) + ".js";
    document.head.appendChild(script);
  }
  window.citynetSearch = function (key, data) {
    if (key === "") { keys = new Set(data); } else { parts[key] = data; }
    show();
  };
  function partFor(word) {
    for (var n = Math.min(word.length, 6); n >= 2; n--) {
      if (keys.has(word.slice(0, n))) { return word.slice(0, n); }
    }
    return keys.has(word + " ") ? word + " " : null;
  }
  function clear() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
  }
  function show() {
    clear();
    var query = wordsOf(input.value);
    if (!query.length || Math.max.apply(null, query.map(function (w) { return w.length; })) < 2) {
      return;
    }
    if (!keys) { load(""); return; }
    var longest = query.reduce(function (a, b) { return b.length > a.length ? b : a; });
    var key = partFor(longest);
    if (key && !parts[key]) { load(key); return; }
    var kinds = (input.getAttribute("data-kinds") || "").split("|");
    var hits = (key ? parts[key] : []).filter(function (row) {
      return query.every(function (word) {
        return row[3].some(function (term) { return term.indexOf(word) === 0; });
      });
    });
    var typed = query.join(" ");
    function rank(row) {  // the name itself first, then names that start with it
      var name = wordsOf(label(row)[0]).join(" ");
      return name === typed ? 0 : name.indexOf(typed) === 0 ? 1 : 2;
    }
    hits.sort(function (a, b) {
      return rank(a) - rank(b) || label(a)[0].localeCompare(label(b)[0], lang);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = input.getAttribute("data-none");
      results.appendChild(none);
    }
    hits.slice(0, 12).forEach(function (row) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      var shown = label(row);
      a.href = root + lang + "/" + row[0];
      var name = document.createElement("span");
      name.textContent = shown[0];
      if (shown[1]) { name.lang = shown[1]; }
      var kind = document.createElement("small");
      kind.textContent = " " + (kinds[row[1]] || "");
      a.appendChild(name);
      a.appendChild(kind);
      li.appendChild(a);
      results.appendChild(li);
    });
  }
  function label(row) {
    var text = row[2][lang] || row[2].en || row[0];
    return typeof text === "string" ? [text, null] : text;
  }
  if (input && results) {
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && results.querySelector("a")) {
        event.preventDefault();
        results.querySelector("a").focus();
      } else if (event.key === "Escape") {
        input.value = "";
        clear();
      }
    });
    results.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(results.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) {
        event.preventDefault();
        links[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? links[at - 1] : input).focus();
      }
    });
  }

  // --- Filters over a page's own list or table.
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (box) {
    var target = document.getElementById(box.getAttribute("data-filter"));
    var out = box.parentNode.parentNode.querySelector("output");
    if (!target) { return; }
    var rows = target.tagName === "TABLE" ? target.tBodies[0].rows : target.children;
    var texts = Array.prototype.map.call(rows, function (row) { return fold(row.textContent); });
    box.parentNode.parentNode.hidden = false;
    box.addEventListener("input", function () {
      var query = wordsOf(box.value);
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row, i) {
        var keep = query.every(function (word) { return texts[i].indexOf(word) !== -1; });
        row.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      out.textContent = !query.length ? "" : shown ? fill(out.getAttribute("data-shown"), {
        shown: numbers.format(shown), total: numbers.format(rows.length)
      }) : out.getAttribute("data-none");
    });
  });

  // --- Maps: a mark keeps its size on screen at every width; a group zooms in.
  function scale(svg) {
    var width = svg.getBoundingClientRect().width;
    if (!width) { return; }
    svg.style.setProperty("--u", String(svg.viewBox.baseVal.width / width));
    svg.classList.add("scaled");
  }
  var views = document.querySelectorAll("figure.map svg.view");
  Array.prototype.forEach.call(views, scale);
  window.addEventListener("resize", function () { Array.prototype.forEach.call(views, scale); });
  Array.prototype.forEach.call(views, function (svg) {
    var figure = svg.parentNode;
    var whole = svg.getAttribute("viewBox");
    Array.prototype.forEach.call(svg.querySelectorAll("a.group"), function (group) {
      group.addEventListener("click", function (event) {
        event.preventDefault();
        svg.setAttribute("viewBox", group.getAttribute("data-zoom"));
        figure.classList.add("zoomed");
        scale(svg);
        var back = figure.querySelector("button.unzoom");
        if (!back) {
          back = document.createElement("button");
          back.type = "button";
          back.className = "unzoom";
          back.textContent = figure.getAttribute("data-whole");
          back.addEventListener("click", function () {
            svg.setAttribute("viewBox", whole);
            figure.classList.remove("zoomed");
            scale(svg);
            back.parentNode.removeChild(back);
          });
          figure.insertBefore(back, svg);
        }
        back.focus();
      });
    });
  });
})();
