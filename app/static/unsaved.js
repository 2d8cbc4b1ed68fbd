// Nothing typed is lost (#12.5). A changed form asks before the page is left: Esc and Cancelar,
// a menu link, another form's button, a reload or closing the window. A form with data-draft is
// also kept in this browser (localStorage, per user and form) while it is typed, so a reload or a
// crash of the window brings it back ("Rascunho recuperado"), until it is saved (the next page
// says so: _partials/flashes.html, data-draft-saved) or discarded.
// Forms opt in with the attributes of _macros/forms.html unsaved_attrs. No inline script: CSP.
(function () {
  "use strict";

  var PREFIX = "retorno.draft.";
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000; // a draft nobody came back to in a month is dropped
  var guarded = [];
  var leaving = false; // saving, or the user chose to leave: no more questions
  var dialog = null;

  function storage() {
    try { return window.localStorage; } catch (e) { return null; } // storage off: asking still works
  }

  function checkable(el) { return el.type === "radio" || el.type === "checkbox"; }

  // What the user types: text, dates, choices (not the CSRF token, the version or other hidden fields).
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrf_token") return false;
      if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
      return el.tagName === "INPUT" && ["hidden", "submit", "button", "reset", "file", "password"].indexOf(el.type) < 0;
    });
  }

  function keyOf(el) { return checkable(el) ? el.name + "=" + el.value : el.name; }

  function values(form) {
    var out = {};
    fields(form).forEach(function (el) { out[keyOf(el)] = checkable(el) ? el.checked : el.value; });
    return out;
  }

  function apply(form, saved) {
    fields(form).forEach(function (el) {
      var key = keyOf(el);
      if (!Object.prototype.hasOwnProperty.call(saved, key)) return;
      if (checkable(el)) el.checked = !!saved[key]; else el.value = saved[key];
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function versionField(form) { return form.querySelector('input[name="version"]'); }

  function isDirty(g) {
    return g.forced || g.restored || (g.touched && !same(values(g.form), g.baseline));
  }

  function firstDirty() {
    for (var i = 0; i < guarded.length; i++) if (isDirty(guarded[i])) return guarded[i];
    return null;
  }

  // The desktop window asks before closing when the page says it holds unsaved changes.
  function report() {
    var g = leaving ? null : firstDirty();
    var message = g ? g.form.dataset.unsaved : "";
    var root = document.documentElement;
    if ((root.dataset.unsaved || "") === message) return;
    root.dataset.unsaved = message;
    document.dispatchEvent(new CustomEvent("retorno:unsaved", { detail: { message: message } }));
  }

  // Drafts ------------------------------------------------------------------------------------

  function saveDraft(g) {
    var store = storage();
    if (!store || !g.key || leaving) return; // a late keystroke timer must not bring a discarded draft back
    try {
      if (!isDirty(g)) { store.removeItem(g.key); return; }
      var version = versionField(g.form);
      store.setItem(g.key, JSON.stringify({ at: Date.now(), values: values(g.form),
                                            version: version ? version.value : null }));
    } catch (e) { /* storage full: the question before leaving still protects the text */ }
  }

  function removeDraft(g) {
    var store = storage();
    if (store && g.key) store.removeItem(g.key);
  }

  // Drop the drafts the server says were saved, and the ones left for a month.
  function forgetOldDrafts() {
    var store = storage();
    if (!store) return;
    var saved = Array.prototype.map.call(document.querySelectorAll("[data-draft-saved]"),
                                         function (marker) { return marker.dataset.draftSaved; });
    var doomed = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) continue;
      var formKey = key.slice(key.indexOf(":") + 1);
      var draft = null;
      try { draft = JSON.parse(store.getItem(key)); } catch (e) { /* unreadable: dropped */ }
      if (saved.indexOf(formKey) >= 0 || !draft || Date.now() - draft.at > MAX_AGE_MS) doomed.push(key);
    }
    doomed.forEach(function (key) { store.removeItem(key); });
  }

  function showRestoredNotice(g) {
    var box = document.createElement("div");
    box.className = "flash flash-warning draft-notice";
    box.setAttribute("role", "status");
    box.appendChild(document.createTextNode(g.form.dataset.draftRestored + " "));
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "small";
    discard.textContent = g.form.dataset.draftDiscard;
    discard.addEventListener("click", function () {
      apply(g.form, g.baseline);
      var version = versionField(g.form);
      if (version) version.value = g.version;
      g.restored = false;
      g.touched = false;
      removeDraft(g);
      box.remove();
      report();
    });
    box.appendChild(discard);
    g.form.insertBefore(box, g.form.firstChild);
  }

  function restoreDraft(g) {
    var store = storage();
    if (!store || !g.key || g.forced) return; // a refused save already shows what was typed
    var draft = null;
    try { draft = JSON.parse(store.getItem(g.key) || "null"); } catch (e) { draft = null; }
    if (!draft || !draft.values || same(draft.values, g.baseline)) return;
    apply(g.form, draft.values);
    // Typed against an older version: saving it then says someone changed the entry meanwhile,
    // instead of silently writing over their change.
    var version = versionField(g.form);
    if (version && draft.version) version.value = draft.version;
    g.restored = true;
    showRestoredNotice(g);
  }

  // Asking -------------------------------------------------------------------------------------

  function button(text, className, onClick) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = className;
    el.textContent = text;
    el.addEventListener("click", onClick);
    return el;
  }

  function ask(g, proceed) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "unsaved-dialog";
      dialog.setAttribute("aria-labelledby", "unsaved-question");
      var question = document.createElement("p");
      question.id = "unsaved-question";
      var actions = document.createElement("div");
      actions.className = "actions";
      dialog.stay = button("", "primary", function () { dialog.close(); });
      dialog.leave = button("", "danger", function () {
        var go = dialog.proceed;
        dialog.close();
        if (go) go();
      });
      actions.appendChild(dialog.stay);
      actions.appendChild(dialog.leave);
      dialog.appendChild(question);
      dialog.appendChild(actions);
      dialog.question = question;
      // Esc closes the question (keep editing); it must not reach the page's Esc = Cancelar.
      dialog.addEventListener("keydown", function (ev) { if (ev.key === "Escape") ev.stopPropagation(); });
      document.body.appendChild(dialog);
    }
    dialog.question.textContent = g.form.dataset.unsaved;
    dialog.stay.textContent = g.form.dataset.unsavedStay;
    dialog.leave.textContent = g.form.dataset.unsavedLeave;
    dialog.proceed = function () {
      leaving = true;
      guarded.forEach(removeDraft); // leaving without saving discards what was typed
      report();
      proceed();
    };
    dialog.showModal();
    dialog.stay.focus();
  }

  function guardOf(form) {
    for (var i = 0; i < guarded.length; i++) if (guarded[i].form === form) return guarded[i];
    return null;
  }

  // A link that leaves the page: Cancelar (also through Esc), the menu, the brand…
  document.addEventListener("click", function (ev) {
    if (leaving || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    var link = ev.target.closest ? ev.target.closest("a[href]") : null;
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin) return; // tel:, mailto:, WhatsApp: the page stays
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
    var g = firstDirty();
    if (!g) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    ask(g, function () { window.location.href = link.href; });
  }, true);

  // Another form sent while this one holds changes (Adiar, Excluir, Sair…).
  document.addEventListener("submit", function (ev) {
    if (leaving || guardOf(ev.target)) return;
    var g = firstDirty();
    if (!g) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    var form = ev.target;
    var submitter = ev.submitter;
    ask(g, function () {
      if (submitter && submitter.form === form) form.requestSubmit(submitter); else form.requestSubmit();
    });
  }, true);

  // Saving the form itself (after the page's own checks let it go): no question on the way out.
  window.addEventListener("submit", function (ev) {
    var g = guardOf(ev.target);
    if (!g || ev.defaultPrevented) return;
    saveDraft(g); // up to the last key: kept until the next page says it was saved
    leaving = true;
    report();
  });

  // A reload, or closing the browser tab: the browser's own question; the draft is kept.
  window.addEventListener("beforeunload", function (ev) {
    if (leaving || !firstDirty()) return;
    guarded.forEach(saveDraft);
    ev.preventDefault();
    ev.returnValue = "";
  });
  window.addEventListener("pagehide", function () { if (!leaving) guarded.forEach(saveDraft); });

  function guard(form) {
    var version = versionField(form);
    var g = { form: form, touched: false, restored: false, forced: form.hasAttribute("data-unsaved-dirty"),
              key: form.dataset.draft && form.dataset.draftUser
                ? PREFIX + form.dataset.draftUser + ":" + form.dataset.draft : null,
              baseline: values(form), version: version ? version.value : null };
    guarded.push(g);
    restoreDraft(g);
    var timer = null;
    function changed(ev) {
      // A value the page fills in by itself (the type's suggested return date) is no change of
      // the user's; it joins the draft once the user has changed something.
      if (ev.isTrusted) g.touched = true;
      if (!g.touched && !g.restored) return;
      clearTimeout(timer);
      timer = setTimeout(function () { saveDraft(g); }, 300);
      report();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
  }

  document.addEventListener("DOMContentLoaded", function () {
    forgetOldDrafts();
    document.querySelectorAll("form[data-unsaved]").forEach(guard);
    report();
  });
})();
