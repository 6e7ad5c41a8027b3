// Follows a background import: polls its status every second, moves the progress bar, and
// reloads the page once the job has finished so the server renders the parse report.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box || box.dataset.finished === "true") return;
  var url = box.dataset.statusUrl;
  function show(status) {
    document.getElementById("import-progress").value = status.percent;
    document.getElementById("import-percent").textContent = status.percent + "%";
    document.getElementById("import-state").textContent = status.state_label;
    document.getElementById("import-lines").textContent =
      status.done_lines + " / " + status.total_lines;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        show(status);
        if (status.finished) window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
