/* The waiting room's board: tablero.html?sede=<code>.

   Every second it asks the app for the sede's latest calls with the ETag of the last answer
   (If-None-Match): while nobody is called the app answers 304 with no body. A call or a recall
   shows at once, with a chime (Web Audio, no file) and, where the browser has a Spanish voice,
   the call spoken ("Turno e catorce, ventanilla tres"). Browsers allow sound only after a
   gesture on the page: the "Activar sonido" button, once per start of the browser.

   When the app does not answer (a restart, the network) the last calls stay on screen, a
   discreet "Reconectando…" shows, and it goes on asking. A call is announced once, by its
   call_id: coming back, or reloading the page, says nothing already said. */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var RETRY_MS = [1000, 1000, 2000, 3000]; // after 1, 2, 3, 4+ failures in a row
  var NO_SEDE_RETRY_MS = 15000;
  var TIMEOUT_MS = 5000; // a request that hangs is a failure
  var FAILURES_SHOWN = 2; // one lost request is not worth a message
  var RECENT = 5;
  var MAX_ANNOUNCED = 3; // after a long outage, only the latest calls are said
  var SPEECH_TIMEOUT_MS = 10000;

  var $ = function (id) { return document.getElementById(id); };
  var el = {
    sede: $("sede"), now: $("now"), ticket: $("now-ticket"), window: $("now-window"),
    caption: $("now-window-caption"), note: $("now-note"), recent: $("recent"),
    status: $("status"), message: $("message"), sound: $("sound")
  };

  var code = (new URLSearchParams(location.search).get("sede") || "").trim();
  var etag = "";
  var lastId = null; // the newest call_id seen; null until the first answer
  var failures = 0;

  // --- what the board shows -------------------------------------------------------------

  function showMessage(text) {
    el.message.textContent = text;
    el.message.hidden = !text;
  }

  function render(calls, flash) {
    var recentBox = el.recent.parentNode;
    if (!calls.length) {
      el.now.classList.add("is-empty");
      el.ticket.textContent = "Aún no hay llamados";
      el.window.textContent = "";
      el.note.textContent = "";
      el.recent.replaceChildren();
      recentBox.classList.add("is-empty");
      return;
    }
    var current = calls[0];
    el.now.classList.remove("is-empty");
    el.ticket.textContent = current.ticket;
    var numbered = /^ventanilla\s+(\d+)$/i.exec(current.window);
    el.caption.textContent = numbered ? "Ventanilla" : "Acérquese a";
    el.window.textContent = numbered ? numbered[1] : current.window;
    el.window.classList.toggle("is-name", !numbered);
    el.note.textContent = current.recall ? "Se le vuelve a llamar" : "";

    var shown = {};
    shown[current.ticket] = true;
    var items = [];
    calls.slice(1).forEach(function (call) {
      if (shown[call.ticket] || items.length >= RECENT) return;
      shown[call.ticket] = true; // a recalled ticket once, at its latest call
      var li = document.createElement("li");
      var t = document.createElement("span");
      var w = document.createElement("span");
      t.className = "t";
      w.className = "w";
      t.textContent = call.ticket;
      w.textContent = call.window;
      li.append(t, w);
      items.push(li);
    });
    el.recent.replaceChildren.apply(el.recent, items);
    recentBox.classList.toggle("is-empty", !items.length);

    if (flash) {
      el.now.classList.remove("is-new");
      void el.now.offsetWidth; // restart the animation for a call right after another
      el.now.classList.add("is-new");
    }
  }

  function update(data) {
    if (data.sede) {
      el.sede.textContent = data.sede;
      document.title = "Turnos · " + data.sede;
    }
    var calls = Array.isArray(data.calls) ? data.calls : [];
    var newest = calls.length ? calls[0].call_id : 0;
    var fresh = [];
    if (lastId !== null && newest >= lastId) {
      fresh = calls.filter(function (call) { return call.call_id > lastId; });
    } // else the first answer, or a database put back: nothing to announce
    lastId = newest;
    render(calls, fresh.length > 0);
    fresh.slice(0, MAX_ANNOUNCED).reverse().forEach(announce);
  }

  // --- asking the app ---------------------------------------------------------------------

  function boardUrl() {
    // Relative to this page: the app may be mounted under a prefix (/kiosk/ -> /api/).
    return new URL("../api/sedes/" + encodeURIComponent(code) + "/tablero", location.href);
  }

  function connected() {
    failures = 0;
    el.status.hidden = true;
  }

  function failed() {
    failures += 1;
    if (failures >= FAILURES_SHOWN) el.status.hidden = false;
    return RETRY_MS[Math.min(failures, RETRY_MS.length) - 1];
  }

  async function poll() {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    try {
      // no-store and our own If-None-Match: the 304 reaches this code (no body to parse).
      var response = await fetch(boardUrl(), {
        cache: "no-store", headers: headers, signal: controller.signal
      });
      if (response.status === 304) {
        connected();
        return POLL_MS;
      }
      if (response.status === 404) {
        var problem = await response.json().catch(function () { return {}; });
        var said = ((problem.errors || {}).sede || [])[0];
        connected();
        etag = "";
        showMessage((said || "No hay una sede activa con ese código.") + " (" + code + ")");
        return NO_SEDE_RETRY_MS;
      }
      if (!response.ok) return failed();
      var data = await response.json();
      etag = response.headers.get("ETag") || "";
      connected();
      showMessage("");
      update(data);
      return POLL_MS;
    } catch (error) { // the network, a restart, a time-out, half an answer
      return failed();
    } finally {
      clearTimeout(timer);
    }
  }

  async function loop() {
    var wait = await poll();
    setTimeout(loop, wait);
  }

  // --- sound: a chime, then the call said in Spanish --------------------------------------

  var AudioContextClass = window.AudioContext || window.webkitAudioContext;
  var audio = null;
  var soundOn = false;
  var pending = Promise.resolve();

  var LETTER_NAMES = {
    A: "a", B: "be", C: "ce", D: "de", E: "e", F: "efe", G: "ge", H: "hache", I: "i",
    J: "jota", K: "ka", L: "ele", M: "eme", N: "ene", "Ñ": "eñe", O: "o", P: "pe", Q: "cu",
    R: "erre", S: "ese", T: "te", U: "u", V: "uve", W: "uve doble", X: "equis", Y: "ye",
    Z: "zeta"
  };
  var SMALL = ("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece " +
    "catorce quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós " +
    "veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve").split(" ");
  var TENS = ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta",
    "noventa"];
  var HUNDREDS = ["", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos",
    "seiscientos", "setecientos", "ochocientos", "novecientos"];

  function words(n) {
    // A whole number in Spanish words, as said aloud: 14 "catorce", 101 "ciento uno".
    if (n < 30) return SMALL[n];
    if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? " y " + SMALL[n % 10] : "");
    if (n === 100) return "cien";
    if (n < 1000) {
      return HUNDREDS[Math.floor(n / 100)] + (n % 100 ? " " + words(n % 100) : "");
    }
    if (n < 1000000) {
      var thousands = Math.floor(n / 1000);
      var head = thousands === 1 ? "mil" : words(thousands).replace(/uno$/, "ún") + " mil";
      return head + (n % 1000 ? " " + words(n % 1000) : "");
    }
    return String(n);
  }

  function spokenTicket(label) {
    var parts = /^([A-ZÑ])-?(\d+)$/.exec(label);
    if (!parts) return label;
    return LETTER_NAMES[parts[1]] + " " + words(parseInt(parts[2], 10));
  }

  function spokenWindow(label) {
    return label.toLowerCase().replace(/\d+/g, function (digits) {
      return words(parseInt(digits, 10));
    });
  }

  function sentence(call) {
    var what = "turno " + spokenTicket(call.ticket) + ", " + spokenWindow(call.window) + ".";
    return call.recall ? "Se llama nuevamente al " + what : "T" + what.slice(1);
  }

  function spanishVoice() {
    if (!("speechSynthesis" in window)) return null;
    var voices = window.speechSynthesis.getVoices().filter(function (voice) {
      return /^es([-_]|$)/i.test(voice.lang);
    });
    var liked = ["es-PE", "es-419", "es-US", "es-MX", "es-ES"];
    voices.sort(function (a, b) {
      var rank = function (v) {
        var i = liked.indexOf(v.lang.replace("_", "-"));
        return (i < 0 ? liked.length : i) * 2 + (v.localService ? 0 : 1);
      };
      return rank(a) - rank(b);
    });
    return voices[0] || null;
  }

  function chime() {
    // Two soft notes, falling (a classic "ding-dong"); resolves when they are over.
    if (!soundOn || !audio) return Promise.resolve();
    var start = audio.currentTime + 0.05;
    [[784, 0], [659.25, 0.5]].forEach(function (note) {
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      var at = start + note[1];
      oscillator.type = "sine";
      oscillator.frequency.value = note[0];
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.6, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.3);
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + 1.4);
    });
    return new Promise(function (resolve) { setTimeout(resolve, 1600); });
  }

  function say(text) {
    var voice = soundOn && spanishVoice();
    if (!voice) return Promise.resolve();
    return new Promise(function (resolve) {
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = resolve;
      setTimeout(resolve, SPEECH_TIMEOUT_MS); // some voices never say they are done
      window.speechSynthesis.speak(utterance);
    });
  }

  function announce(call) {
    var text = sentence(call);
    pending = pending
      .then(chime)
      .then(function () { return say(text); })
      .catch(function () {});
  }

  function enableSound() {
    // Inside the click: the gesture that lets this page play sound and speak.
    if (!audio) audio = new AudioContextClass();
    var voice = spanishVoice();
    if (voice) {
      var hello = new SpeechSynthesisUtterance("Sonido activado");
      hello.voice = voice;
      hello.lang = voice.lang;
      window.speechSynthesis.speak(hello);
    }
    audio.resume().then(function () {
      soundOn = true;
      el.sound.hidden = true;
      chime();
    });
  }

  function setUpSound() {
    if (!AudioContextClass) return; // no sound at all: the board still shows every call
    try {
      audio = new AudioContextClass();
    } catch (error) {
      audio = null;
    }
    if (audio && audio.state === "running") { // a kiosk browser started to allow it
      soundOn = true;
      return;
    }
    el.sound.hidden = false;
    el.sound.addEventListener("click", enableSound);
  }

  // --- the screen stays on ------------------------------------------------------------------

  function keepAwake() {
    if (!navigator.wakeLock || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").catch(function () {});
  }

  // --- start ----------------------------------------------------------------------------------

  if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) {
    showMessage("Falta el código de la sede en la dirección: abra tablero.html?sede=" +
      "<código>, por ejemplo tablero.html?sede=alzamora.");
    return;
  }
  setUpSound();
  keepAwake();
  document.addEventListener("visibilitychange", keepAwake);
  loop();
})();
