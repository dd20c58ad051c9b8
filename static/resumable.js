// The files step of a filing with JavaScript: each chosen file uploads at once, in pieces, and
// resumes where it stopped after a dropped connection (also after a reload: tus-js-client keeps
// its place in localStorage). Shows a progress bar and the time left; the server checks the
// file when its last byte arrives and the step is reloaded with it listed.
window.resumableFiles = function (form) {
  var endpoint = form.getAttribute("data-resumable");
  var field = form.querySelector("input[name=csrf_token]");
  var token = field ? field.value : "";
  var buttons = form.querySelectorAll("button[type=submit]");
  var running = 0;

  function busy(delta) {
    running += delta;
    buttons.forEach(function (b) { b.disabled = running > 0; });
  }

  function seconds(s) {
    if (!isFinite(s) || s <= 0) return "";
    if (s < 60) return "quedan unos " + Math.ceil(s) + " s";
    return "quedan unos " + Math.ceil(s / 60) + " min";
  }

  form.querySelectorAll("input[type=file][data-role]").forEach(function (input) {
    var box = input.closest(".field");
    var progress = document.createElement("div");
    progress.className = "upload-progress";
    progress.hidden = true;
    progress.innerHTML = '<progress max="100" value="0"></progress> <span role="status" aria-live="polite"></span>';
    box.appendChild(progress);
    var bar = progress.querySelector("progress");
    var text = progress.querySelector("span");

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var started = Date.now();
      var startBytes = null;
      var old = box.querySelector(".error");
      if (old) old.remove();
      progress.hidden = false;
      busy(1);
      var upload = new tus.Upload(file, {
        endpoint: endpoint,
        chunkSize: 5 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
        headers: { "X-CSRFToken": token },
        metadata: { filename: file.name, role: input.getAttribute("data-role") },
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) {
          if (startBytes === null) { startBytes = sent; started = Date.now(); }
          var pct = total ? Math.floor((sent / total) * 100) : 0;
          var rate = (sent - startBytes) / Math.max(1, (Date.now() - started) / 1000);
          bar.value = pct;
          text.textContent = file.name + ": " + pct + " %" + (rate > 0 && sent < total ? ", " + seconds((total - sent) / rate) : "");
        },
        onError: function (error) {
          busy(-1);
          var response = error.originalResponse;
          var message = response && response.getBody() ? response.getBody() :
            "No se pudo subir " + file.name + ". Revise su conexión y elija el archivo otra vez: seguirá desde donde quedó.";
          var p = document.createElement("p");
          p.className = "error";
          p.setAttribute("role", "alert");
          p.textContent = message;
          box.insertBefore(p, input);
          progress.hidden = true;
          input.value = "";
        },
        onSuccess: function () {
          busy(-1);
          text.textContent = file.name + ": recibido.";
          input.value = "";
          if (running === 0) {
            htmx.ajax("GET", form.getAttribute("data-step"), { target: "#step", swap: "outerHTML" });
          }
        }
      });
      upload.findPreviousUploads().then(function (previous) {
        if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      });
    });
  });
};
