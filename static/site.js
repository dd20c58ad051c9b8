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

// The human check: where this browser can run the ALTCHA proof-of-work widget (a secure
// context with Web Crypto, custom elements and workers), it takes the place of the question
// in words and solves its puzzle while the person fills the form. Elsewhere the question stays.
var ALTCHA_TEXTS = {
  ariaLinkLabel: "ALTCHA (sitio web)",
  cancel: "Cancelar",
  enterCode: "Escriba el código",
  enterCodeAria: "Escriba el código que escucha. Pulse Espacio para oírlo.",
  enterCodeFromImage: "Para continuar, escriba el código de la imagen.",
  error: "No se pudo hacer la comprobación. Vuelva a intentarlo.",
  expired: "La comprobación venció. Vuelva a intentarlo.",
  footer: "",
  getAudioChallenge: "Oír un código",
  label: "Comprobación de que no es un programa automático",
  loading: "Cargando…",
  reload: "Volver a cargar",
  verify: "Comprobar",
  verificationRequired: "Espere a que termine la comprobación.",
  verified: "Comprobado: puede continuar",
  verifying: "Comprobando… puede seguir llenando el formulario",
  waitAlert: "Comprobando… espere un momento."
};
var altchaLoading = null;

function loadAltcha(box) {
  if (!altchaLoading) {
    altchaLoading = new Promise(function (resolve, reject) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = box.getAttribute("data-style");
      document.head.appendChild(style);
      var script = document.createElement("script");
      script.src = box.getAttribute("data-script");
      script.onload = function () {
        var worker = box.getAttribute("data-worker");
        window.$altcha.algorithms.set("PBKDF2/SHA-256", function () { return new Worker(worker); });
        window.$altcha.i18n.set("es", ALTCHA_TEXTS);
        resolve();
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  return altchaLoading;
}

function startHumanCheck(root) {
  if (!root.querySelectorAll || !window.isSecureContext || !window.crypto || !crypto.subtle ||
      !window.customElements || !window.Worker) return;
  root.querySelectorAll("[data-challenge]:not([data-started])").forEach(function (box) {
    box.setAttribute("data-started", "1");
    loadAltcha(box).then(function () {
      var widget = document.createElement("altcha-widget");
      widget.setAttribute("name", "altcha");
      widget.setAttribute("auto", "onload");
      widget.setAttribute("language", "es");
      widget.setAttribute("challenge", box.getAttribute("data-challenge"));
      widget.setAttribute("configuration", JSON.stringify({ hideFooter: true, hideLogo: true }));
      var question = box.querySelector(".human-question");
      question.hidden = true;
      question.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
      box.appendChild(widget);
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { startHumanCheck(document); });
document.addEventListener("htmx:load", function (event) { startHumanCheck(event.detail.elt); });

// Files of a filing resume after a dropped connection (tus, services/resumable.py): where the
// files form says so, load the vendored client and static/resumable.js, which take over its
// file fields. Without them the form is a plain multipart post.
function loadScript(src) {
  return new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
}
function startResumable(root) {
  if (!root.querySelectorAll || !window.Promise || !window.FileReader) return;
  root.querySelectorAll("form[data-resumable]:not([data-started])").forEach(function (form) {
    form.setAttribute("data-started", "1");
    loadScript(form.getAttribute("data-tus"))
      .then(function () { return window.resumableFiles ? null : loadScript(form.getAttribute("data-script")); })
      .then(function () { if (window.tus && tus.isSupported) window.resumableFiles(form); });
  });
}
document.addEventListener("DOMContentLoaded", function () { startResumable(document); });
document.addEventListener("htmx:load", function (event) { startResumable(event.detail.elt); });
