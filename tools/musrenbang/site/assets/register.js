// Buku Register: filter and sort the table without any outside library.
(function () {
  function setup(root) {
    var table = root.querySelector("table[data-sortable]");
    if (!table || table.dataset.ready) return;
    table.dataset.ready = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var filters = root.querySelectorAll("[data-filter]");
    var count = root.querySelector("[data-count]");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = true;
        filters.forEach(function (f) {
          var want = f.value.trim().toLowerCase();
          if (!want) return;
          if (f.dataset.filter === "teks") ok = ok && row.textContent.toLowerCase().indexOf(want) !== -1;
          else ok = ok && (row.dataset[f.dataset.filter] || "").toLowerCase() === want;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown;
    }
    filters.forEach(function (f) { f.addEventListener("input", apply); f.addEventListener("change", apply); });
    var sorters = {};
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.dataset.sort) return;
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.dataset.sort === "number";
        rows.sort(function (a, b) {
          var x = a.cells[index].dataset.value || a.cells[index].textContent.trim();
          var y = b.cells[index].dataset.value || b.cells[index].textContent.trim();
          var r = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "id");
          return ascending ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
      sorters[index] = sort;
    });
    // On a phone the column headers are hidden: the same sorting from a list.
    var pick = root.querySelector("select[data-urut]");
    if (pick) pick.addEventListener("change", function () {
      var parts = pick.value.split(":"), th = table.tHead.rows[0].cells[+parts[0]];
      if (!sorters[parts[0]]) return;
      th.removeAttribute("aria-sort");
      if (parts[1] === "turun") th.setAttribute("aria-sort", "ascending");
      sorters[parts[0]]();
    });
  }
  // On a phone every table is a stack of cards, one per row: each cell is shown
  // as "label: value", the label taken from its column's header.
  function label(table) {
    if (table.dataset.labelled || !table.tHead) return;
    table.dataset.labelled = "1";
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (row.cells.length !== heads.length) return;
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
        });
      });
    });
  }
  // The theme's search dialog has no accessible name: give it one.
  function nameSearch() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "Pencarian di situs register");
  }
  function init() {
    nameSearch();
    document.querySelectorAll(".mr-register").forEach(setup);
    document.querySelectorAll("table.mr-table:not(.mr-gulir)").forEach(label);
  }
  if (window.document$) window.document$.subscribe(init); else document.addEventListener("DOMContentLoaded", init);
})();
