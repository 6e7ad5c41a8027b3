// The counter's procedure picker: as the officer types part of a name (accents or not), the
// desk's procedures that match are offered (the catalog search of /api/v1/procedures).
(function () {
  "use strict";
  var input = document.querySelector("[data-suggest]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var asked = "";

  function ask(words, agency) {
    var params = new URLSearchParams({ q: words, scope: "province", limit: "8" });
    if (agency) params.set("agency", agency);
    return fetch(input.dataset.suggest + "?" + params.toString(), {
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.ok ? response.json().then(function (body) { return body.results; }) : [];
    });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var words = input.value.trim();
    if (words.length < 2 || /^[0-9.]+[a-zA-Z0-9.]*$/.test(words)) return; // a code: no need
    timer = setTimeout(function () {
      asked = words;
      // The desk's procedures first; the whole list when the desk is named on none.
      ask(words, input.dataset.agency).then(function (rows) {
        return rows.length || !input.dataset.agency ? rows : ask(words, "");
      }).then(function (rows) {
        if (asked !== words) return; // an older answer
        list.replaceChildren();
        rows.forEach(function (row) {
          var option = document.createElement("option");
          option.value = row.code;
          option.label = row.name;
          option.textContent = row.name;
          list.appendChild(option);
        });
      }).catch(function () { /* offline: the officer can still type the code */ });
    }, 150);
  });
  // Words typed before this script ran (or kept from the last round trip) are offered too.
  if (input.value.trim()) input.dispatchEvent(new Event("input"));
})();
