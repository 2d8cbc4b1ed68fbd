// Agenda: ← and → go to the previous and next week or month (not while typing in a field).
(function () {
  "use strict";
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    if (ev.target.closest && ev.target.closest("input, select, textarea, [contenteditable]")) return;
    var which = ev.key === "ArrowLeft" ? "prev" : ev.key === "ArrowRight" ? "next" : null;
    var link = which && document.querySelector('[data-agenda="' + which + '"]');
    if (link) { ev.preventDefault(); window.location.href = link.href; }
  });
})();
