// Retorno's page behaviour: keyboard shortcuts, grid navigation, tabs, and Retorno.fetchJSON
// for the pages' own scripts (alerts.js, entry_form.js, lookup.js, sales.js).
// No inline scripts anywhere (the Content-Security-Policy forbids them); everything is wired here.
(function () {
  "use strict";

  // Ask the app for JSON: a GET, or options.method (POST) with the page's options.csrf token.
  // Resolves with the answer, also a refusal the page shows (404 {found: false}, 409 {ok: false});
  // rejects when the answer is not JSON (a signed-out redirect) or the app's error {error: "…"}.
  function fetchJSON(url, options) {
    options = options || {};
    var headers = { "Accept": "application/json" };
    if (options.csrf) headers["X-CSRFToken"] = options.csrf;
    return fetch(url, { method: options.method || "GET", credentials: "same-origin", headers: headers })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data && data.error) throw new Error(data.error);
        return data;
      });
  }
  window.Retorno = { fetchJSON: fetchJSON };

  function clickKey(name) {
    var el = document.querySelector('[data-key="' + name + '"]');
    if (el) { el.click(); return true; }
    return false;
  }

  // Insert = Incluir, F2 = Salvar, Esc = Cancelar (the ERP's keys).
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Insert" && clickKey("insert")) { ev.preventDefault(); }
    else if (ev.key === "F2") {
      var save = document.querySelector('[data-key="save"]');
      if (save) { ev.preventDefault(); save.form ? save.form.requestSubmit(save) : save.click(); }
    } else if (ev.key === "Escape" && !document.querySelector("details.menu[open]") && clickKey("cancel")) { ev.preventDefault(); }
  });

  // Grids: arrows move between rows, Enter or a double-click opens the row (not from a control
  // inside it, such as a row's Adiar). data-grid-focus: the first row has focus on arrival.
  function initGrid(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
    rows.forEach(function (row, index) {
      row.addEventListener("dblclick", function (ev) {
        if (!ev.target.closest("details, form, a, button, input, select")) window.location.href = row.dataset.href;
      });
      row.addEventListener("keydown", function (ev) {
        if (ev.target !== row) return;
        if (ev.key === "Enter") { ev.preventDefault(); window.location.href = row.dataset.href; }
        else if (ev.key === "ArrowDown" && rows[index + 1]) { ev.preventDefault(); rows[index + 1].focus(); }
        else if (ev.key === "ArrowUp" && rows[index - 1]) { ev.preventDefault(); rows[index - 1].focus(); }
      });
    });
    var active = document.activeElement;
    if (table.hasAttribute("data-grid-focus") && rows.length && (!active || active === document.body)) {
      rows[0].focus({ preventScroll: true });
    }
  }

  // Tabs: without JavaScript all three text areas show one under the other.
  function initTabs(box) {
    box.classList.add("js-tabs");
    var tabs = box.querySelectorAll('[role="tab"]');
    function select(tab) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
    }
    tabs.forEach(function (tab) { tab.addEventListener("click", function () { select(tab); }); });
    // Open the first tab holding an error, else the first.
    var errorPanel = box.querySelector('[role="tabpanel"] .has-error');
    var first = tabs[0];
    if (errorPanel) {
      var panel = errorPanel.closest('[role="tabpanel"]');
      first = box.querySelector('[aria-controls="' + panel.id + '"]');
    }
    select(first);
  }

  // Drop-down menus: one open at a time; a click elsewhere or Esc closes them.
  function initMenus() {
    var menus = document.querySelectorAll("details.menu");
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (menu.open) menus.forEach(function (other) { if (other !== menu) other.open = false; });
      });
    });
    document.addEventListener("click", function (ev) {
      menus.forEach(function (menu) { if (!menu.contains(ev.target)) menu.open = false; });
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") menus.forEach(function (menu) { menu.open = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initMenus();
    document.querySelectorAll("[data-grid]").forEach(initGrid);
    document.querySelectorAll("[data-tabs]").forEach(initTabs);
    document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (ev) { if (!window.confirm(f.dataset.confirm)) ev.preventDefault(); });
    });
  });
})();
