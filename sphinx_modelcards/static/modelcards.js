/* sphinx-modelcards: sortable, filterable leaderboards.
 *
 * Progressive enhancement of every <table class="mc-leaderboard">: without this
 * script the table is complete; with it
 *
 * - each header cell holds a <button> that sorts by its column. The header cell
 *   carries aria-sort (none / ascending / descending). The first click sorts
 *   numbers and dates descending (biggest and newest first, as a leaderboard
 *   reads) and text ascending (A to Z); the rank column starts ascending (1
 *   first); every further click flips the direction. Missing values ("-",
 *   "TBA", empty) always go last, in either direction. Sorting is stable: ties
 *   keep their previous order, so sorting by lab after sorting by score ranks
 *   each lab's models by score. Rank cells keep the numbers the build gave them;
 *   sorting by rank restores the build's order.
 * - a search box above the table hides the rows that do not contain every word
 *   typed (case- and accent-insensitive, across all cells), with a live
 *   "N of M models" count.
 * - the state lives in the URL fragment so that a view can be shared:
 *   #leaderboard-1:sort=mmlu:desc;q=acme, several tables joined with "&".
 *   Only fragments whose every part names a leaderboard id followed by ":" are
 *   read; any other fragment is ordinary anchor navigation and is left alone.
 *   Changes use history.replaceState, so typing adds no history entries.
 *
 * Sort keys are parsed once per column and cached; rows are reordered through a
 * DocumentFragment in one go, and the script never reads layout. Hidden rows are
 * moved after the visible ones so that themes' nth-child zebra stripes stay right.
 */
(function () {
  "use strict";

  // Multipliers to billions for the suffixes the extension prints (30T, 1,200B).
  var UNITS = { k: 1e-6, m: 1e-3, b: 1, t: 1e3 };
  var MONTHS = {
    jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6,
    jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  };
  var NUMBER = /^([<>~≈]?)([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)([kmbt%]?)/i;
  var ISO_DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
  var TEXT_DATE = /^(?:(\d{1,2})\s+)?([a-z]{3})[a-z]*\.?,?\s+(\d{4})$/;
  var MISSING_TEXT = { "": true, "-": true, "\u2013": true, "\u2014": true };
  var WRAPPERS = "div.table-wrapper, div.pst-scrollable-table-container, div.wy-table-responsive";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var boards = [];
  var byId = new Map();
  var baseHash = "";
  var counter = 0;

  /* ---- parsing cell text into sort keys (null means missing) ---- */

  function parseNumber(text) {
    var s = text.replace(/[\s,\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    if (MISSING_TEXT[s]) return null;
    var m = NUMBER.exec(s);
    if (!m) return null;
    var value = parseFloat(m[2]);
    if (!isFinite(value)) return null;
    var unit = m[3].toLowerCase();
    if (UNITS[unit]) value *= UNITS[unit];
    if (m[1] === "<") value /= 2; // "<0.1" sorts as 0.05: below 0.1, above 0
    return value;
  }

  function parseDate(text) {
    var s = text.trim().toLowerCase();
    var m = ISO_DATE.exec(s);
    if (m) return +m[1] * 10000 + (+m[2] || 0) * 100 + (+m[3] || 0);
    m = TEXT_DATE.exec(s);
    if (m && MONTHS[m[2]]) return +m[3] * 10000 + MONTHS[m[2]] * 100 + (+m[1] || 0);
    return null; // TBA, "-", anything unknown
  }

  function parseText(text) {
    var s = text.trim();
    return MISSING_TEXT[s] ? null : s;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* ---- building the controls ---- */

  function columnOf(th, index) {
    var type = th.classList.contains("mc-num") ? "num"
      : th.classList.contains("mc-date") ? "date" : "text";
    var key = "c" + index;
    for (var i = 0; i < th.classList.length; i++) {
      var name = th.classList[i];
      if (name.indexOf("mc-col-") === 0 && name.length > 7) {
        key = name.slice(7);
        break;
      }
    }
    return { th: th, index: index, type: type, key: key, keys: null, button: null };
  }

  function makeButton(board, column) {
    var th = column.th;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mc-sort";
    var label = document.createElement("span");
    label.className = "mc-sort-label";
    // Docutils puts the header text in a <p>, which a <button> cannot hold: move its
    // inline content instead.
    var holder = th.children.length === 1 && th.firstElementChild.tagName === "P"
      ? th.firstElementChild : th;
    while (holder.firstChild) label.appendChild(holder.firstChild);
    if (holder !== th) th.removeChild(holder);
    while (th.firstChild) th.removeChild(th.firstChild);
    var icon = document.createElement("span");
    icon.className = "mc-sort-icon";
    icon.setAttribute("aria-hidden", "true");
    button.appendChild(label);
    button.appendChild(icon);
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var dir = board.sort && board.sort.column === column
        ? (board.sort.dir === "asc" ? "desc" : "asc")
        : firstDirection(column);
      setSort(board, column, dir);
      render(board);
      writeHash();
    });
    column.button = button;
  }

  function firstDirection(column) {
    if (column.key === "rank" || column.type === "text") return "asc";
    return "desc";
  }

  function makeControls(board) {
    var uid = "mc-filter-" + (board.id || "table") + "-" + ++counter;
    var box = document.createElement("div");
    box.className = "mc-lb-controls";
    var label = document.createElement("label");
    label.className = "mc-lb-label";
    label.htmlFor = uid;
    label.textContent = "Filter rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = uid;
    input.className = "mc-lb-search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-controls", board.table.id);
    var count = document.createElement("span");
    count.className = "mc-lb-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    input.addEventListener("input", function () {
      setQuery(board, input.value);
      render(board);
      writeHash();
    });
    board.input = input;
    board.count = count;
    return box;
  }

  function enhance(table) {
    var tbody = table.tBodies[0];
    var head = table.tHead;
    if (!tbody || !head || !head.rows.length || !tbody.rows.length) return;
    if (!table.id) table.id = "mc-leaderboard-" + (counter + 1);
    var board = {
      table: table,
      tbody: tbody,
      id: table.id,
      records: [],
      order: [],
      columns: [],
      sort: null,
      query: "",
      terms: [],
      input: null,
      count: null,
      noun: "rows",
    };
    var rows = tbody.rows;
    for (var r = 0; r < rows.length; r++) {
      board.records.push({ tr: rows[r], index: r, text: null });
    }
    board.order = board.records.slice();
    var cells = head.rows[head.rows.length - 1].cells;
    for (var c = 0; c < cells.length; c++) {
      var column = columnOf(cells[c], c);
      if (column.key === "name") board.noun = "models";
      board.columns.push(column);
      makeButton(board, column);
    }

    // Outside any scrolling wrapper a theme put around the table (furo, pydata),
    // so that the search box does not scroll sideways with the table.
    var anchor = table;
    while (anchor.parentElement && anchor.parentElement.children.length === 1 &&
           anchor.parentElement.matches(WRAPPERS)) {
      anchor = anchor.parentElement;
    }
    var scroller = document.createElement("div");
    scroller.className = "mc-lb-scroll";
    var controls = makeControls(board);
    anchor.parentNode.insertBefore(controls, anchor);
    table.parentNode.insertBefore(scroller, table);
    scroller.appendChild(table);
    table.classList.add("mc-enhanced");
    board.controls = controls;
    updateCount(board, board.records.length);

    boards.push(board);
    if (!byId.has(board.id)) byId.set(board.id, board);
  }

  /* ---- state ---- */

  function keysOf(board, column) {
    if (column.keys) return column.keys;
    var parse = column.type === "num" ? parseNumber
      : column.type === "date" ? parseDate : parseText;
    var keys = new Array(board.records.length);
    for (var i = 0; i < board.records.length; i++) {
      var cell = board.records[i].tr.cells[column.index];
      keys[i] = !cell || cell.querySelector(".mc-missing") ? null : parse(cell.textContent);
    }
    column.keys = keys;
    return keys;
  }

  function setSort(board, column, dir) {
    var keys = keysOf(board, column);
    var sign = dir === "asc" ? 1 : -1;
    var text = column.type === "text";
    // Array.prototype.sort is stable, so ties keep the current order.
    board.order.sort(function (ra, rb) {
      var a = keys[ra.index];
      var b = keys[rb.index];
      if (a === null) return b === null ? 0 : 1;
      if (b === null) return -1;
      if (text) return sign * collator.compare(a, b);
      return a < b ? -sign : a > b ? sign : 0;
    });
    board.sort = { column: column, dir: dir };
  }

  function setQuery(board, query) {
    board.query = query;
    board.terms = fold(query).split(/\s+/).filter(Boolean);
  }

  function rowText(record) {
    if (record.text === null) {
      var parts = [];
      var cells = record.tr.cells;
      for (var i = 0; i < cells.length; i++) {
        if (!cells[i].querySelector(".mc-missing")) parts.push(cells[i].textContent);
      }
      record.text = fold(parts.join(" "));
    }
    return record.text;
  }

  function matches(board, record) {
    var terms = board.terms;
    if (!terms.length) return true;
    var text = rowText(record);
    for (var i = 0; i < terms.length; i++) {
      if (text.indexOf(terms[i]) < 0) return false;
    }
    return true;
  }

  function render(board) {
    var fragment = document.createDocumentFragment();
    var hidden = [];
    var shown = 0;
    for (var i = 0; i < board.order.length; i++) {
      var record = board.order[i];
      var tr = record.tr;
      var visible = matches(board, record);
      if (tr.hidden === visible) tr.hidden = !visible;
      if (visible) {
        // Keep docutils' parity classes true to what is on screen.
        var parity = shown % 2 ? "row-odd" : "row-even";
        if (!tr.classList.contains(parity)) {
          tr.classList.remove("row-odd", "row-even");
          tr.classList.add(parity);
        }
        fragment.appendChild(tr);
        shown++;
      } else {
        hidden.push(tr);
      }
    }
    for (var j = 0; j < hidden.length; j++) fragment.appendChild(hidden[j]);
    board.tbody.appendChild(fragment);
    for (var c = 0; c < board.columns.length; c++) {
      var column = board.columns[c];
      var sort = board.sort && board.sort.column === column
        ? (board.sort.dir === "asc" ? "ascending" : "descending") : "none";
      if (column.th.getAttribute("aria-sort") !== sort) column.th.setAttribute("aria-sort", sort);
    }
    updateCount(board, shown);
  }

  function updateCount(board, shown) {
    var total = board.records.length;
    var noun = total === 1 ? board.noun.replace(/s$/, "") : board.noun;
    var text = shown + " of " + total + " " + noun;
    if (board.count.textContent !== text) board.count.textContent = text;
  }

  /* ---- the URL fragment ---- */

  function decode(text) {
    try {
      return decodeURIComponent(text);
    } catch (e) {
      return text;
    }
  }

  // A Map of board -> {sort, dir, q}, or null when the fragment is not ours.
  function parseHash(hash) {
    var raw = hash.charAt(0) === "#" ? hash.slice(1) : hash;
    if (!raw) return null;
    var states = new Map();
    var parts = raw.split("&");
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      var colon = part.indexOf(":");
      if (colon < 1) return null;
      var board = byId.get(decode(part.slice(0, colon)));
      if (!board) return null;
      var state = { sort: null, dir: null, q: "" };
      var items = part.slice(colon + 1).split(";");
      for (var k = 0; k < items.length; k++) {
        var eq = items[k].indexOf("=");
        if (eq < 0) continue;
        var name = items[k].slice(0, eq);
        var value = decode(items[k].slice(eq + 1));
        if (name === "q") {
          state.q = value;
        } else if (name === "sort") {
          var at = value.lastIndexOf(":");
          var dir = at < 0 ? "" : value.slice(at + 1);
          if (dir === "asc" || dir === "desc") {
            state.sort = value.slice(0, at);
            state.dir = dir;
          } else {
            state.sort = value;
          }
        }
      }
      states.set(board, state);
    }
    return states;
  }

  function serialize(board) {
    var items = [];
    if (board.sort) items.push("sort=" + encodeURIComponent(board.sort.column.key) + ":" + board.sort.dir);
    if (board.query) items.push("q=" + encodeURIComponent(board.query));
    return items.length ? encodeURIComponent(board.id) + ":" + items.join(";") : "";
  }

  function writeHash() {
    var parts = [];
    var seen = new Set();
    for (var i = 0; i < boards.length; i++) {
      var board = boards[i];
      if (seen.has(board.id) || byId.get(board.id) !== board) continue;
      seen.add(board.id);
      var part = serialize(board);
      if (part) parts.push(part);
    }
    var hash = parts.length ? "#" + parts.join("&") : baseHash;
    if (hash === window.location.hash || (hash === "" && !window.location.hash)) return;
    var url = window.location.pathname + window.location.search + hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (e) {
      // Some embedded contexts forbid history changes; the view still works.
    }
  }

  function applyStates(states) {
    for (var i = 0; i < boards.length; i++) {
      var board = boards[i];
      var state = states.get(board) || { sort: null, dir: null, q: "" };
      var column = null;
      for (var c = 0; c < board.columns.length && state.sort !== null; c++) {
        if (board.columns[c].key === state.sort) column = board.columns[c];
      }
      if (column) {
        setSort(board, column, state.dir || firstDirection(column));
      } else if (board.sort) {
        board.order = board.records.slice();
        board.sort = null;
      }
      setQuery(board, state.q);
      if (board.input.value !== state.q) board.input.value = state.q;
      render(board);
    }
  }

  function init() {
    var tables = document.querySelectorAll("table.mc-leaderboard");
    for (var i = 0; i < tables.length; i++) enhance(tables[i]);
    if (!boards.length) return;
    var states = parseHash(window.location.hash);
    if (states) {
      applyStates(states);
      // The fragment names no element, so the browser did not scroll: show the table.
      var first = states.keys().next().value;
      if (first && window.scrollY === 0) first.controls.scrollIntoView();
    } else {
      baseHash = window.location.hash;
    }
    window.addEventListener("hashchange", function () {
      var next = parseHash(window.location.hash);
      if (next) {
        applyStates(next);
      } else {
        baseHash = window.location.hash;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
