// The follow-up entry form: choosing a Tipo de Follow Up fills the Data Retorno the type suggests,
// unless the user typed one; the same for the next return of Baixar e agendar próximo (counted
// from today). Loaded by followups/entry.html only, after retorno.js.
(function () {
  "use strict";

  // prefilled: the page came with the type's suggestion in the date (not a date the user typed).
  function initTypeDefaults(form, type, returnDate, contactedAt, prefilled) {
    if (!type || !returnDate) return;
    var lastFilled = prefilled ? returnDate.value : null;
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
    if (!form) return;
    initTypeDefaults(form, form.querySelector("select#type_id"), form.querySelector("input#return_date"),
                     form.querySelector("input#contacted_at"));
    initTypeDefaults(form, form.querySelector("select#next-type_id"),
                     form.querySelector("input#next-return_date"), null, !form.querySelector(".has-error"));
  });
})();
