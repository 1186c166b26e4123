// The practical exam's score form: "7 of 11 scored" and the weighted running total, updated as
// the examiner picks levels. The server renders the saved state; this only keeps it current.
// Same rule as exams.models.practical.weighted_score: each criterion adds
// weight * (level - min) / (max - min); the total is 100 * points / sum of weights, and an
// unscored criterion counts as its lowest level.
(function () {
  "use strict";
  const form = document.querySelector("form[data-score-form]");
  if (!form) return;
  const criteria = Array.from(form.querySelectorAll("[data-criterion]"));
  const scoredOut = form.querySelector("[data-tally-scored]");
  const runningOut = form.querySelector("[data-tally-running]");

  function update() {
    let scored = 0;
    let points = 0;
    let weights = 0;
    for (const block of criteria) {
      const weight = parseFloat(block.dataset.weight) || 0;
      const min = parseInt(block.dataset.min, 10);
      const max = parseInt(block.dataset.max, 10);
      const checked = block.querySelector("input[type=radio]:checked");
      weights += weight;
      if (checked && max > min) {
        scored += 1;
        points += (weight * (parseInt(checked.value, 10) - min)) / (max - min);
      }
    }
    const total = weights ? (100 * points) / weights : 0;
    scoredOut.textContent = String(scored);
    runningOut.textContent = total.toFixed(1);
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=radio]")) update();
  });
  update();
})();
