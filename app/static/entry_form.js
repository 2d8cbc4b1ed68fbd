// The follow-up entry form (F1): choosing a Tipo de Follow Up fills the Data Retorno the type
// suggests, unless the user typed one. Loaded by followups/entry.html only, after retorno.js.
(function () {
  "use strict";

  function initTypeDefaults(form) {
    var type = form.querySelector("select#type_id");
    var returnDate = form.querySelector("input#return_date");
    var contactedAt = form.querySelector("input#contacted_at");
    if (!type || !returnDate) return;
    var lastFilled = null;
    function suggest() {
      if (returnDate.value && returnDate.value !== lastFilled) return;
      var url = form.dataset.returnDateUrl.replace("/0/", "/" + encodeURIComponent(type.value) + "/") +
        "?from=" + encodeURIComponent(contactedAt ? contactedAt.value : "");
      Retorno.fetchJSON(url)
        .then(function (data) {
          if (!data.return_date) return;
          if (returnDate.value && returnDate.value !== lastFilled) return;
          returnDate.value = data.return_date;
          lastFilled = data.return_date;
          returnDate.dispatchEvent(new Event("input", { bubbles: true }));
        })
        .catch(function () { /* no suggestion: the user types the date */ });
    }
    type.addEventListener("change", suggest);
    if (!returnDate.value && !form.querySelector(".has-error")) suggest();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("entry-form");
    if (form) initTypeDefaults(form);
  });
})();
