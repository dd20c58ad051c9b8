// Small enhancements; every page works without them.

// After htmx swaps content in, move focus to its error summary or heading so screen readers
// announce what changed.
document.addEventListener("htmx:afterSettle", function (event) {
  var swapped = event.detail.elt;
  if (!swapped || !swapped.querySelector) return;
  var target = swapped.querySelector(".error-summary") || swapped.querySelector("h1[tabindex]");
  if (target) target.focus();
});

// A "Mostrar" button next to each password field, so people on small keyboards can check
// what they typed.
function addPasswordToggles(root) {
  root.querySelectorAll("input[type=password]:not([data-toggle])").forEach(function (input) {
    input.setAttribute("data-toggle", "1");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link toggle";
    button.textContent = "Mostrar";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var show = input.type === "password";
      input.type = show ? "text" : "password";
      button.textContent = show ? "Ocultar" : "Mostrar";
      button.setAttribute("aria-pressed", String(show));
    });
    input.insertAdjacentElement("afterend", button);
  });
}
document.addEventListener("DOMContentLoaded", function () { addPasswordToggles(document); });
document.addEventListener("htmx:load", function (event) { addPasswordToggles(event.detail.elt); });
