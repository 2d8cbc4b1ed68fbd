// Follow Up – Clientes e Fornecedores (F5): [Orçamento] [Ped. Venda] [Venda] beside the name as
// soon as the code shows an active customer; hidden for a supplier or an unknown code (the server
// refuses them anyway). Listens to retorno.js's "retorno:party" answer of the code lookup.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var group = document.querySelector("[data-f5-buttons]");
    if (!group) return;
    var form = group.closest("form");
    function customerChosen() {
      var kind = form.querySelector('input[name="kind"]:checked');
      return kind && kind.value === "customer";
    }
    form.addEventListener("retorno:party", function (ev) {
      group.hidden = !(ev.detail && ev.detail.found && customerChosen());
    });
    // Until the lookup answers, the buttons would name the previous code's customer.
    form.addEventListener("input", function (ev) {
      if (ev.target.name === "code") group.hidden = true;
    });
    form.addEventListener("change", function (ev) {
      if (ev.target.name === "kind" && !customerChosen()) group.hidden = true;
    });
  });
})();
