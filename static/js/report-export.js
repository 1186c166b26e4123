// A report export being written by the worker: poll its status (JSON) and move the progress
// bar; show the download link when the file is ready. The server renders the state at load, so
// without this script the page is still right (and says to reload).
(function () {
  "use strict";
  const card = document.querySelector("[data-export-status-url]");
  if (!card) return;
  const url = card.dataset.exportStatusUrl;
  const bar = card.querySelector("[data-export-progress]");
  const label = card.querySelector("[data-export-label]");
  const rows = card.querySelector("[data-export-rows]");
  const download = card.querySelector("[data-export-download]");
  let delay = 1000;

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    label.textContent = state.label;
    rows.textContent = state.rows_done + " of " + state.rows_total;
    if (state.download_url) {
      download.href = state.download_url;
      download.hidden = false;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          if (state.status === "failed") window.location.reload();
          return;
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // A network hiccup: try again, less often.
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
