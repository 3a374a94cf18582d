// govnews: small enhancements only; every page works without this file.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (form) {
    // Changing a filter applies it at once, as people expect on a phone.
    form.querySelectorAll("select").forEach(function (el) {
      el.addEventListener("change", function () { submitClean(form); });
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); submitClean(form); });
  }
  // Submit without empty fields, so the address stays short and shareable.
  function submitClean(f) {
    var params = new URLSearchParams();
    new FormData(f).forEach(function (v, k) { if (String(v).trim() !== "") params.append(k, v); });
    var qs = params.toString();
    window.location.assign("/" + (qs ? "?" + qs : ""));
  }
  // "/" jumps to the search box, as on most search sites.
  document.addEventListener("keydown", function (e) {
    var q = document.getElementById("q");
    var t = e.target && e.target.tagName;
    if (e.key === "/" && q && t !== "INPUT" && t !== "SELECT" && t !== "TEXTAREA") {
      e.preventDefault();
      q.focus();
      q.select();
    }
  });
})();
