// Cadastros → Importar: the progress bar follows the import running on the server, and the
// page shows the report once it has finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-percent]");
  function poll() {
    Retorno.fetchJSON(box.getAttribute("data-import-progress")).then(function (state) {
      bar.value = state.percent;
      text.textContent = state.percent + "%";
      if (state.finished) { window.location.reload(); return; }
      window.setTimeout(poll, 400);
    }).catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
