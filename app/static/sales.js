// Sales document screens: add line rows without a round trip, fill a line from its product
// code (lookup.js offers the codes and shows the customer), keep the totals up to date as lines
// are typed, print. Without JavaScript the page works: "More lines" asks the server for blank
// rows and the server fills and checks everything. The server's totals are the ones saved.
(function () {
  "use strict";

  // Money in exact integers, the rule of app/sales/totals.py: each line's quantity × price is
  // rounded half-up to the cent, its discount too; the document sums the rounded lines.
  var THOUSANDS = /^\d{1,3}([.,]\d{3})+$/;

  // A typed amount as {units: BigInt, scale: n} (value = units / 10^scale), or null; the same
  // reading as app/fields.py parse_amount: the user's decimal mark wins, the other one only
  // groups thousands.
  function parseAmount(text, mark) {
    text = (text || "").replace("R$", "").replace(/[\u00a0 ]/g, "").trim();
    if (!text || !/^-?[\d.,]+$/.test(text)) return null;
    var other = mark === "," ? "." : ",";
    var sign = text.charAt(0) === "-" ? -1n : 1n;
    var digits = sign < 0n ? text.slice(1) : text;
    if (digits.indexOf(mark) >= 0) {
      var at = digits.lastIndexOf(mark);
      var whole = digits.slice(0, at), fraction = digits.slice(at + 1);
      if (whole.indexOf(mark) >= 0 || (whole.indexOf(other) >= 0 && !THOUSANDS.test(whole)) ||
          fraction.indexOf(other) >= 0) return null;
      digits = whole.split(other).join("") + "." + fraction;
    } else if (digits.indexOf(other) >= 0) {
      if (THOUSANDS.test(digits)) digits = digits.split(other).join("");
      else if (digits.split(other).length === 2) digits = digits.replace(other, ".");
      else return null;
    }
    var parts = digits.split(".");
    if (parts.length > 2 || (!parts[0] && !parts[1])) return null;
    var scale = parts.length === 2 ? parts[1].length : 0;
    return { units: sign * BigInt((parts[0] || "0") + (parts[1] || "")), scale: scale };
  }

  function pow10(n) { return 10n ** BigInt(n); }

  // units / 10^scale in cents, halves away from zero (ROUND_HALF_UP).
  function roundCents(units, scale) {
    if (scale <= 2) return units * pow10(2 - scale);
    var divisor = pow10(scale - 2);
    var magnitude = units < 0n ? -units : units;
    var cents = (magnitude * 2n + divisor) / (divisor * 2n);
    return units < 0n ? -cents : cents;
  }

  // A row's {gross, discount} in cents, or null while its numbers are incomplete or wrong
  // (the server's preview_totals leaves such rows out too).
  function lineCents(row, mark) {
    var q = parseAmount(fieldValue(row, "quantity"), mark);
    var p = parseAmount(fieldValue(row, "unit_price"), mark);
    var discountText = fieldValue(row, "discount").trim();
    var d = discountText ? parseAmount(discountText, mark) : { units: 0n, scale: 0 };
    if (!q || !p || !d || q.units <= 0n || p.units < 0n || d.units < 0n) return null;
    return { gross: roundCents(q.units * p.units, q.scale + p.scale),
             discount: roundCents(d.units, d.scale) };
  }

  function fieldValue(row, name) {
    var input = row.querySelector('[name$="-' + name + '"]');
    return input ? input.value : "";
  }

  // Cents as the server's money filter shows them: the page's own sample (R$ 1.234,56) gives
  // the symbol, the separators and their places.
  function moneyFormatter(sample) {
    var parts = /^(.*?)1(\D?)234(\D)56(.*)$/.exec(sample || "");
    if (!parts) return function (cents) { return (Number(cents) / 100).toFixed(2); };
    return function (cents) {
      var negative = cents < 0n;
      var text = (negative ? -cents : cents).toString().padStart(3, "0");
      var whole = text.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, parts[2]);
      return (negative ? "-" : "") + parts[1] + whole + parts[3] + text.slice(-2) + parts[4];
    };
  }

  function initLiveTotals(table) {
    var mark = table.dataset.decimalMark || ",";
    var money = moneyFormatter(table.dataset.moneySample);
    function update() {
      var gross = 0n, discount = 0n;
      table.querySelectorAll("tbody tr[data-line]").forEach(function (row) {
        var cents = lineCents(row, mark);
        row.querySelector(".row-total").textContent = cents ? money(cents.gross - cents.discount) : "";
        if (cents) { gross += cents.gross; discount += cents.discount; }
      });
      document.getElementById("total-gross").textContent = money(gross);
      document.getElementById("total-discount").textContent = money(discount);
      document.getElementById("total").textContent = money(gross - discount);
    }
    table.addEventListener("input", update);
    table.addEventListener("change", update);
    return update;
  }

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
        // The totals hear the filled price (not the code field: that would reopen its Consulta).
        (price || input).dispatchEvent(new Event("change", { bubbles: true }));
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
      initLiveTotals(table);
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;  // printing needs this script; Ctrl+P works without it
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
