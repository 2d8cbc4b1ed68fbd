// Return alerts in the page (F8): polls the app and fills #alert-notice (base.html).
// Loaded for signed-in users only, after retorno.js (Retorno.fetchJSON); no inline script: CSP.
(function () {
  "use strict";

  var box = null;

  function storageKey() { return "retorno.alert.lastShown." + box.dataset.user; }
  function lastShown() {
    try { return parseInt(window.localStorage.getItem(storageKey()) || "0", 10) || 0; }
    catch (e) { return 0; }
  }
  function markShown() {
    try { window.localStorage.setItem(storageKey(), String(Date.now())); } catch (e) { /* private mode */ }
  }

  function post(url) {
    return Retorno.fetchJSON(url, { method: "POST", csrf: box.dataset.csrf });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hide() { box.hidden = true; box.textContent = ""; }

  function show(data) {
    box.textContent = "";
    var head = el("div", "alert-head");
    head.appendChild(el("strong", "alert-title", data.title));
    var close = el("button", "alert-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", data.labels.close);
    close.addEventListener("click", hide);
    head.appendChild(close);
    box.appendChild(head);

    var list = el("ul", "alert-returns");
    data.returns.forEach(function (item) {
      var li = el("li");
      var link = el("a", "", item.party);
      link.href = item.url;
      li.appendChild(link);
      li.appendChild(el("span", item.overdue ? "alert-date overdue" : "alert-date", " " + item.return_date));
      var snooze = el("button", "small", data.labels.snooze);
      snooze.type = "button";
      snooze.addEventListener("click", function () {
        snooze.disabled = true;
        post(item.snooze_url).then(function (answer) {
          li.textContent = item.party + " — " + (answer.ok
            ? data.labels.snoozed.replace("{day}", answer.return_date) : answer.message);
        }).catch(function () { snooze.disabled = false; });
      });
      li.appendChild(snooze);
      list.appendChild(li);
    });
    box.appendChild(list);
    if (data.total > data.returns.length) box.appendChild(el("p", "muted alert-more", data.body));

    var actions = el("div", "alert-actions");
    var see = el("a", "button primary", data.labels.see);
    see.href = data.list_url;
    actions.appendChild(see);
    var mute = el("button", "", data.labels.mute);
    mute.type = "button";
    mute.addEventListener("click", function () {
      post(data.mute_url).then(function () {
        box.textContent = "";
        box.appendChild(el("p", "alert-muted", data.labels.muted));
        setTimeout(hide, 4000);
      });
    });
    actions.appendChild(mute);
    box.appendChild(actions);
    box.hidden = false;
  }

  var timer = null;
  function schedule(minutes) {
    clearTimeout(timer);
    timer = setTimeout(poll, Math.max(minutes, 0.5) * 60000);
  }

  function poll() {
    Retorno.fetchJSON(box.dataset.url)
      .then(function (data) {
        if (!data.active) { hide(); schedule(data.interval_minutes); return; }
        var interval = data.interval_minutes * 60000;
        var elapsed = Date.now() - lastShown();
        if (data.total > 0 && (elapsed >= interval || elapsed < 0)) {
          show(data);
          markShown();
          schedule(data.interval_minutes);
        } else {
          schedule(data.total > 0 ? (interval - elapsed) / 60000 : data.interval_minutes);
        }
      })
      .catch(function () { schedule(5); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    box = document.getElementById("alert-notice");
    if (!box) return;
    // The login prompt already told the user: the periodic notice starts counting from it.
    if (document.querySelector("[data-alert-shown]")) markShown();
    poll();
  });
})();
