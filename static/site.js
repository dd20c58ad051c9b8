// After htmx swaps a step in, move focus to its heading so screen readers announce it.
document.addEventListener("htmx:afterSettle", function (event) {
  var step = document.getElementById("step");
  if (!step || !step.contains(event.detail.elt)) return;
  var target = step.querySelector(".error-summary") || step.querySelector("h1");
  if (target) target.focus();
});
