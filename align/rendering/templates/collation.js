/* The collation report: filters, search, keys (j/k, /, ?), and the apparatus highlight. */
(function () {
  "use strict";
  var doc = document;
  var rows = Array.prototype.slice.call(doc.querySelectorAll("tbody.row"));
  var witness = doc.getElementById("f-witness");
  var kind = doc.getElementById("f-kind");
  var onlyDiff = doc.getElementById("f-diff");
  var search = doc.getElementById("f-search");
  var status = doc.getElementById("status");
  var help = doc.getElementById("help");

  function words(value) { return value ? value.split(" ") : []; }

  function apply() {
    var w = witness ? witness.value : "";
    var k = kind ? kind.value : "";
    var d = onlyDiff && onlyDiff.checked;
    var q = search ? search.value.trim().toLowerCase() : "";
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (!d || row.classList.contains("diff")) &&
        (!w || words(row.getAttribute("data-differs")).indexOf(w) >= 0) &&
        (!k || words(row.getAttribute("data-kinds")).indexOf(k) >= 0) &&
        (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) shown++;
    }
    if (status) status.textContent = shown + " of " + rows.length + " rows shown";
  }

  [witness, kind, onlyDiff].forEach(function (el) { if (el) el.addEventListener("change", apply); });
  var timer = 0;
  if (search) {
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  }

  function rowAtTop() {
    for (var i = 0; i < rows.length; i++) {
      if (!rows[i].hidden && rows[i].getBoundingClientRect().bottom > 60) return i;
    }
    return -1;
  }

  function move(step) {
    var focused = doc.activeElement && doc.activeElement.closest ? doc.activeElement.closest("tbody.row") : null;
    var start = focused ? rows.indexOf(focused) : rowAtTop() - (step > 0 ? 1 : 0);
    if (!focused && start < -1) start = step > 0 ? -1 : rows.length;
    for (var i = start + step; i >= 0 && i < rows.length; i += step) {
      if (rows[i].classList.contains("diff") && !rows[i].hidden) {
        rows[i].focus();
        rows[i].scrollIntoView({ block: "center" });
        if (status) status.textContent = "Row " + rows[i].id.slice(1);
        return;
      }
    }
    var onward = doc.querySelector(step > 0 ? 'a[rel="next"]' : 'a[rel="prev"]');
    if (onward) onward.focus();
    if (status) {
      status.textContent = (step > 0 ? "No further difference" : "No earlier difference") +
        (onward ? " on this page: press Enter for the " + (step > 0 ? "next" : "previous") + " page." : ".");
    }
  }

  function toggleHelp() {
    if (!help) return;
    if (help.open) help.close(); else if (help.showModal) help.showModal(); else help.open = true;
  }

  doc.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      if (ev.key === "Escape" && t === search) search.blur();
      return;
    }
    if (help && help.open && ev.key !== "?") return;
    switch (ev.key) {
      case "j": case "n": move(1); break;
      case "k": case "p": move(-1); break;
      case "?": toggleHelp(); break;
      case "/": if (search) search.focus(); break;
      default: return;
    }
    ev.preventDefault();
  });

  doc.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target.closest("button") : null;
    if (t && t.getAttribute("data-action") === "help") toggleHelp();
  });

  /* Pointing at an apparatus entry, or at a highlighted word, lights up that point in every column. */
  function light(ev, on) {
    var el = ev.target.closest ? ev.target.closest("[data-e]") : null;
    if (!el) return;
    var row = el.closest("tbody.row");
    if (!row) return;
    var marks = row.querySelectorAll('[data-e="' + el.getAttribute("data-e") + '"]');
    for (var i = 0; i < marks.length; i++) marks[i].classList.toggle("hot", on);
  }
  doc.addEventListener("mouseover", function (ev) { light(ev, true); });
  doc.addEventListener("mouseout", function (ev) { light(ev, false); });
  apply();
})();
