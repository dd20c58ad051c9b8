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

// While a request is under way on a slow network: the button reads "Enviando…" (CSS on
// htmx's htmx-request class), the part of the page being replaced is aria-busy, and after a
// moment a status line says so to screen readers. The desk list's polling stays silent.
var requestStatusTimer = null;
function requestStatus(text) {
  var status = document.getElementById("request-status");
  if (status) status.textContent = text;
}
document.addEventListener("htmx:beforeRequest", function (event) {
  var source = event.detail.elt;
  if (!source.matches || !source.matches("form, a, button")) return;
  var target = event.detail.target;
  if (target) target.setAttribute("aria-busy", "true");
  var verb = (event.detail.requestConfig && event.detail.requestConfig.verb) || "get";
  var text = verb === "get" ? "Cargando, espere por favor…" : "Enviando, espere por favor…";
  clearTimeout(requestStatusTimer);
  requestStatusTimer = setTimeout(function () { requestStatus(text); }, 400);
});
document.addEventListener("htmx:afterRequest", function (event) {
  var target = event.detail.target;
  if (target) target.removeAttribute("aria-busy");
  clearTimeout(requestStatusTimer);
  requestStatus("");
});
