// The language switch changes the language as soon as one is chosen (its button is for pages
// without scripts).
(function () {
  "use strict";
  var select = document.getElementById("lang-select");
  if (!select) return;
  document.querySelectorAll('[data-when-scripted="hide"]').forEach(function (button) {
    button.classList.add("scripted");
  });
  select.addEventListener("change", function () { select.form.submit(); });
})();
