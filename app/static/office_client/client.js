// The office client (retorno desktop --server): the pages reach the server through this PC's
// proxy. This script polls the proxy's own status: while the server is away a banner says so,
// and a form sent then is held (what was typed stays in the form; nothing is sent half-way).
(function () {
  "use strict";
  // The banner speaks the page's language (the server's pages set <html lang>).
  var STATUS_URL = "/__retorno/client/server?lang=" +
    encodeURIComponent(document.documentElement.lang || "");
  var POLL_MS = 3000;
  var banner = null;
  var state = {hold: false, message: "", held: ""};

  var ownPage = document.body && document.body.hasAttribute("data-client-page");

  function showBanner(text) {
    if (ownPage) return; // the client's own pages say it in their text already
    if (!banner) {
      banner = document.createElement("p");
      banner.className = "server-banner";
      banner.setAttribute("role", "alert");
      banner.id = "server-banner";
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.textContent = text;
    banner.hidden = !text;
  }

  function poll() {
    fetch(STATUS_URL, {headers: {"Accept": "application/json"}, cache: "no-store"})
      .then(function (answer) {
        if (answer.status === 404) return null; // the first-start page: no server yet
        return answer.json().then(function (status) {
          state = status;
          showBanner(status.message);
          return true;
        });
      })
      .catch(function () { return true; }) // the proxy is part of this app: ask again
      .then(function (again) { if (again) window.setTimeout(poll, POLL_MS); });
  }

  // Capture, on window: before the page's own submit handlers (unsaved.js keeps the draft).
  window.addEventListener("submit", function (ev) {
    if (!state.hold || ownPage) return; // the client's own forms (forget, compare) always go
    ev.preventDefault();
    ev.stopImmediatePropagation();
    showBanner(state.held || state.message);
  }, true);

  document.addEventListener("click", function (ev) {
    var back = ev.target.closest ? ev.target.closest("[data-go-back]") : null;
    if (back) { ev.preventDefault(); window.history.back(); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", poll);
  } else {
    poll();
  }
})();
