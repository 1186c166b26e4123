// The written exam attempt page: saves each answer as it is chosen and shows the time left.
// The server is the authority on both: it refuses answers after the deadline (409) and submits
// the attempt itself; the timer only counts down from the seconds the server gave.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var url = form.dataset.autosaveUrl;
  var status = document.getElementById("save-status");
  var timer = document.getElementById("timer");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function show(text) { if (status) status.textContent = text; }

  function save(fieldset) {
    var position = fieldset.dataset.position;
    // URL-encoded, not FormData: the server parses it without a multipart parser, which was a
    // sixth of the busiest endpoint's CPU.
    var body = new URLSearchParams();
    body.append("position", position);
    fieldset.querySelectorAll("input[name='item-" + position + "']:checked").forEach(function (input) {
      body.append("choice", input.value);
    });
    show("Saving…");
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) {
          show("Saved question " + position);
          fieldset.dataset.saved = "true";
          if (typeof data.seconds_left === "number") deadline = Date.now() + data.seconds_left * 1000;
        } else if (response.status === 409 && data.result_url) {
          show(data.error);
          window.location.assign(data.result_url);
        } else {
          show(data.error || "Not saved; try again.");
        }
      });
    }).catch(function () {
      // A dropped connection: the answer stays on the page; "Save answers" sends them all.
      show("Not saved (connection lost). Your choice is kept on the page; try again.");
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-position]");
    if (fieldset) save(fieldset);
  });

  var deadline = Date.now() + Number(timer.dataset.secondsLeft) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    timer.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left <= 0) {
      // The server submits the attempt; reloading shows the result.
      window.location.reload();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
