// Sales document screens: add line rows without a round trip, fill a line from its product
// code (lookup.js offers the codes and shows the customer). Without JavaScript the page works:
// "More lines" asks the server for blank rows and the server fills and checks everything.
(function () {
  "use strict";

  // A copy of the last row, renumbered (lines-N-field) and emptied.
  function addRow(tbody) {
    var rows = tbody.querySelectorAll("tr[data-line]");
    var last = rows[rows.length - 1];
    var index = rows.length;
    var row = last.cloneNode(true);
    row.querySelectorAll("[id], [for], [name], [aria-describedby]").forEach(function (el) {
      ["id", "for", "name", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/lines-\d+-/, "lines-" + index + "-"));
      });
    });
    row.querySelectorAll("input").forEach(function (input) { input.value = ""; input.setAttribute("aria-invalid", "false"); });
    row.querySelectorAll(".field-error, .product-hint").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    row.querySelectorAll("label.sr-only").forEach(function (label) {
      label.textContent = label.textContent.replace(/\d+\s*$/, String(index + 1));
    });
    row.querySelector(".row-number").textContent = String(index + 1);
    row.querySelector(".row-total").textContent = "";
    tbody.appendChild(row);
    initProductLookup(row.querySelector("input[data-product-lookup]"));
    Retorno.lookup.init(row.querySelector("input[data-lookup]"));
    return row;
  }

  function fieldOf(input, name) {
    return input.closest("tr").querySelector('[name$="-' + name + '"]');
  }

  function initProductLookup(input) {
    if (!input) return;
    input.addEventListener("change", function () {
      var cell = input.closest("td");
      var hint = cell.querySelector(".product-hint");
      if (hint) hint.remove();
      var code = input.value.trim();
      if (!code) return;
      Retorno.fetchJSON(input.dataset.productLookup + "?code=" + encodeURIComponent(code)).then(function (data) {
        if (!data.found) {
          var p = document.createElement("p");
          p.className = "field-error product-hint";
          p.textContent = data.message;
          cell.appendChild(p);
          return;
        }
        var description = fieldOf(input, "description");
        var price = fieldOf(input, "unit_price");
        var quantity = fieldOf(input, "quantity");
        if (description && !description.value) description.value = data.description;
        if (price && !price.value) price.value = data.price;
        if (quantity && !quantity.value) quantity.value = "1";
      }).catch(function () {});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("doc-lines");
    if (table) {
      var tbody = table.querySelector("tbody");
      var more = document.querySelector('#document-form [name="more_lines"]');
      if (more) {
        more.addEventListener("click", function (ev) {
          ev.preventDefault();
          var first = null;
          for (var i = 0; i < 3; i++) { var row = addRow(tbody); first = first || row; }
          first.querySelector("input").focus();
        });
      }
      table.querySelectorAll("input[data-product-lookup]").forEach(initProductLookup);
    }
  });
})();
