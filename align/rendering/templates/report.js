/* align report: keys, filters, search, paired highlights, overview strip.
   Nothing here runs per row at load, so a book-length page opens fast;
   without JavaScript every row is still shown and every link works. */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  doc.documentElement.classList.add("js");

  var rows = doc.getElementsByClassName("row");
  var toolbar = doc.getElementById("toolbar");
  var sticky = doc.getElementById("sticky");
  var status = doc.getElementById("status");
  var info = doc.getElementById("edit-info");
  var search = doc.getElementById("search");
  var scope = doc.getElementById("scope");
  var kind = doc.getElementById("kind");
  var flag = doc.getElementById("flag");
  var setBadge = doc.getElementById("set");
  var help = doc.getElementById("help");
  var minimap = doc.getElementById("minimap");
  if (toolbar) toolbar.hidden = false;

  var state = {
    changed: false, noise: false, orphan: false, review: false,
    chrome: body.classList.contains("hide-chrome"),
    kind: "", flag: "", set: null, setLabel: "", query: "", scope: ""
  };
  var texts = null;  // per row: [A's text, B's text], lower-cased, made on the first search
  var list = doc.querySelector(".rows");
  var base = list ? +list.getAttribute("data-first") : 1;  // the first row's number

  function indexOf(row) { return Array.prototype.indexOf.call(rows, row); }

  /* The sentences of one side of a row (the hidden side label left out). */
  function sentences(row, side) { return row.querySelectorAll(".cell." + side + " p.s"); }

  function sideText(row, side) {
    var ps = sentences(row, side), out = "";
    for (var i = 0; i < ps.length; i++) out += ps[i].textContent + "\n";
    return out.toLowerCase();
  }

  function has(row, attr, value) {
    return (" " + row.getAttribute(attr) + " ").indexOf(" " + value + " ") >= 0;
  }

  function matches(row, i) {
    if (!texts) texts = new Array(rows.length);
    if (texts[i] === undefined) texts[i] = [sideText(row, "a"), sideText(row, "b")];
    var t = texts[i];
    if (state.scope === "a") return t[0].indexOf(state.query) >= 0;
    if (state.scope === "b") return t[1].indexOf(state.query) >= 0;
    return t[0].indexOf(state.query) >= 0 || t[1].indexOf(state.query) >= 0;
  }

  function keep(row, i) {
    var c = row.classList;
    if (state.chrome && c.contains("chrome")) return false;
    if (state.changed && (!c.contains("diff") || (state.noise && c.contains("noise")))) return false;
    if (state.orphan && (c.contains("chrome") || !(c.contains("rel-only_a") || c.contains("rel-only_b")))) return false;
    if (state.review && !c.contains("review")) return false;
    if (state.kind && !has(row, "data-kinds", state.kind)) return false;
    if (state.flag && !has(row, "data-flags", state.flag)) return false;
    if (state.set && !state.set[row.id]) return false;
    if (state.query && !matches(row, i)) return false;
    return true;
  }

  function active() {
    return state.changed || state.orphan || state.review || state.kind || state.flag ||
      state.set || state.query;
  }

  function apply() {
    body.classList.toggle("hide-chrome", state.chrome);
    body.classList.toggle("hide-noise", state.noise);
    var pinned = doc.querySelectorAll(".pinned");
    for (var p = 0; p < pinned.length; p++) pinned[p].classList.remove("pinned");
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
    strip();
    highlight();
  }

  function syncControls() {
    var boxes = toolbar ? toolbar.querySelectorAll("input[type=checkbox][data-filter]") : [];
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = !!state[boxes[i].getAttribute("data-filter")];
    if (kind) kind.value = state.kind;
    if (flag) flag.value = state.flag;
    if (search) search.value = state.query;
    if (scope) scope.value = state.scope;
  }

  function clearFilters() {
    state.changed = state.orphan = state.review = false;
    state.kind = state.flag = ""; state.set = null; state.setLabel = ""; state.query = "";
    syncControls();
    apply();
  }

  function toPairs() {
    var pairs = doc.getElementById("pairs");
    if (pairs) pairs.scrollIntoView({block: "start"});
  }

  /* The sticky toolbar's height: anchors scroll to just below it. Set on the root
     itself, not as a custom property: one of those would restyle every element. */
  function fitSticky() {
    if (sticky) doc.documentElement.style.scrollPaddingTop = (sticky.offsetHeight + 8) + "px";
  }
  fitSticky();
  window.addEventListener("resize", fitSticky);

  /* --- folded runs of omissions --- */
  function fold(number, open) {
    var parts = doc.querySelectorAll('[data-run="' + number + '"]');
    for (var i = 0; i < parts.length; i++) parts[i].classList.toggle("open", open);
    var button = doc.querySelector('button[data-fold="' + number + '"]');
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function isFolded(row) {
    return row.classList.contains("folded") && !row.classList.contains("open") &&
      !body.classList.contains("filtered");
  }

  /* --- navigation between differences --- */
  function barBottom() { return sticky ? sticky.getBoundingClientRect().bottom : 0; }

  function rowAtTop() {
    var x = Math.max(1, Math.min(window.innerWidth / 2, window.innerWidth - 30));
    var el = doc.elementFromPoint(x, Math.max(barBottom(), 0) + 12);
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
    var focused = doc.activeElement && doc.activeElement.closest ?
      doc.activeElement.closest(".row, .fold") : null;
    var start;
    if (focused && focused.classList.contains("fold")) {
      var first = focused.nextElementSibling;
      start = first ? indexOf(first) : -1;
    } else if (focused) {
      start = indexOf(focused);
    } else {
      var top = rowAtTop();
      start = top ? indexOf(top) - (step > 0 ? 1 : 0) : (step > 0 ? -1 : rows.length);
    }
    var from = start >= 0 && start < rows.length ? rows[start] : null;
    var skip = from && isFolded(from) ? from.getAttribute("data-run") : null;
    for (var i = start + step; i >= 0 && i < rows.length; i += step) {
      var row = rows[i];
      if (row.hidden || !row.classList.contains("diff")) continue;
      if (isFolded(row)) {
        var run = row.getAttribute("data-run");
        if (run === skip) continue;
        var button = doc.querySelector('button[data-fold="' + run + '"]');
        if (button) {
          button.scrollIntoView({block: "center"}); button.focus({preventScroll: true});
          return;
        }
      }
      go(row); return;
    }
    // At either end of a page of a long report, go on to the next (or previous) page.
    var onward = rows.length && doc.querySelector(step > 0 ? 'a[rel="next"]' : 'a[rel="prev"]');
    if (onward) {
      location.href = onward.getAttribute("href") + (step > 0 ? "#first-difference" : "#last-difference");
      return;
    }
    if (status) status.textContent = step > 0 ? "No further difference." : "No earlier difference.";
  }

  /* Edits are reached inside a pair with the arrow keys, not one Tab each. */
  function stepEdit(ev) {
    var t = ev.target;
    if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft" && ev.key !== "Escape") return false;
    var row = t && t.closest ? t.closest(".row") : null;
    if (!row) return false;
    var heading = row.querySelector(".pid a");
    var onEdit = t.classList.contains("e");
    if (ev.key === "Escape") {
      if (!onEdit || !heading) return false;
      heading.focus(); return true;
    }
    if (!onEdit && t !== heading) return false;
    var edits = row.querySelectorAll(".e");
    if (!edits.length) return false;
    var at = onEdit ? Array.prototype.indexOf.call(edits, t) : -1;
    var next = ev.key === "ArrowRight" ? at + 1 : (at < 0 ? edits.length - 1 : at - 1);
    if (next < 0 || next >= edits.length) return true;
    focusEdit(edits[next]);
    return true;
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
      if (ev.key === "Enter" && t === search) {
        var query = search.value.trim().toLowerCase();
        if (query !== state.query) { clearTimeout(timer); state.query = query; apply(); }
        nextHit(ev.shiftKey ? -1 : 1); ev.preventDefault();
      }
      return;
    }
    if (help && help.open && ev.key !== "?") return;
    if (stepEdit(ev)) { ev.preventDefault(); return; }
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
      else if (t === flag) state.flag = flag.value;
      else if (t === scope) state.scope = scope.value;
      else return;
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
    if (action === "all-rows") { layOutAll(); return; }
    if (action === "filters") {
      var open = toolbar.classList.toggle("open");
      t.setAttribute("aria-expanded", open ? "true" : "false");
      fitSticky(); return;
    }
    if (action === "hit-next") { nextHit(1); return; }
    if (action === "hit-prev") { nextHit(-1); return; }
    var run = t.getAttribute("data-fold");
    if (run !== null) {
      fold(run, true);
      var first = doc.querySelector('.row[data-run="' + run + '"]');
      if (first) go(first);
      return;
    }
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
    var fl = t.getAttribute("data-flag");
    if (fl !== null) { state.flag = fl; syncControls(); apply(); toPairs(); return; }
    var f = t.getAttribute("data-filter");
    if (f) { state[f] = true; syncControls(); apply(); toPairs(); }
  });

  /* Long variants and inconsistencies tables keep their later rows in
     templates, laid out only when wanted. */
  function layOutAll() {
    var held = doc.querySelectorAll("template.deferred");
    for (var i = 0; i < held.length; i++) {
      held[i].parentNode.insertBefore(held[i].content, held[i]);
      held[i].parentNode.removeChild(held[i]);
    }
    var notes = doc.querySelectorAll(".deferred-note");
    for (var k = 0; k < notes.length; k++) notes[k].hidden = true;
  }

  /* The variants and inconsistencies tables filter by their own text. */
  doc.addEventListener("input", function (ev) {
    var t = ev.target;
    var table = t.getAttribute && t.getAttribute("data-table");
    if (!table) return;
    layOutAll();
    var q = t.value.trim().toLowerCase();
    var trs = doc.getElementById(table).tBodies[0].rows;
    for (var i = 0; i < trs.length; i++) trs[i].hidden = q && trs[i].textContent.toLowerCase().indexOf(q) < 0;
  });

  /* A link to a row that a filter hides shows that row, marked, and keeps the filters. */
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    if (id === "first-difference" || id === "last-difference") {
      var diffs = doc.querySelectorAll(".row.diff");
      if (diffs.length) go(diffs[id === "first-difference" ? 0 : diffs.length - 1]);
      return;
    }
    var el = doc.getElementById(id);
    if (!el && /^(variant|inconsistency)-\d+$/.test(id)) { layOutAll(); el = doc.getElementById(id); }
    if (!el) return;
    if (el.tagName === "TR") { el.scrollIntoView({block: "center"}); return; }
    var row = el.closest ? el.closest(".row") : null;
    if (!row) return;
    if (row.classList.contains("folded")) fold(row.getAttribute("data-run"), true);
    if (row.hidden || (state.chrome && row.classList.contains("chrome"))) pin(row);
    el.scrollIntoView({block: "start"});
  }
  window.addEventListener("hashchange", reveal);

  function pin(row) {
    row.hidden = false;
    row.parentNode.hidden = false;
    row.classList.add("pinned");
    if (status) status.textContent = row.id + " is shown though the filters hide it.";
  }

  /* --- the edit panel and paired highlights: hover or focus one side, mark the other --- */
  /* An edit's marks share its number within the row; only its first mark with text
     carries its title (the page stays lean), which the others borrow when pointed at. */
  function marksOf(t) {
    var row = t.closest(".row");
    return row ? row.querySelectorAll('.e[data-n="' + t.getAttribute("data-n") + '"]') : [];
  }
  function titleOf(t, marks) {
    if (!t.title) {
      for (var i = 0; i < marks.length; i++) {
        if (marks[i].title) {
          t.title = marks[i].title + (t.classList.contains("gap") ? " (missing here)" : "");
          break;
        }
      }
    }
    return t.title;
  }
  function focusEdit(t) {
    if (!t.hasAttribute("tabindex")) t.tabIndex = -1;  // focusable by script, not by Tab
    t.focus();
  }
  function pair(ev, on) {
    var t = ev.target.closest ? ev.target.closest(".e") : null;
    if (!t) return;
    var row = t.closest(".row");
    if (!row) return;
    var marks = marksOf(t);
    for (var i = 0; i < marks.length; i++) marks[i].classList.toggle("hl", on);
    if (on && info) info.textContent = row.id.replace("pair-", "#") + ", " + titleOf(t, marks);
  }
  var area = doc.getElementById("pairs") || body;
  area.addEventListener("mouseover", function (ev) { pair(ev, true); });
  area.addEventListener("mouseout", function (ev) { pair(ev, false); });
  area.addEventListener("focusin", function (ev) { pair(ev, true); });
  area.addEventListener("focusout", function (ev) { pair(ev, false); });
  area.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target.closest(".e") : null;
    if (t && t.closest(".row")) focusEdit(t);  // a click or a tap shows the edit, as focus does
  });

  /* --- search hits: highlighted (CSS Custom Highlight API), Enter goes to the next --- */
  var hits = [], hitAt = -1;
  var canHighlight = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function";
  var HIT_LIMIT = 5000;

  function highlight() {
    hits = []; hitAt = -1;
    if (canHighlight) { CSS.highlights.delete("hit"); CSS.highlights.delete("hit-current"); }
    if (!state.query) return;
    var q = state.query, sides = state.scope ? [state.scope] : ["a", "b"];
    for (var i = 0; i < rows.length && hits.length < HIT_LIMIT; i++) {
      if (rows[i].hidden) continue;
      for (var s = 0; s < sides.length; s++) {
        var ps = sentences(rows[i], sides[s]);
        for (var k = 0; k < ps.length; k++) collect(ps[k], q);
      }
    }
    if (canHighlight && hits.length) CSS.highlights.set("hit", new Highlight(...hits));
  }

  function collect(p, q) {
    var walker = doc.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    var nodes = [], text = "";
    while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
    text = text.toLowerCase();
    for (var at = text.indexOf(q); at >= 0 && hits.length < HIT_LIMIT; at = text.indexOf(q, at + q.length)) {
      var range = doc.createRange();
      place(range, nodes, at, true);
      place(range, nodes, at + q.length, false);
      hits.push(range);
    }
  }

  function place(range, nodes, offset, start) {
    for (var i = nodes.length - 1; i >= 0; i--) {
      if (nodes[i][1] <= offset || i === 0) {
        var within = Math.min(offset - nodes[i][1], nodes[i][0].data.length);
        if (start) range.setStart(nodes[i][0], within); else range.setEnd(nodes[i][0], within);
        return;
      }
    }
  }

  function nextHit(step) {
    if (!hits.length) {
      if (status && state.query) status.textContent = "No hit for “" + state.query + "”.";
      return;
    }
    hitAt = (hitAt + step + hits.length) % hits.length;
    var range = hits[hitAt];
    var el = range.startContainer.parentNode;
    el.scrollIntoView({block: "center"});
    if (canHighlight) CSS.highlights.set("hit-current", new Highlight(range));
    if (status) status.textContent = "hit " + (hitAt + 1) + " of " + hits.length;
  }

  /* --- overview strip: follows the filters, marks the stretch in view --- */
  var segments = null;
  var here = null;
  function allSegments() {
    if (!segments && minimap) segments = minimap.getElementsByClassName("mm");
    return segments || [];
  }

  function strip() {
    var segs = allSegments();
    if (!rows.length || !segs.length) return;
    var filtered = body.classList.contains("filtered") || state.chrome;
    for (var s = 0; s < segs.length; s++) {
      var on = !filtered;
      if (filtered) {
        var lo = +segs[s].getAttribute("data-first") - base;
        var hi = +segs[s].getAttribute("data-last") - base;
        for (var i = Math.max(lo, 0); i <= hi && i < rows.length; i++) {
          if (!rows[i].hidden) { on = true; break; }
        }
      }
      segs[s].classList.toggle("off", !on);
    }
  }

  function mark() {
    var segs = allSegments();
    var row = rowAtTop();
    if (!row || !segs.length) return;
    var n = base + indexOf(row);
    var lo = 0, hi = segs.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (+segs[mid].getAttribute("data-first") <= n) lo = mid; else hi = mid - 1;
    }
    if (here) here.classList.remove("here");
    here = segs[lo];
    here.classList.add("here");
  }

  /* A click on the strip goes to the row under the pointer (a segment may
     stand for many), or the next one the filters show; it clears nothing. */
  function toSegment(seg, share) {
    var first = +seg.getAttribute("data-first") - base, last = +seg.getAttribute("data-last") - base;
    if (!rows.length || first < 0 || first >= rows.length) return false;  // another page: follow the link
    var at = Math.min(last, first + Math.floor(share * (last - first + 1)));
    for (var i = Math.max(at, 0); i < rows.length; i++) {
      if (!rows[i].hidden && !(state.chrome && rows[i].classList.contains("chrome"))) {
        if (rows[i].classList.contains("folded")) fold(rows[i].getAttribute("data-run"), true);
        go(rows[i]); return true;
      }
    }
    if (status) status.textContent = "No row the filters show from there on.";
    return true;
  }

  /* On a phone the strip's segments are too small to tap: a tap opens a
     chooser listing the segments around it, each a full-width target. */
  var chooser = doc.getElementById("chooser");
  var choices = doc.getElementById("choices");
  var CHOICES_AROUND = 6;
  function wantsChooser(ev) {
    return !!chooser && (ev.pointerType === "touch" || window.matchMedia("(max-width: 720px)").matches);
  }

  function nearestSegment(y) {
    var segs = allSegments(), best = null, gap = Infinity;
    for (var s = 0; s < segs.length; s++) {
      var box = segs[s].getBoundingClientRect();
      var d = y < box.top ? box.top - y : (y > box.bottom ? y - box.bottom : 0);
      if (d < gap) { gap = d; best = segs[s]; }
    }
    return best;
  }

  function choose(seg) {
    var segs = allSegments(), at = Array.prototype.indexOf.call(segs, seg);
    while (choices.firstChild) choices.removeChild(choices.firstChild);
    var lo = Math.max(0, at - CHOICES_AROUND), hi = Math.min(segs.length - 1, at + CHOICES_AROUND);
    for (var s = lo; s <= hi; s++) {
      var a = doc.createElement("a");
      a.className = "pick";
      a.href = segs[s].getAttribute("href");
      a.setAttribute("data-seg", s);
      var swatch = doc.createElement("span");
      swatch.className = "sw " + segs[s].className.replace(/\b(mm|here)\b/g, "");
      swatch.setAttribute("aria-hidden", "true");
      a.appendChild(swatch);
      a.appendChild(doc.createTextNode(segs[s].getAttribute("title") +
        (segs[s].classList.contains("off") ? " (the filters hide it)" : "")));
      if (s === at) a.setAttribute("aria-current", "true");
      var li = doc.createElement("li");
      li.appendChild(a);
      choices.appendChild(li);
    }
    if (chooser.showModal) chooser.showModal(); else chooser.open = true;
    var current = choices.querySelector('[aria-current="true"]');
    if (current) { current.scrollIntoView({block: "center"}); current.focus(); }
  }

  if (minimap) {
    minimap.addEventListener("click", function (ev) {
      var seg = ev.target.closest ? ev.target.closest(".mm") : null;
      if (wantsChooser(ev)) {
        seg = seg || nearestSegment(ev.clientY);
        if (seg) { ev.preventDefault(); choose(seg); }
        return;
      }
      if (!seg) return;
      var box = seg.getBoundingClientRect();
      var share = box.height > 0 && ev.clientY ? (ev.clientY - box.top) / box.height : 0;
      if (toSegment(seg, share)) ev.preventDefault();
    });
  }
  if (chooser) {
    chooser.addEventListener("click", function (ev) {
      var pick = ev.target.closest ? ev.target.closest("a.pick") : null;
      if (!pick) return;
      chooser.close();
      if (toSegment(allSegments()[+pick.getAttribute("data-seg")], 0)) ev.preventDefault();
    });
  }

  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; mark(); }, 150);
  }, {passive: true});

  /* --- pages: a link to a row on another page goes there --- */
  /* On load and whenever the fragment changes (one typed into the address bar). */
  var map = doc.getElementById("pages"), files = null;
  /* The page that holds pair `wanted`, or "" (none, or a bad map). */
  function pageOf(wanted) {
    try {
      if (!files) files = JSON.parse(map.textContent);
      for (var file in files) {
        var spans = files[file];
        for (var s = 0; s < spans.length; s++) {
          if (spans[s][0] <= wanted && wanted <= spans[s][1]) return file;
        }
      }
    } catch (e) { /* a bad map leaves the page as it is */ }
    return "";
  }
  function toItsPage() {
    var cited = /^#pair-(\d+)$/.exec(location.hash);
    if (!map || !cited || doc.getElementById(location.hash.slice(1))) return;
    var file = pageOf(+cited[1]);
    if (file) location.replace(file + location.hash);
  }
  toItsPage();
  window.addEventListener("hashchange", toItsPage);

  /* In a long report the links behind "+N more" wait in an attribute until opened:
     pair numbers, each linked to the page that holds it. */
  function openMore(details) {
    var held = details.getAttribute("data-rest");
    if (!held) return;
    details.removeAttribute("data-rest");
    var pairs = held.split(" ");
    for (var i = 0; i < pairs.length; i++) {
      var a = doc.createElement("a");
      a.href = (map ? pageOf(+pairs[i]) : "") + "#pair-" + pairs[i];
      a.textContent = "#" + pairs[i];
      details.appendChild(doc.createTextNode(" "));
      details.appendChild(a);
    }
  }
  doc.addEventListener("toggle", function (ev) {
    if (ev.target.open && ev.target.classList && ev.target.classList.contains("more")) openMore(ev.target);
  }, true);

  /* Print everything: every list behind "+N more", the inputs, every deferred row. */
  var closed = [];
  window.addEventListener("beforeprint", function () {
    layOutAll();
    layOutRows();
    var mores = doc.querySelectorAll("details.more");
    for (var m = 0; m < mores.length; m++) openMore(mores[m]);
    var all = doc.querySelectorAll("details:not([open])");
    for (var i = 0; i < all.length; i++) { all[i].open = true; closed.push(all[i]); }
  });
  window.addEventListener("afterprint", function () {
    for (var i = 0; i < closed.length; i++) closed[i].open = false;
    closed = [];
  });

  /* --- the index of a long report: search the whole book, word by word --- */
  var bookSearch = doc.getElementById("book-search");
  var wordsData = doc.getElementById("words");
  if (bookSearch && wordsData) {
    var words = null, keys = null, bookTimer = 0;
    var results = doc.getElementById("book-results"), hitsOut = doc.getElementById("book-hits");
    var pageRows = doc.querySelectorAll("table.pages tbody tr");
    bookSearch.addEventListener("input", function () {
      clearTimeout(bookTimer);
      bookTimer = setTimeout(findInBook, 150);
    });
    var findInBook = function () {
      if (!words) { words = JSON.parse(wordsData.textContent); keys = Object.keys(words); }
      var q = bookSearch.value.trim().toLowerCase();
      var terms = q.match(/[\p{L}\p{M}\p{N}_]+/gu) || [];
      while (results.firstChild) results.removeChild(results.firstChild);
      if (!terms.length) { hitsOut.textContent = ""; return; }
      var found = null;
      for (var t = 0; t < terms.length; t++) {
        var here = {};
        for (var k = 0; k < keys.length; k++) {
          if (keys[k].lastIndexOf(terms[t], 0) === 0) {
            var on = words[keys[k]].split(" ");  // "1-3 7": pages 1 to 3, and 7
            for (var n = 0; n < on.length; n++) {
              var ends = on[n].split("-"), last = +ends[ends.length - 1];
              for (var pg = +ends[0]; pg <= last; pg++) here[pg] = true;
            }
          }
        }
        if (found) { for (var pg in found) if (!here[pg]) delete found[pg]; } else found = here;
      }
      var numbers = Object.keys(found).map(Number).sort(function (x, y) { return x - y; });
      hitsOut.textContent = numbers.length ?
        "On " + numbers.length + " of " + pageRows.length + " pages:" : "On no page.";
      for (var i = 0; i < numbers.length; i++) {
        var row = pageRows[numbers[i] - 1];
        if (!row) continue;
        var link = row.querySelector("td:nth-child(2) a");
        var a = doc.createElement("a");
        a.href = link.getAttribute("href") + "#search=" + encodeURIComponent(q);
        a.textContent = "page " + numbers[i] + ": " + link.textContent;
        var li = doc.createElement("li");
        li.appendChild(a);
        results.appendChild(li);
      }
    };
  }

  /* A page opened from the book's search shows its hits. */
  var asked = /^#search=(.*)$/.exec(location.hash);
  if (asked && search) {
    state.query = decodeURIComponent(asked[1]).trim().toLowerCase();
    syncControls(); apply(); nextHit(1);
  }

  /* A page within the budget is written laid out whole (no "lazy"): a full-page
     screenshot shows every row, however soon it is taken. A longer one (a report
     written as one file) lays out only what is near the screen at first. */
  function layOutRows() { if (list) list.classList.remove("lazy"); }
  if (list && list.classList.contains("lazy")) {
    window.addEventListener("load", function () {
      requestAnimationFrame(fitEstimates);
      idle(layOutNext);
    });
  }

  /* A long page is laid out whole in the background too, a chunk at a time while
     nothing else is going on and the reader is not scrolling; then a screenshot or a
     capture tool, whatever it does, finds every row painted. */
  var SCROLL_QUIET_MS = 300;
  var lastScroll = 0;
  window.addEventListener("scroll", function () { lastScroll = performance.now(); }, {passive: true});
  function idle(task) {
    if (window.requestIdleCallback) window.requestIdleCallback(task, {timeout: 2000});
    else setTimeout(task, 50);
  }
  function layOutNext() {
    if (!list.classList.contains("lazy")) return;
    if (performance.now() - lastScroll < SCROLL_QUIET_MS) { setTimeout(function () { idle(layOutNext); }, SCROLL_QUIET_MS); return; }
    var next = list.querySelector(".chunk:not(.laid)");
    if (!next) { layOutRows(); return; }
    next.classList.add("laid");
    idle(layOutNext);
  }

  /* The rows not laid out yet hold a place of a height guessed when the report was
     written; once the first rows are laid out, the guesses are scaled to what they
     turned out to be (this width, these fonts), a little over, so that a capture of
     the page's measured height holds every row. */
  var ESTIMATE_MARGIN = 1.03;
  function fitEstimates() {
    var chunks = list.children, guessed = 0, real = 0, waiting = [];
    for (var i = 0; i < chunks.length; i++) {
      var c = chunks[i], first = c.firstElementChild;
      var guess = /(\d+)px/.exec(c.style.containIntrinsicSize || "");
      if (!guess || !first || !first.checkVisibility) continue;
      if (first.checkVisibility({contentVisibilityAuto: true})) {
        guessed += +guess[1]; real += c.getBoundingClientRect().height;
      } else waiting.push([c, +guess[1]]);
    }
    if (!guessed || !real) return;
    var scale = real / guessed * ESTIMATE_MARGIN;
    for (var k = 0; k < waiting.length; k++) {
      waiting[k][0].style.containIntrinsicSize = "auto " + Math.ceil(waiting[k][1] * scale) + "px";
    }
  }

  /* A full-page capture makes the viewport as tall as the page (or, Chromium capturing
     beyond the viewport, shows the page a 1 px one while it captures): rows laid out
     only near the screen would come out blank, so from then on every row is laid out. */
  var tallest = window.innerHeight;
  window.addEventListener("resize", function () {
    var w = window.innerWidth, h = window.innerHeight;
    if (h > 2 * tallest || h <= 1 || w <= 1) layOutRows();
    if (h > 1) tallest = Math.max(tallest, h);
  });

  if (state.chrome) apply();
  reveal();
})();
