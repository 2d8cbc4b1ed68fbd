// Consulta wherever a code is typed: suggestions while typing (↑/↓, Enter picks, Esc closes),
// F9 or the lupa opens the search grid, and a party's code shows that party at once.
// Wired by data attributes on the input (templates/_macros/lookup.html):
//   data-lookup="matches URL"            the Consulta's JSON (required)
//   data-lookup-kind="customer" | data-lookup-kind-from="field name"   limit to one kind
//   data-lookup-code="code URL" data-lookup-preview="element id"      show the typed code's party
//   data-lookup-fill="label" data-lookup-id="hidden input id"         keep the pick's id aside
//   data-lookup-title="…"                the grid's title
// Without JavaScript the lupa is a link to the same Consulta as a page.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var GRID_ROWS = 15;
  var ready = new WeakSet();
  var counter = 0;
  var dialog = null;

  function withParams(url, params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      if (params[key] !== "" && params[key] != null) {
        parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(params[key]));
      }
    });
    return url + (url.indexOf("?") < 0 ? "?" : "&") + parts.join("&");
  }

  function texts() {
    var template = document.getElementById("lookup-dialog-template");
    return template ? template.dataset : {};
  }

  function kindOf(input) {
    if (input.dataset.lookupKind) return input.dataset.lookupKind;
    var name = input.dataset.lookupKindFrom;
    if (!name || !input.form) return "";
    var field = input.form.querySelector('input[name="' + name + '"]:checked') ||
      input.form.querySelector('select[name="' + name + '"]');
    return field ? field.value : "";
  }

  // The party's name, phones, e-mail and contacts, or why the code finds nobody.
  function renderPreview(preview, data) {
    preview.textContent = "";
    // Tell the page's own scripts what the code shows now (follow_up_start.js: the F5 buttons).
    preview.dispatchEvent(new CustomEvent("retorno:party", { bubbles: true, detail: data || { found: false } }));
    if (!data) return;
    if (!data.found) {
      var p = document.createElement("p");
      p.className = "not-found";
      p.textContent = data.message;
      preview.appendChild(p);
      return;
    }
    var name = document.createElement("strong");
    name.textContent = data.name;
    preview.appendChild(name);
    var details = [].concat(data.phones || []);
    if (data.email) details.push(data.email);
    (data.contacts || []).forEach(function (c) {
      details.push(c.name + (c.role ? " (" + c.role + ")" : "") + (c.phone ? " " + c.phone : ""));
    });
    if (details.length) {
      var span = document.createElement("span");
      span.className = "muted";
      span.textContent = " — " + details.join(" · ");
      preview.appendChild(span);
    }
  }

  function inactiveTag() {
    var tag = document.createElement("span");
    tag.className = "status";
    tag.textContent = texts().inactive || "";
    return tag;
  }

  function Lookup(input) {
    this.input = input;
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.asked = 0;
    var box = input.closest(".lookup-box") || input.parentNode;
    // A row copied by "More lines" brings the original's list along: start afresh.
    box.querySelectorAll(".lookup-list").forEach(function (old) { old.remove(); });
    box.querySelectorAll("[data-lookup-open][hidden]").forEach(function (button) { button.hidden = false; });
    counter += 1;
    this.list = document.createElement("ul");
    this.list.className = "lookup-list";
    this.list.id = "lookup-list-" + counter;
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    box.appendChild(this.list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.removeAttribute("aria-activedescendant");
    this.preview = input.dataset.lookupPreview ? document.getElementById(input.dataset.lookupPreview) : null;
    this.idField = input.dataset.lookupId ? document.getElementById(input.dataset.lookupId) : null;
    this.bind();
  }

  Lookup.prototype.bind = function () {
    var self = this;
    var input = this.input;
    input.addEventListener("input", function () {
      if (self.idField) self.idField.value = "";
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.update(); }, DELAY_MS);
    });
    input.addEventListener("keydown", function (ev) { self.onKey(ev); });
    input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 0); });
    // Keep the focus in the field when an option is clicked.
    this.list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    var kindName = input.dataset.lookupKindFrom;
    if (kindName && input.form) {
      input.form.querySelectorAll('[name="' + kindName + '"]').forEach(function (field) {
        field.addEventListener("change", function () { if (self.input.value.trim()) self.update(); });
      });
    }
    if (this.preview && input.value.trim() && !this.preview.textContent.trim()) this.showCode(input.value.trim(), kindOf(input));
  };

  Lookup.prototype.onKey = function (ev) {
    var open = !this.list.hidden;
    if (ev.key === "F9") {
      ev.preventDefault();
      ev.stopPropagation();
      this.close();
      openDialog(this);
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!open) { if (this.input.value.trim()) this.update(); return; }
      ev.preventDefault();
      this.move(ev.key === "ArrowDown" ? 1 : -1);
    } else if (ev.key === "Enter" && open && this.active >= 0) {
      ev.preventDefault();
      ev.stopPropagation();
      this.pick(this.items[this.active]);
    } else if (ev.key === "Escape" && open) {
      ev.preventDefault();
      ev.stopPropagation();  // Esc closes the list; only a second Esc cancels the form
      this.close();
    } else if (ev.key === "Tab") {
      this.close();
    }
  };

  // What was typed: a party's code shows the party; anything else lists the matches.
  Lookup.prototype.update = function () {
    var self = this;
    var text = this.input.value.trim();
    var kind = kindOf(this.input);
    var asked = ++this.asked;
    if (!text) { this.close(); if (this.preview) renderPreview(this.preview, null); return; }
    if (this.input.dataset.lookupCode && kind && /^\d{1,9}$/.test(text)) {
      Retorno.fetchJSON(withParams(this.input.dataset.lookupCode, { kind: kind, code: text }))
        .then(function (data) {
          if (asked !== self.asked) return;
          if (data.found) { self.close(); renderPreview(self.preview, data); }
          else self.suggest(text, kind, asked, data);
        })
        .catch(function () { self.close(); });
    } else {
      this.suggest(text, kind, asked, null);
    }
  };

  Lookup.prototype.suggest = function (text, kind, asked, notFound) {
    var self = this;
    Retorno.fetchJSON(withParams(this.input.dataset.lookup, { q: text, kind: kind }))
      .then(function (data) {
        if (asked !== self.asked) return;
        if (self.preview) renderPreview(self.preview, data.items.length ? null : notFound);
        self.show(data.items);
      })
      .catch(function () { self.close(); });
  };

  Lookup.prototype.show = function (items) {
    var self = this;
    this.items = items;
    this.active = -1;
    this.list.textContent = "";
    this.input.removeAttribute("aria-activedescendant");
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = self.list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      if (!item.active) option.setAttribute("aria-disabled", "true");
      var label = document.createElement("span");
      label.className = "lookup-label";
      label.textContent = item.label;
      option.appendChild(label);
      if (item.detail) {
        var detail = document.createElement("span");
        detail.className = "lookup-detail muted";
        detail.textContent = item.detail;
        option.appendChild(detail);
      }
      if (!item.active) option.appendChild(inactiveTag());
      option.addEventListener("click", function () { self.pick(item); });
      self.list.appendChild(option);
    });
    this.list.hidden = items.length === 0;
    this.input.setAttribute("aria-expanded", items.length ? "true" : "false");
  };

  Lookup.prototype.move = function (step) {
    if (!this.items.length) return;
    this.active = (this.active + step + this.items.length) % this.items.length;
    var self = this;
    this.list.querySelectorAll('[role="option"]').forEach(function (option, index) {
      option.setAttribute("aria-selected", index === self.active ? "true" : "false");
    });
    var current = this.list.children[this.active];
    this.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  };

  Lookup.prototype.close = function () {
    clearTimeout(this.timer);
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  // An inactive record is shown as such and cannot be picked.
  Lookup.prototype.pick = function (item) {
    if (!item || !item.active) return;
    this.asked += 1;  // an answer still on its way must not reopen the list
    this.input.value = this.input.dataset.lookupFill === "label" ? item.label : item.value;
    if (this.idField) this.idField.value = item.id;
    this.close();
    if (this.preview) this.showCode(item.value, item.kind || kindOf(this.input));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Lookup.prototype.showCode = function (code, kind) {
    var self = this;
    if (!this.input.dataset.lookupCode || !kind || !/^\d{1,9}$/.test(code)) return;
    Retorno.fetchJSON(withParams(this.input.dataset.lookupCode, { kind: kind, code: code }))
      .then(function (data) { renderPreview(self.preview, data); })
      .catch(function () { renderPreview(self.preview, null); });
  };

  // The F9 grid: one dialog per page, filled from the same JSON, a page at a time.
  function Dialog(template) {
    var self = this;
    this.element = template.content.firstElementChild.cloneNode(true);
    document.body.appendChild(this.element);
    this.title = this.element.querySelector("[data-lookup-title]");
    this.search = this.element.querySelector("input");
    this.head = this.element.querySelector("thead tr");
    this.body = this.element.querySelector("tbody");
    this.status = this.element.querySelector("[data-lookup-status]");
    this.pageLabel = this.element.querySelector("[data-lookup-page-label]");
    this.prev = this.element.querySelector('[data-lookup-page="-1"]');
    this.next = this.element.querySelector('[data-lookup-page="1"]');
    this.timer = null;
    this.asked = 0;
    this.search.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.load(1); }, DELAY_MS);
    });
    this.search.addEventListener("keydown", function (ev) { self.onKey(ev); });
    this.prev.addEventListener("click", function () { self.load(self.page - 1); });
    this.next.addEventListener("click", function () { self.load(self.page + 1); });
    this.element.querySelector("[data-lookup-close]").addEventListener("click", function () { self.close(); });
    // Keys typed in the grid are its own: Esc must not also cancel the form behind it.
    this.element.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); self.close(); }
      ev.stopPropagation();
    });
    this.element.addEventListener("cancel", function (ev) { ev.preventDefault(); self.close(); });
  }

  Dialog.prototype.open = function (lookup) {
    this.lookup = lookup;
    this.title.textContent = lookup.input.dataset.lookupTitle || this.title.dataset.lookupTitle;
    this.search.value = /^\d{1,9}$/.test(lookup.input.value.trim()) ? "" : lookup.input.value.trim();
    this.items = [];
    this.body.textContent = "";
    this.element.showModal();
    this.search.focus();
    this.load(1);
  };

  Dialog.prototype.close = function () {
    clearTimeout(this.timer);
    if (this.element.open) this.element.close();
    if (this.lookup) this.lookup.input.focus();
  };

  Dialog.prototype.load = function (page) {
    var self = this;
    var text = this.search.value.trim();
    var asked = ++this.asked;
    this.page = Math.max(page, 1);
    if (!text) { this.render({ items: [], headers: [], has_next: false }, texts().prompt); return; }
    var url = withParams(this.lookup.input.dataset.lookup, {
      q: text, kind: kindOf(this.lookup.input), page: this.page, size: GRID_ROWS });
    Retorno.fetchJSON(url).then(function (data) {
      if (asked === self.asked) self.render(data, data.items.length ? "" : texts().empty);
    }).catch(function () {});
  };

  Dialog.prototype.render = function (data, message) {
    var self = this;
    this.items = data.items;
    this.active = -1;
    this.head.textContent = "";
    this.body.textContent = "";
    if (data.items.length) {
      data.headers.concat([texts().situation || ""]).forEach(function (header) {
        var th = document.createElement("th");
        th.textContent = header;
        self.head.appendChild(th);
      });
    }
    data.items.forEach(function (item, index) {
      var row = document.createElement("tr");
      row.id = "lookup-grid-row-" + index;
      row.setAttribute("aria-selected", "false");
      if (!item.active) { row.setAttribute("aria-disabled", "true"); row.className = "lookup-unavailable"; }
      item.cells.forEach(function (cell) {
        var td = document.createElement("td");
        td.setAttribute("role", "gridcell");
        td.textContent = cell;
        row.appendChild(td);
      });
      var state = document.createElement("td");
      state.setAttribute("role", "gridcell");
      if (!item.active) state.appendChild(inactiveTag());
      row.appendChild(state);
      row.addEventListener("click", function () { self.select(index); self.pick(); });
      self.body.appendChild(row);
    });
    this.status.textContent = message || "";
    this.pageLabel.textContent = (data.items.length || this.page > 1) ?
      (texts().page || "{n}").replace("{n}", String(this.page)) : "";
    this.prev.disabled = this.page <= 1;
    this.next.disabled = !data.has_next;
    if (data.items.length) {
      var firstActive = data.items.findIndex(function (item) { return item.active; });
      this.select(Math.max(firstActive, 0));
    }
  };

  Dialog.prototype.select = function (index) {
    var rows = this.body.children;
    if (!rows.length) return;
    this.active = Math.min(Math.max(index, 0), rows.length - 1);
    for (var i = 0; i < rows.length; i++) rows[i].setAttribute("aria-selected", i === this.active ? "true" : "false");
    this.search.setAttribute("aria-activedescendant", rows[this.active].id);
    rows[this.active].scrollIntoView({ block: "nearest" });
  };

  Dialog.prototype.pick = function () {
    var item = this.items[this.active];
    if (!item || !item.active) return;
    var lookup = this.lookup;
    this.close();
    lookup.pick(item);
  };

  Dialog.prototype.onKey = function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      this.select(this.active + (ev.key === "ArrowDown" ? 1 : -1));
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      this.pick();
    } else if (ev.key === "PageDown" && !this.next.disabled) {
      ev.preventDefault();
      this.load(this.page + 1);
    } else if (ev.key === "PageUp" && !this.prev.disabled) {
      ev.preventDefault();
      this.load(this.page - 1);
    }
  };

  function openDialog(lookup) {
    var template = document.getElementById("lookup-dialog-template");
    if (!template) return;
    dialog = dialog || new Dialog(template);
    dialog.open(lookup);
  }

  var lookups = new WeakMap();

  function init(input) {
    if (!input || ready.has(input)) return;
    ready.add(input);
    lookups.set(input, new Lookup(input));
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-lookup-open]");
    if (!button) return;
    var box = button.closest(".lookup-box");
    var input = box && box.querySelector("input[data-lookup]");
    if (!input || !lookups.has(input)) return;
    ev.preventDefault();
    openDialog(lookups.get(input));
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-lookup]").forEach(init);
  });

  window.Retorno = window.Retorno || {};
  window.Retorno.lookup = { init: init };
})();
