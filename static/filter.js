// Narrows a plan's problem table in place. The table is complete without this script; the filter
// state is kept in the page address (?status=…&category=…&overdue=1&q=…&sort=deadline) so a
// filtered view can be shared and survives reloading.
(function () {
  "use strict";
  var FIELDS = ["status", "category", "overdue", "q", "sort"];

  function readForm(form) {
    return {
      status: form.elements.status.value,
      category: form.elements.category.value,
      overdue: form.elements.overdue.checked ? "1" : "",
      q: form.elements.q.value.trim(),
      sort: form.elements.sort.value
    };
  }

  function writeForm(form, state) {
    form.elements.status.value = state.status || "";
    form.elements.category.value = state.category || "";
    form.elements.overdue.checked = state.overdue === "1";
    form.elements.q.value = state.q || "";
    form.elements.sort.value = state.sort || "";
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    FIELDS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function writeAddress(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try { window.history.replaceState(null, "", address); } catch (error) { /* file:// in some browsers */ }
  }

  function matches(row, state) {
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var text = (row.getAttribute("data-text") || "").toLowerCase();
    // ?status= takes a phase (in notice, …) or done: 办理到位, the three phases after the work (公示中,
    // 公示期满, 已销号), as the counts and the static pages (status/done.html) have it.
    return (!state.status || row.getAttribute("data-phase") === state.status ||
        (state.status === "done" && row.getAttribute("data-finished") === "1")) &&
      (!state.category || row.getAttribute("data-category") === state.category) &&
      (!state.overdue || row.getAttribute("data-overdue") === "1") &&
      words.every(function (word) { return text.indexOf(word) !== -1; });
  }

  function sortKey(row, by) {
    var number = ("000000" + row.getAttribute("data-number")).slice(-6);
    if (by === "deadline") {
      // Problems without a dated deadline (立行立改, 持续推进) come after the dated ones.
      return (row.getAttribute("data-deadline") || "9999-99-99") + number;
    }
    return number;
  }

  function apply(form, table, state) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a, state.sort), y = sortKey(b, state.sort);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    var shown = 0;
    rows.forEach(function (row) {
      var keep = matches(row, state);
      row.hidden = !keep;
      if (keep) shown += 1;
      body.appendChild(row);
    });
    var filtered = state.status || state.category || state.overdue || state.q;
    form.querySelector(".filter-count").textContent = shown === 0
      ? "没有符合条件的问题。"
      : filtered ? "显示 " + shown + " 个问题（共 " + rows.length + " 个）。" : "共 " + rows.length + " 个问题。";
  }

  function start(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table || !window.URLSearchParams) return;
    form.hidden = false;
    writeForm(form, readAddress());
    apply(form, table, readForm(form));
    function update() {
      var state = readForm(form);
      apply(form, table, state);
      writeAddress(state);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.querySelector(".filter-reset").addEventListener("click", function (event) {
      event.preventDefault();
      writeForm(form, {});
      update();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), start);
})();
