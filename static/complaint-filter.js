// Narrows a page of complaint items in place (status, region, pollution type, text). The table is
// complete without this script; the state is kept in the address (?status=done&region=…&q=…) so a
// filtered view can be shared. Across batches, the region and type pages list every item.
(function () {
  "use strict";
  var FIELDS = ["status", "region", "type", "q"];

  function start(form) {
    var table = document.getElementById(form.getAttribute("data-complaint-filter"));
    if (!table || !window.URLSearchParams) return;
    form.hidden = false;
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) { if (params.get(name)) form.elements[name].value = params.get(name); });
    function update() {
      var state = {};
      FIELDS.forEach(function (name) { state[name] = form.elements[name].value.trim(); });
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      rows.forEach(function (row) {
        var text = (row.getAttribute("data-text") || "").toLowerCase();
        var keep = (!state.status || row.getAttribute("data-status") === state.status) &&
          (!state.region || row.getAttribute("data-region") === state.region) &&
          (!state.type || row.getAttribute("data-type") === state.type) &&
          words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      form.querySelector(".filter-count").textContent = shown === 0 ? "本页没有符合条件的事项。"
        : "本页显示 " + shown + " 项（共 " + rows.length + " 项）。";
      var out = new URLSearchParams();
      FIELDS.forEach(function (name) { if (state[name]) out.set(name, state[name]); });
      var query = out.toString();
      try {
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      } catch (error) { /* file:// in some browsers */ }
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-complaint-filter]"), start);
})();
