/* align report: keys, filters, search, paired highlights, overview mark.
   Nothing here runs per row at load, so a book-length page opens fast;
   without JavaScript every row is still shown and every link works. */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  doc.documentElement.classList.add("js");

  var rows = doc.getElementsByClassName("row");
  var toolbar = doc.getElementById("toolbar");
  var status = doc.getElementById("status");
  var search = doc.getElementById("search");
  var kind = doc.getElementById("kind");
  var setBadge = doc.getElementById("set");
  var help = doc.getElementById("help");
  var minimap = doc.getElementById("minimap");
  if (toolbar) toolbar.hidden = false;

  var state = {
    changed: false, orphan: false, review: false,
    chrome: body.classList.contains("hide-chrome"),
    kind: "", set: null, setLabel: "", query: ""
  };
  var texts = null;  // lower-cased text of each row, made on the first search
  var list = doc.querySelector(".rows");
  var base = list ? +list.getAttribute("data-first") : 1;  // the first row's number

  function indexOf(row) { return Array.prototype.indexOf.call(rows, row); }

  function rowText(row) {
    var cells = row.querySelectorAll(".cell");
    var out = "";
    for (var i = 0; i < cells.length; i++) out += cells[i].textContent + "\n";
    return out.toLowerCase();
  }

  function keep(row, i) {
    var c = row.classList;
    if (state.chrome && c.contains("chrome")) return false;
    if (state.changed && !c.contains("diff")) return false;
    if (state.orphan && (c.contains("chrome") || !(c.contains("rel-only_a") || c.contains("rel-only_b")))) return false;
    if (state.review && !c.contains("review")) return false;
    if (state.kind && (" " + row.getAttribute("data-kinds") + " ").indexOf(" " + state.kind + " ") < 0) return false;
    if (state.set && !state.set[row.id]) return false;
    if (state.query) {
      if (!texts) { texts = new Array(rows.length); }
      if (texts[i] === undefined) texts[i] = rowText(row);
      if (texts[i].indexOf(state.query) < 0) return false;
    }
    return true;
  }

  function active() {
    return state.changed || state.orphan || state.review || state.kind || state.set || state.query;
  }

  function apply() {
    body.classList.toggle("hide-chrome", state.chrome);
    var shown = 0, chunk = null, inChunk = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var show = keep(row, i);
      if (row.hidden === show) row.hidden = !show;
      if (show) shown++;
      // A chunk with no row left is hidden whole, so it holds no empty place.
      if (row.parentNode !== chunk) {
        if (chunk) chunk.hidden = !inChunk;
        chunk = row.parentNode; inChunk = 0;
      }
      if (show) inChunk++;
    }
    if (chunk) chunk.hidden = !inChunk;
    if (status) status.textContent = shown + " of " + rows.length + " rows shown";
    if (setBadge) {
      setBadge.hidden = !state.set;
      setBadge.textContent = state.set ? "only " + state.setLabel : "";
    }
    body.classList.toggle("filtered", !!active());
  }

  function syncControls() {
    var boxes = toolbar ? toolbar.querySelectorAll("input[type=checkbox][data-filter]") : [];
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = !!state[boxes[i].getAttribute("data-filter")];
    if (kind) kind.value = state.kind;
    if (search) search.value = state.query;
  }

  function clearFilters() {
    state.changed = state.orphan = state.review = false;
    state.kind = ""; state.set = null; state.setLabel = ""; state.query = "";
    syncControls();
    apply();
  }

  function toPairs() {
    var pairs = doc.getElementById("pairs");
    if (pairs) pairs.scrollIntoView({block: "start"});
  }

  /* --- navigation between differences --- */
  function rowAtTop() {
    var bar = toolbar && !toolbar.hidden ? toolbar.getBoundingClientRect().bottom : 0;
    var x = Math.max(1, Math.min(window.innerWidth / 2, window.innerWidth - 30));
    var el = doc.elementFromPoint(x, Math.max(bar, 0) + 12);
    return el && el.closest ? el.closest(".row") : null;
  }

  function go(row) {
    var old = doc.querySelector(".row.current");
    if (old) old.classList.remove("current");
    row.classList.add("current");
    row.tabIndex = -1;
    row.scrollIntoView({block: "center"});
    row.focus({preventScroll: true});
    if (history.replaceState) history.replaceState(null, "", "#" + row.id);
    mark();
  }

  function move(step) {
    var focused = doc.activeElement && doc.activeElement.closest ? doc.activeElement.closest(".row") : null;
    var start;
    if (focused) {
      start = indexOf(focused);
    } else {
      var top = rowAtTop();
      start = top ? indexOf(top) - (step > 0 ? 1 : 0) : (step > 0 ? -1 : rows.length);
    }
    for (var i = start + step; i >= 0 && i < rows.length; i += step) {
      var row = rows[i];
      if (row.classList.contains("diff") && !row.hidden) { go(row); return; }
    }
    // At either end of a page of a long report, offer the next (or previous) page.
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
      case "/": if (search) { search.focus(); } break;
      default: return;
    }
    ev.preventDefault();
  });

  /* --- filters --- */
  if (toolbar) {
    toolbar.addEventListener("change", function (ev) {
      var t = ev.target;
      var name = t.getAttribute("data-filter");
      if (name) state[name] = t.checked;
      else if (t === kind) state.kind = kind.value;
      apply();
    });
  }
  var timer = 0;
  if (search) {
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.query = search.value.trim().toLowerCase(); apply(); }, 120);
    });
  }

  doc.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target.closest("button") : null;
    if (!t) return;
    var action = t.getAttribute("data-action");
    if (action === "help") { toggleHelp(); return; }
    if (action === "clear") { clearFilters(); return; }
    var pairs = t.getAttribute("data-pairs");
    if (pairs !== null) {
      state.set = {};
      var ids = pairs.split(" ");
      for (var i = 0; i < ids.length; i++) if (ids[i]) state.set[ids[i]] = true;
      state.setLabel = t.getAttribute("data-what") || "selected rows";
      apply(); toPairs(); return;
    }
    var k = t.getAttribute("data-kind");
    if (k !== null) { state.kind = k; syncControls(); apply(); toPairs(); return; }
    var f = t.getAttribute("data-filter");
    if (f) { state[f] = true; syncControls(); apply(); toPairs(); }
  });

  /* The variants and inconsistencies tables filter by their own text. */
  doc.addEventListener("input", function (ev) {
    var t = ev.target;
    var table = t.getAttribute && t.getAttribute("data-table");
    if (!table) return;
    var q = t.value.trim().toLowerCase();
    var trs = doc.getElementById(table).tBodies[0].rows;
    for (var i = 0; i < trs.length; i++) trs[i].hidden = q && trs[i].textContent.toLowerCase().indexOf(q) < 0;
  });

  /* A link to a row that a filter hides clears the filters first. */
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = doc.getElementById(id);
    if (!el) return;
    var row = el.closest ? el.closest(".row") : null;
    if (row && (row.hidden || (state.chrome && row.classList.contains("chrome")))) {
      state.chrome = false; clearFilters();
      el.scrollIntoView({block: "start"});
    }
  }
  window.addEventListener("hashchange", reveal);

  /* --- paired highlights: hover or focus one side, mark the other --- */
  function pair(ev, on) {
    var t = ev.target.closest ? ev.target.closest("[data-e]") : null;
    if (!t) return;
    var row = t.closest(".row");
    if (!row) return;
    var marks = row.querySelectorAll('[data-e="' + t.getAttribute("data-e") + '"]');
    for (var i = 0; i < marks.length; i++) marks[i].classList.toggle("hl", on);
  }
  var area = doc.getElementById("pairs") || body;
  area.addEventListener("mouseover", function (ev) { pair(ev, true); });
  area.addEventListener("mouseout", function (ev) { pair(ev, false); });
  area.addEventListener("focusin", function (ev) { pair(ev, true); });
  area.addEventListener("focusout", function (ev) { pair(ev, false); });

  /* --- overview strip: mark the stretch in view --- */
  var segments = null;
  var here = null;
  function mark() {
    if (!minimap) return;
    if (!segments) segments = minimap.getElementsByClassName("mm");
    var row = rowAtTop();
    if (!row || !segments.length) return;
    var n = base + indexOf(row);
    var lo = 0, hi = segments.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (+segments[mid].getAttribute("data-first") <= n) lo = mid; else hi = mid - 1;
    }
    if (here) here.classList.remove("here");
    here = segments[lo];
    here.classList.add("here");
  }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; mark(); }, 150);
  }, {passive: true});

  /* --- pages: an old link to a row on another page goes there --- */
  var map = doc.getElementById("pages");
  var cited = /^#pair-(\d+)$/.exec(location.hash);
  if (map && cited && !doc.getElementById(location.hash.slice(1))) {
    try {
      var files = JSON.parse(map.textContent);
      for (var file in files) {
        if (files[file].indexOf(+cited[1]) >= 0) { location.replace(file + location.hash); break; }
      }
    } catch (e) { /* a bad map leaves the page as it is */ }
  }

  if (state.chrome) apply();
  reveal();
})();
