// The notification form: documents of the chosen district, clauses of the chosen document,
// and the message as the worker will see it in WeChat, rendered by the server's sending code
// (GET /console/notifications/preview) while staff type.
(function () {
  "use strict";
  var form = document.getElementById("compose-form");
  var box = document.getElementById("wx-preview");
  if (!form || !box) { return; }
  var district = form.elements.district;
  var doc = form.elements.link_doc;
  var clause = form.elements.link_clause;

  function show(option, visible) {
    option.hidden = !visible;
    option.disabled = !visible;
  }

  function filterClauses() {
    var chosen = doc.value;
    Array.prototype.forEach.call(clause.options, function (o) {
      if (o.value) { show(o, !!chosen && o.getAttribute("data-doc") === chosen); }
    });
    if (clause.selectedIndex > 0 && clause.options[clause.selectedIndex].disabled) {
      clause.value = "";
    }
    clause.disabled = !chosen;
  }

  function filterDocuments() {
    var chosen = district.value;
    Array.prototype.forEach.call(doc.options, function (o) {
      if (!o.value) { return; }
      var regions = (o.getAttribute("data-regions") || "").split(" ");
      show(o, !chosen || regions.indexOf(chosen) >= 0);
    });
    if (doc.selectedIndex > 0 && doc.options[doc.selectedIndex].disabled) {
      doc.value = "";
    }
    filterClauses();
  }

  var timer = null;
  var asked = 0;
  function refresh() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var params = new URLSearchParams();
      ["title", "body", "link_doc", "link_clause"].forEach(function (name) {
        params.set(name, form.elements[name].value);
      });
      var mine = ++asked;
      fetch(box.getAttribute("data-url") + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html !== null && mine === asked) { box.innerHTML = html; }
        });
    }, 200);
  }

  district.addEventListener("change", function () { filterDocuments(); refresh(); });
  doc.addEventListener("change", function () { filterClauses(); refresh(); });
  clause.addEventListener("change", refresh);
  form.elements.title.addEventListener("input", refresh);
  form.elements.body.addEventListener("input", refresh);
  filterDocuments();
})();
