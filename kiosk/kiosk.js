/* The lobby kiosk: check in for an appointment, take a walk-in ticket, look up fees.
   Plain script, no build step. Every fee amount and rule comes from the API (/api/aranceles):
   this file only asks the questions and shows the answers. */
"use strict";

const params = new URLSearchParams(location.search);
const SEDE = (params.get("sede") || "").trim();
// 60 s without a touch and the next person starts afresh; tests shorten it (&inactividad=3).
const IDLE_MS = (Number(params.get("inactividad")) || 60) * 1000;
const KEY_STORE = "kiosk.key." + SEDE;
const $ = (id) => document.getElementById(id);

// Every UI string in Spanish and English. What the API says (services, fee acts, errors) stays
// in Spanish: it is the court's wording.
const S = {
  home: ["Inicio", "Start"],
  bigger: ["Letra grande", "Larger text"],
  offline: [
    "Sin conexión con el sistema. Por ahora no podemos dar turnos; puede ver la tabla de aranceles. Volveremos solos cuando se restablezca.",
    "No connection to the system. We cannot issue tickets right now; you can see the fee table. We will come back by ourselves when it returns.",
  ],
  locked: [
    "Este quiosco no puede dar turnos ahora. Pida su turno al personal de la sede; puede consultar los aranceles.",
    "This kiosk cannot issue tickets right now. Please ask the staff for a number; you can still look up court fees.",
  ],
  setup_h: ["Configurar este quiosco", "Set up this kiosk"],
  setup_p: [
    "Solo para el administrador. Escriba la clave del dispositivo que le dio la pantalla del personal (se muestra una sola vez).",
    "Administrators only. Type the device key the staff screen gave you (it is shown only once).",
  ],
  setup_sede: ["Sede de esta dirección:", "Sede in this address:"],
  device_key: ["Clave del dispositivo", "Device key"],
  setup_save: ["Guardar y comprobar", "Save and check"],
  no_sede: [
    "Falta la sede en la dirección: abra /kiosk/?sede=codigo-de-la-sede",
    "The address lacks the sede: open /kiosk/?sede=sede-code",
  ],
  ready: ["Quiosco listo: {name}, {sede}.", "Kiosk ready: {name}, {sede}."],
  confirm_h: ["¿Volver a configurar este quiosco?", "Set up this kiosk again?"],
  confirm_p: [
    "Solo para el administrador: hará falta la clave del dispositivo.",
    "Administrators only: you will need the device key.",
  ],
  confirm_yes: ["Sí, configurar", "Yes, set it up"],
  cancel: ["Cancelar", "Cancel"],
  start_h: ["Bienvenido. ¿Qué necesita?", "Welcome. What do you need?"],
  has_appt: ["Tengo cita", "I have an appointment"],
  has_appt_d: [
    "Escanee el código QR de su cita o escriba su código o documento",
    "Scan your appointment's QR code or type its code or your ID number",
  ],
  no_appt: ["No tengo cita", "I have no appointment"],
  no_appt_d: ["Saque un turno para ser atendido", "Take a number to be served"],
  fees: ["Consultar aranceles", "Look up court fees"],
  fees_d: ["Sepa cuánto pagar por un escrito o pedido", "How much to pay for a filing or request"],
  appt_h: ["Registrar su llegada", "Check in"],
  by_code: ["Código de la cita", "Appointment code"],
  by_doc: ["Número de documento", "ID number"],
  code_label: [
    "Código de la cita (o escanee el QR de su constancia)",
    "Appointment code (or scan the QR code on your booking slip)",
  ],
  doc_label: ["Número de su documento de identidad", "Your identity document number"],
  check_in: ["Registrar mi llegada", "Check me in"],
  type_code: ["Escriba el código de su cita.", "Type your appointment code."],
  type_doc: ["Escriba el número de su documento.", "Type your ID number."],
  service_h: ["¿Para qué viene?", "What are you here for?"],
  no_services: [
    "Hoy no hay servicios con turnos en esta sede. Pida ayuda en informes.",
    "No services give tickets at this sede today. Please ask at the information desk.",
  ],
  pref_h: ["¿Necesita atención preferente?", "Do you need priority service?"],
  chosen_service: ["Servicio:", "Service:"],
  pref_none: ["No, atención normal", "No, regular service"],
  mayor_65: ["Persona de 65 años o más", "Aged 65 or over"],
  gestante: ["Mujer embarazada", "Pregnant"],
  discapacidad: ["Persona con discapacidad", "Person with a disability"],
  con_bebe: ["Persona con un bebé en brazos", "Carrying a baby"],
  print: ["Imprimir mi turno", "Print my ticket"],
  ticket_h: ["Su turno", "Your ticket"],
  your_turn: ["Su turno", "Your number"],
  ahead: ["Personas antes que usted", "People ahead of you"],
  wait: ["Espera estimada", "Estimated wait"],
  minutes: ["{n} min", "{n} min"],
  issued: ["Hora", "Time"],
  // The ticket's kind, TicketKind's keys: the API sends its Spanish label.
  kind_sin_cita: ["Sin cita", "Walk-in"],
  kind_cita: ["Con cita", "Appointment"],
  kind_preferencial: ["Preferencial", "Priority"],
  appointment: ["Cita de las {starts}", "Appointment at {starts}"],
  follow: [
    "Escanee para seguir su turno en su teléfono",
    "Scan to follow your turn on your phone",
  ],
  done: ["Listo", "Done"],
  net_error: [
    "No pudimos comunicarnos con el sistema. Vuelva a tocar el botón.",
    "We could not reach the system. Please tap the button again.",
  ],
  back: ["Volver", "Back"],
  see_table: ["Ver la tabla de aranceles", "See the fee table"],
  step: ["Paso {n} de {m}", "Step {n} of {m}"],
  next: ["Continuar", "Continue"],
  q_act: ["¿Qué va a presentar o pedir?", "What will you file or request?"],
  h_act: [
    "Si va a presentar varias cosas, calcule cada una por separado.",
    "If you file several things, work out each one separately.",
  ],
  q_process: ["¿En qué tipo de proceso?", "In what kind of case?"],
  q_role: ["¿Quién lo presenta en el proceso?", "Who files it in the case?"],
  h_role: [
    "Si usted es abogado, responda por su cliente.",
    "If you are a lawyer, answer for your client.",
  ],
  role_demandante: ["Quien inició el proceso", "Who started the case"],
  role_demandado: ["Contra quien se inició el proceso", "Whom the case was brought against"],
  role_tercero: ["Otra persona que interviene en el proceso", "Someone else taking part"],
  q_person: ["¿Qué tipo de persona es?", "What kind of person is it?"],
  h_person: [
    "Quien presenta el escrito o el pedido, aunque lo firme su abogado.",
    "Whoever files it, even if their lawyer signs it.",
  ],
  q_amount: ["¿De cuánto dinero se trata?", "How much money is at stake?"],
  h_amount: [
    "{label}, en soles: por ejemplo 60000 o 12500.50",
    "{label}, in soles: for example 60000 or 12500.50",
  ],
  unquantified: [
    "No se puede expresar en soles (cuantía indeterminable)",
    "It cannot be put in soles (amount not quantifiable)",
  ],
  q_quantity: ["¿Cuántos necesita?", "How many do you need?"],
  h_quantity: ["Se paga por cada {unit}.", "It is paid per {unit}."],
  q_situations: ["¿Alguna de estas situaciones es la suya?", "Does any of these apply to you?"],
  h_situations: [
    "Marque las que correspondan; si ninguna, continúe sin marcar. Tendrá que acreditarlas ante el juzgado.",
    "Tick those that apply; if none, just continue. You will have to prove them to the court.",
  ],
  q_monthly: ["¿Qué pensión mensual se reclama?", "What monthly maintenance is claimed?"],
  q_parties: ["¿A cuántas partes hay que notificar?", "How many parties must be notified?"],
  h_parties: [
    "Escriba 0 si no hay que notificar a nadie.",
    "Type 0 if nobody has to be notified.",
  ],
  q_instance: ["¿Ante qué instancia?", "Before which court level?"],
  h_instance: [
    "El juzgado o la sala donde presentará el escrito.",
    "The court or chamber where you will file it.",
  ],
  type_number: ["Escriba un número con el teclado.", "Type a number with the keypad."],
  result_h: ["Aranceles a pagar", "Fees to pay"],
  total: ["Total a pagar", "Total to pay"],
  table_year: ["Cuadro de Valores {year} · URP {urp}", "Fee table {year} · URP {urp}"],
  pay_code: ["Código de pago", "Payment code"],
  bracket: ["Tramo", "Bracket"],
  quantity: ["Cantidad", "Quantity"],
  amount: ["Monto", "Amount"],
  why: ["Por qué este monto", "Why this amount"],
  notes: ["Tenga en cuenta", "Please note"],
  where: ["Dónde pagar", "Where to pay"],
  another: ["Calcular otro", "Work out another"],
  table_h: ["Tabla de aranceles", "Fee table"],
  table_note: [
    "Montos del Cuadro de Valores por tramo. Las exoneraciones y reducciones (auxilio judicial, alimentos, laboral y otras) solo las calcula la calculadora en línea.",
    "Amounts of the fee table by bracket. Exemptions and reductions (legal aid, maintenance, labour and others) are only worked out by the online calculator.",
  ],
  table_saved: ["Copia guardada el {when}", "Copy saved on {when}"],
  loading: ["Cargando las preguntas…", "Loading the questions…"],
  no_table: [
    "Este quiosco aún no tiene una copia de la tabla. Pida ayuda en informes.",
    "This kiosk has no copy of the table yet. Please ask at the information desk.",
  ],
  per: ["por {unit}", "per {unit}"],
  choose_concept: ["Elija un concepto para ver sus montos.", "Choose an item to see its amounts."],
};
let lang = "es";

function t(key, vars = {}) {
  let text = (S[key] || [key, key])[lang === "en" ? 1 : 0];
  for (const [name, value] of Object.entries(vars)) text = text.replace(`{${name}}`, value);
  return text;
}

/* A DOM element from a tag, attributes and children (text is always set as text, never
   parsed: names and messages come from the server). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "on") node.addEventListener("click", value);
    else if (value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  return fill(node, children, true);
}

/* Puts `children` (nested lists; null and undefined skipped) into `node`, after what it has
   if `keep`, else instead of it. */
function fill(node, children, keep = false) {
  const nodes = [children].flat(Infinity).filter((child) => child !== null && child !== undefined);
  if (keep) node.append(...nodes);
  else node.replaceChildren(...nodes);
  return node;
}

/* ---------- the API and being offline ---------- */

class Offline extends Error {}
let down = false;

// Relative to the kiosk's folder, so it also works when the app is mounted under a prefix.
const apiUrl = (path) => new URL("../api/" + path, location.href);

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(apiUrl(path), options);
  } catch (error) {
    goOffline();
    throw new Offline();
  }
  if (response.status >= 500) {
    goOffline(); // the app is up but cannot work (its database, a proxy's 502)
    throw new Offline();
  }
  return { status: response.status, data: await response.json().catch(() => ({})) };
}

/* Fetches JSON and keeps the last good copy in localStorage for when the network is down.
   The browser's HTTP cache revalidates with the ETag, so an unchanged table costs a 304. */
async function cached(path, store, fresh = false) {
  try {
    // fresh: ask whether the copy changed (a 304 if not) instead of trusting its max-age
    const reply = await api(path, fresh ? { cache: "no-cache" } : {});
    if (reply.status === 200) {
      localStorage.setItem(store, JSON.stringify({ at: Date.now(), data: reply.data }));
      return { ...reply, saved: Date.now() };
    }
    if (reply.status !== 304) return reply;
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
  }
  const copy = JSON.parse(localStorage.getItem(store) || "null");
  return copy ? { status: 200, data: copy.data, saved: copy.at } : { status: 0, data: null };
}

function ticketButtons(enabled) {
  for (const button of document.querySelectorAll("[data-go=cita],[data-go=servicio]")) {
    button.disabled = !enabled;
  }
}

function goOffline() {
  if (down) return;
  down = true;
  $("offline").hidden = false;
  ticketButtons(false);
  if (["cita", "servicio", "preferente", "aranceles"].includes(current)) show("tabla");
  healthIn(3000);
}

let healthTimer = null;
function healthIn(ms) {
  clearTimeout(healthTimer); // one loop only, however many requests failed
  healthTimer = setTimeout(checkHealth, ms);
}

/* Asks /api/salud: every 3 s while down (to come back by itself), every 30 s while up (so
   the start screen says so before someone taps). */
async function checkHealth() {
  let ok = false;
  try {
    const response = await fetch(apiUrl("salud"), { cache: "no-store" });
    ok = response.ok;
  } catch (error) {
    ok = false;
  }
  if (!ok) {
    goOffline();
  } else if (down) {
    down = false;
    $("offline").hidden = true;
    for (const button of document.querySelectorAll("[data-go]")) button.disabled = false;
    ticketButtons(!locked);
    if (!sede) return location.reload(); // it never started: start now
    loadSede();
    loadFees();
  }
  healthIn(down ? 3000 : 30000);
}

/* ---------- screens ---------- */

let current = "";
const onShow = {};

function show(id) {
  for (const screen of document.querySelectorAll(".screen")) screen.hidden = screen.id !== id;
  current = id;
  $("status").textContent = "";
  $("home").hidden = ["start", "setup"].includes(id);
  if (onShow[id]) onShow[id]();
  if (current !== id) return; // onShow went elsewhere (the calculator, offline: the table)
  const heading = document.querySelector(`#${id} h1`);
  if (heading) heading.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function translate() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("lang").textContent = lang === "es" ? "English" : "Español";
  $("lang").lang = lang === "es" ? "en" : "es";
  citaMode(cita.mode);
  if (onShow[current]) onShow[current](); // redraw what was built in the other language
}

function showError(box, message) {
  box.textContent = message;
  box.hidden = !message;
}

function apiErrors(data) {
  return Object.values((data && data.errors) || {}).flat().join(" ") || t("net_error");
}

/* ---------- on-screen keypads (a scanner or a keyboard types into the same field) ---------- */

const LAYOUTS = {
  digits: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "ABC", "0", "⌫"],
  decimal: ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "⌫"],
  letters: [..."1234567890QWERTYUIOPASDFGHJKLÑZXCVBNM", "-", "123", "⌫"],
};

function keypad(box, input, layout) {
  fill(box, []);
  box.className = "keypad " + layout;
  for (const key of LAYOUTS[layout]) {
    const label = key === "⌫" ? (lang === "es" ? "Borrar" : "Delete") : key;
    const button = el("button", { type: "button", "aria-label": label }, key);
    button.addEventListener("click", () => {
      if (key === "⌫") input.value = input.value.slice(0, -1);
      else if (key === "ABC" || key === "123") keypad(box, input, key === "ABC" ? "letters" : "digits");
      else input.value += key;
      input.focus({ preventScroll: true }); // keep the field focused: a scan lands in it
    });
    box.append(button);
  }
}

/* ---------- set-up: the device key, once per terminal ---------- */

let sede = null;

async function loadSede(fresh = false) {
  if (!SEDE) return false;
  const path = `sedes/${encodeURIComponent(SEDE)}/quiosco`;
  const reply = await cached(path, "kiosk.sede." + SEDE, fresh);
  if (reply.status !== 200) {
    showError($("setup-error"), apiErrors(reply.data));
    return false;
  }
  sede = reply.data;
  $("sede-name").textContent = sede.sede.name;
  $("setup-sede").textContent = `${sede.sede.name} (${sede.sede.code})`;
  return true;
}

/* Between two people, the services as the administrator left them today (one added, renamed
   or withdrawn): a terminal runs for days without a reload. */
onShow.start = () => {
  if (sede && !down) loadSede(true);
};

/* A saved key that no longer opens the sede (revoked, or another sede's): the start screen
   says so and offers the fees only, rather than each person finding out after choosing. */
let locked = false;

function lock(on) {
  locked = on;
  $("locked").hidden = !on;
  ticketButtons(!on && !down);
}

async function checkDevice() {
  try {
    const reply = await api(`sedes/${encodeURIComponent(SEDE)}/dispositivo`, {
      headers: { "X-Device-Key": localStorage.getItem(KEY_STORE) || "" },
      cache: "no-store",
    });
    if (reply.status === 403) lock(true);
  } catch (error) {
    // offline: goOffline() says so, and the key is checked again when a ticket is asked
  }
}

$("setup-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const key = $("device-key").value.trim();
  const button = event.target.querySelector("button");
  if (!key || button.disabled) return;
  button.disabled = true;
  try {
    const reply = await api(`sedes/${encodeURIComponent(SEDE)}/dispositivo`, {
      headers: { "X-Device-Key": key },
      cache: "no-store",
    });
    if (reply.status !== 200) return showError($("setup-error"), apiErrors(reply.data));
    localStorage.setItem(KEY_STORE, key);
    lock(false);
    $("device-key").value = "";
    showError($("setup-error"), "");
    show("start");
    $("status").textContent = t("ready", reply.data);
  } catch (error) {
    showError($("setup-error"), t("net_error"));
  } finally {
    button.disabled = false;
  }
});

/* The way back to the set-up: hold the sede's name for 3 seconds, then confirm. A passer-by
   does not find it; an administrator is told where it is (README). */
let holding = null;
$("sede-name").addEventListener("pointerdown", () => {
  holding = setTimeout(() => show("confirm-setup"), 3000);
});
for (const name of ["pointerup", "pointerleave", "pointercancel"]) {
  $("sede-name").addEventListener(name, () => clearTimeout(holding));
}
$("sede-name").addEventListener("contextmenu", (event) => event.preventDefault()); // long touch
$("confirm-yes").addEventListener("click", () => show("setup"));
onShow.setup = () => {
  $("setup-cancel").hidden = !localStorage.getItem(KEY_STORE); // keep the key it has
};

/* ---------- issuing a ticket (walk-in or appointment) ---------- */

// One request_key per tap: kept while the answer has not arrived (a retry after a network
// failure reuses it, so the server issues one ticket), dropped once the server answered.
let pending = null;

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs HTTPS
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function issue(kind, body, button, errorBox) {
  if (button.disabled) return; // the second tap of a double tap
  const text = JSON.stringify(body);
  if (!pending || pending.text !== text) pending = { text, key: newKey() };
  button.disabled = true;
  showError(errorBox, "");
  try {
    const reply = await api(`sedes/${encodeURIComponent(SEDE)}/${kind}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Device-Key": localStorage.getItem(KEY_STORE) || "",
      },
      body: JSON.stringify({ ...body, request_key: pending.key }),
      cache: "no-store",
    });
    pending = null;
    if (reply.status === 200 || reply.status === 201) return showTicket(reply.data);
    if (reply.status === 403 && reply.data.errors && reply.data.errors.device) {
      lock(true);
      return show("start");
    }
    showError(errorBox, apiErrors(reply.data));
  } catch (error) {
    showError(errorBox, t("net_error"));
  } finally {
    button.disabled = false;
  }
}

let ticket = null;

function showTicket(data) {
  ticket = data;
  show("turno");
  // Printed at once; Chromium started with --kiosk-printing prints without a dialog.
  if (params.get("imprimir") !== "0") setTimeout(() => window.print(), 300);
}

onShow.turno = () => {
  if (!ticket) return;
  const figure = (key, value) => el("div", {}, el("dt", {}, t(key)), el("dd", {}, value));
  const appointment = ticket.appointment;
  const qr = el("div", { class: "qr" });
  qr.innerHTML = ticket.qr_svg; // SVG markup the server drew from the ticket's own link
  fill($("ticket"), [
    el(
      "div",
      { class: "ticket-text" },
      el("p", { class: "court", lang: "es" }, ticket.court),
      el("p", { class: "where", lang: "es" }, ticket.sede),
      el("p", { class: "label" }, t("your_turn")),
      el("p", { class: "number" }, ticket.ticket),
      el(
        "p",
        { class: "service" },
        el("span", { lang: "es" }, ticket.service),
        ` · ${S["kind_" + ticket.kind] ? t("kind_" + ticket.kind) : ticket.kind_label}`,
      ),
      appointment && el("p", {}, `${t("appointment", appointment)} · ${appointment.names}`),
      el(
        "dl",
        { class: "figures" },
        figure("ahead", String(ticket.ahead)),
        figure("wait", t("minutes", { n: ticket.estimated_wait_minutes })),
        figure("issued", ticket.issued_at),
      ),
    ),
    el("div", { class: "ticket-qr" }, qr, el("p", { class: "follow" }, t("follow"))),
  ]);
};

/* ---------- "Tengo cita" ---------- */

const cita = { mode: "code" };

function citaMode(mode) {
  cita.mode = mode;
  $("by-code").setAttribute("aria-pressed", String(mode === "code"));
  $("by-doc").setAttribute("aria-pressed", String(mode === "doc"));
  $("cita-label").textContent = t(mode === "code" ? "code_label" : "doc_label");
  keypad(document.querySelector("#cita .keypad"), $("cita-value"), mode === "code" ? "letters" : "digits");
}

for (const [id, mode] of [["by-code", "code"], ["by-doc", "doc"]]) {
  $(id).addEventListener("click", () => {
    citaMode(mode);
    $("cita-value").value = "";
    showError($("cita-error"), "");
    $("cita-value").focus();
  });
}
onShow.cita = () => {
  setTimeout(() => $("cita-value").focus(), 0); // after the heading: a scan types here
};

$("cita-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = $("cita-value").value.trim();
  if (!value) return showError($("cita-error"), t(cita.mode === "code" ? "type_code" : "type_doc"));
  // A scanned QR holds a link ending in the code (the server reads the code from it), even
  // when the person had chosen "document number" before scanning.
  const isCode = cita.mode === "code" || value.includes("/");
  const body = isCode ? { code: value } : { doc_number: value };
  issue("citas", body, $("cita-send"), $("cita-error"));
});

/* A scanner on the start screen: it types the QR's link fast and ends with Enter. */
let scanned = "";
document.addEventListener("keydown", (event) => {
  if (current !== "start" || event.target.tagName === "INPUT") return;
  if (event.key === "Enter" && scanned.length >= 4) {
    show("cita");
    citaMode("code");
    $("cita-value").value = scanned;
    $("cita-form").requestSubmit();
  }
  scanned = event.key.length === 1 ? scanned + event.key : "";
});

/* ---------- "No tengo cita" ---------- */

let chosenService = null;

onShow.servicio = () => {
  const services = (sede && sede.services) || [];
  fill($("services"), [
    ...services.map((service) =>
      el(
        "button",
        {
          type: "button",
          class: "option",
          on: () => {
            chosenService = service;
            show("preferente");
          },
        },
        el("span", { class: "prefix", "aria-hidden": "true" }, service.prefix),
        el("strong", {}, service.name),
        el("span", {}, service.description || ""),
      ),
    ),
    services.length ? null : el("p", { lang: lang }, t("no_services")),
  ]);
};

onShow.preferente = () => {
  $("pref-service").textContent = chosenService ? chosenService.name : "";
  const checked = document.querySelector("#preferences input:checked");
  const was = checked ? checked.value : "";
  const choice = (key, label) =>
    el(
      "label",
      { class: "option radio" },
      el("input", { type: "radio", name: "preference", value: key, checked: key === was }),
      el("span", {}, label),
    );
  fill($("preferences"), [
    choice("", t("pref_none")),
    // The API's labels in Spanish; the four known reasons also in English.
    ...((sede && sede.preferences) || []).map((p) => choice(p.key, S[p.key] ? t(p.key) : p.label)),
  ]);
};

$("print").addEventListener("click", () => {
  const checked = document.querySelector("#preferences input:checked");
  const body = { service_id: chosenService.id, preference: checked ? checked.value : "" };
  issue("turnos", body, $("print"), $("walkin-error"));
});

/* ---------- "Consultar aranceles": the web calculator's questions, one per screen ---------- */

let options = null; // /api/aranceles/opciones
let table = null; // /api/aranceles/tabla/<year>, with when it was saved
const fee = { answers: {}, at: "act", needsMonthly: "" };
const act = () => options.acts.find((a) => a.key === fee.answers.act) || {};

// The questions in the web calculator's order; `when` hides one that does not apply.
// The monthly amount is asked only when the server says a rule needs it.
const STEPS = [
  { key: "act", ask: "q_act", hint: "h_act", choices: () => actChoices() },
  { key: "process", ask: "q_process", choices: () => options.processes },
  { key: "role", ask: "q_role", hint: "h_role", choices: () => options.roles },
  { key: "person", ask: "q_person", hint: "h_person", choices: () => options.persons },
  { key: "amount", ask: "q_amount", number: "decimal" },
  { key: "quantity", ask: "q_quantity", number: "digits", when: () => act().unit },
  { key: "situations", ask: "q_situations", hint: "h_situations", many: true },
  { key: "monthly_amount", ask: "q_monthly", number: "decimal", when: () => fee.needsMonthly },
  { key: "parties", ask: "q_parties", hint: "h_parties", number: "digits" },
  { key: "instance", ask: "q_instance", hint: "h_instance", choices: () => options.instances },
];
const asked = () => STEPS.filter((step) => !step.when || step.when());

function actChoices() {
  return options.act_groups.map((group) => ({
    group: group.label,
    items: group.acts.map((key) => options.acts.find((a) => a.key === key)).filter(Boolean),
  }));
}

onShow.aranceles = () => {
  if (!options && !down && !feesSettled) {
    // Tapped before the questions arrived (a slow network at start-up): wait for them here
    // rather than send the person to the table as if the kiosk had none.
    $("fee-progress").textContent = "";
    $("fee-h").textContent = t("loading");
    $("fee-hint").textContent = "";
    fill($("fee-body"), []);
    return feesLoading.then(() => current === "aranceles" && show("aranceles"));
  }
  if (!options || down) return show("tabla");
  const steps = asked();
  const step = steps.find((s) => s.key === fee.at) || steps[0];
  const index = steps.indexOf(step);
  $("fee-progress").textContent = t("step", { n: index + 1, m: steps.length });
  $("fee-h").textContent = t(step.ask);
  let hint = step.hint ? t(step.hint) : "";
  if (step.key === "amount") hint = t("h_amount", { label: act().amount_label || "" });
  if (step.key === "quantity") hint = t("h_quantity", { unit: act().unit });
  if (step.key === "monthly_amount") hint = fee.needsMonthly; // the server's own words
  $("fee-hint").textContent = hint;
  const body = $("fee-body");
  if (step.choices) fill(body, [choiceList(step)]);
  else if (step.many) fill(body, [...situationList()]);
  else fill(body, [...numberEntry(step)]);
};

function choiceList(step) {
  const button = (item) =>
    el(
      "button",
      {
        type: "button",
        class: "option",
        "aria-pressed": String(fee.answers[step.key] === item.key),
        on: () => answer(step.key, item.key),
      },
      el("strong", {}, item.label),
      step.key === "role" ? el("span", {}, t("role_" + item.key)) : null,
      step.key === "act" ? el("span", {}, `${item.code} · ${item.citation}`) : null,
    );
  const items = step.choices();
  if (!items[0].group) return el("div", { class: "list", lang: "es" }, items.map(button));
  return el(
    "div",
    { lang: "es" },
    items.map((g) => [el("h2", {}, g.group), el("div", { class: "list" }, g.items.map(button))]),
  );
}

function situationList() {
  const chosen = new Set((fee.answers.situations || "").split(",").filter(Boolean));
  const buttons = options.situations.map((s) => {
    const button = el(
      "button",
      { type: "button", class: "option", "aria-pressed": String(chosen.has(s.key)) },
      el("strong", {}, s.label),
      el("span", {}, s.hint),
    );
    button.addEventListener("click", () => {
      chosen.has(s.key) ? chosen.delete(s.key) : chosen.add(s.key);
      button.setAttribute("aria-pressed", String(chosen.has(s.key)));
    });
    return button;
  });
  const go = () => answer("situations", [...chosen].sort().join(","));
  return [
    el("div", { class: "list", lang: "es" }, buttons),
    el("div", { class: "go-bar" }, el("button", { type: "button", class: "primary big", on: go }, t("next"))),
  ];
}

function numberEntry(step) {
  const input = el("input", {
    id: "fee-value",
    class: "typed",
    inputmode: "none",
    autocomplete: "off",
    "aria-labelledby": "fee-h",
    "aria-describedby": "fee-hint",
  });
  input.value = fee.answers[step.key] || "";
  const pad = el("div", {});
  keypad(pad, input, step.number);
  const go = () => {
    const value = input.value.trim();
    if (!value) return showError($("fee-error"), t("type_number"));
    answer(step.key, value);
  };
  const column = el("div", { class: "stack" }, input, el("button", { class: "primary big" }, t("next")));
  // "No cuantificable" is offered only where the act allows it (the API says which).
  if (step.key === "amount" && !act().amount_required) {
    const unknown = () => answer("amount", "");
    column.append(el("button", { type: "button", class: "secondary", on: unknown }, t("unquantified")));
  }
  const form = el("form", { class: "entry", novalidate: true }, column, pad);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go();
  });
  setTimeout(() => input.focus({ preventScroll: true }), 0);
  return [form];
}

function answer(key, value) {
  if (["act", "process", "role", "person"].includes(key) && fee.answers[key] !== value) {
    fee.needsMonthly = ""; // another case: let the server say again whether it needs it
    delete fee.answers.monthly_amount;
  }
  fee.answers[key] = value;
  showError($("fee-error"), "");
  // As the web calculator goes on: the first question still unanswered, else the result.
  const next = asked().find((s) => !(s.key in fee.answers));
  if (next) {
    fee.at = next.key;
    show("aranceles");
  } else {
    calculate();
  }
}

$("fee-back").addEventListener("click", () => {
  const steps = asked();
  const index = steps.findIndex((s) => s.key === fee.at);
  showError($("fee-error"), "");
  if (index <= 0) return show("start");
  fee.at = steps[index - 1].key;
  show("aranceles");
});

async function calculate() {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(fee.answers)) if (value !== "") query.set(key, value);
  let reply;
  try {
    reply = await api("aranceles/calcular?" + query);
  } catch (error) {
    return; // offline: goOffline() has shown the saved table
  }
  if (reply.status === 200) {
    fee.result = reply.data;
    return show("resultado");
  }
  // The server says which answer to correct: back to that question, with its message.
  const [field, messages] = Object.entries((reply.data && reply.data.errors) || {})[0] || [];
  if (field === "monthly_amount" && !fee.needsMonthly) fee.needsMonthly = messages[0];
  const step = asked().find((s) => s.key === field) || asked().at(-1);
  fee.at = step.key;
  show("aranceles");
  if (!(field === "monthly_amount" && !fee.answers.monthly_amount)) {
    showError($("fee-error"), apiErrors(reply.data));
  }
}

const soles = (amount) => "S/ " + amount;

onShow.resultado = () => {
  const r = fee.result;
  if (!r) return;
  const row = (key, value) => el("div", {}, el("dt", {}, t(key)), el("dd", {}, value));
  fill($("result"), [
    r.referential ? el("p", { class: "note" }, options.referential_notice) : null,
    el("p", { class: "lead" }, act().label || ""),
    el("p", { class: "total" }, `${t("total")}: ${soles(r.total)}`),
    el("p", { class: "hint" }, t("table_year", { year: r.year, urp: soles(r.urp) })),
    r.payments.map((p, i) => [
      el("h2", {}, `${i + 1}. ${p.concept}`),
      el(
        "dl",
        { class: "figures" },
        row("pay_code", p.code.split("-")[0]), // the bank takes the code without its suffix
        p.bracket ? row("bracket", p.bracket) : null,
        p.quantity > 1 ? row("quantity", `${p.quantity} × ${soles(p.unit_amount)}`) : null,
        row("amount", soles(p.amount)),
      ),
      el("details", {}, el("summary", {}, t("why")), el("ol", {}, p.trail.map((line) => el("li", {}, line)))),
    ]),
    r.notes.length ? [el("h2", {}, t("notes")), el("ul", {}, r.notes.map((n) => el("li", {}, n)))] : null,
    el("h2", {}, t("where")),
    el("p", {}, r.where_to_pay),
  ]);
};

$("resultado").querySelector("[data-go=aranceles]").addEventListener("click", () => {
  fee.answers = {};
  fee.at = "act";
});

/* ---------- the fee table, also offline: concept by bracket, as the API sent it ---------- */

let feesSettled = false; // the first loadFees() has finished, with or without the questions
let feesLoading = null;

async function loadFees() {
  const reply = await cached("aranceles/opciones", "kiosk.options");
  if (reply.data) options = reply.data;
  // This year's table, or the latest one before it that the court has loaded.
  const thisYear = new Date().getFullYear();
  const years = ((options && options.years) || [thisYear]).filter((y) => y <= thisYear);
  const year = years.length ? Math.max(...years) : thisYear;
  const saved = await cached(`aranceles/tabla/${year}`, "kiosk.table");
  if (saved.data) table = saved;
}

let concept = null;

onShow.tabla = () => {
  if (!table) {
    $("table-meta").textContent = t("no_table");
    return fill($("concepts"), []);
  }
  const data = table.data;
  const when = new Date(table.saved).toLocaleString(lang === "es" ? "es-PE" : "en-GB");
  $("table-meta").textContent = `${t("table_year", { year: data.year, urp: soles(data.urp) })}. ${t("table_saved", { when })}`;
  fill($("concepts"), [
    ...data.concepts.map((c) =>
      el(
        "button",
        { type: "button", class: "option", "aria-pressed": String(c === concept), on: () => showConcept(c) },
        el("strong", {}, c.code),
        el("span", {}, c.name),
      ),
    ),
  ]);
  if (!concept) fill($("tiers"), [el("p", { lang }, t("choose_concept"))]);
};

function showConcept(chosen) {
  concept = chosen;
  onShow.tabla();
  const unit = concept.unit ? ` (${t("per", { unit: concept.unit })})` : "";
  fill($("tiers"), [
    el(
      "table",
      {},
      el("caption", {}, `${concept.code} · ${concept.name}${unit}`),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("bracket")), el("th", { scope: "col" }, t("amount")))),
      el(
        "tbody",
        {},
        concept.tiers.map((tier) =>
          el("tr", {}, el("th", { scope: "row" }, tier.label || tier.bracket || "—"), el("td", {}, soles(tier.amount))),
        ),
      ),
    ),
  ]);
}

/* ---------- idle reset, language, text size, navigation ---------- */

let idle = null;

/* Back to the start with nothing of the last person left; after idling (`everything`) the
   language and the text size go back to Spanish and normal too. */
function reset(everything) {
  for (const input of document.querySelectorAll("input[type=radio]")) input.checked = false;
  for (const id of ["cita-value", "device-key"]) $(id).value = "";
  for (const box of document.querySelectorAll(".error")) showError(box, "");
  Object.assign(fee, { answers: {}, at: "act", needsMonthly: "", result: null });
  pending = ticket = chosenService = concept = null;
  scanned = "";
  if (everything) {
    lang = "es";
    document.documentElement.classList.remove("large-text");
    $("bigger").setAttribute("aria-pressed", "false");
    translate();
  }
  show(localStorage.getItem(KEY_STORE) ? "start" : "setup");
}

function awake() {
  clearTimeout(idle);
  idle = setTimeout(() => {
    if (current !== "start" || lang !== "es" || $("bigger").ariaPressed === "true") reset(true);
  }, IDLE_MS);
}

for (const name of ["pointerdown", "keydown"]) document.addEventListener(name, awake, true);

document.addEventListener("click", (event) => {
  const go = event.target.closest("[data-go]");
  if (!go || go.disabled) return;
  show(go.dataset.go);
  // Someone starts: make sure the app is there now, not at the next 30 s check (the fee
  // choices may come from the browser's cache and hide that the app is down).
  if (current !== "start") checkHealth();
});
$("home").addEventListener("click", () => reset(false));
$("lang").addEventListener("click", () => {
  lang = lang === "es" ? "en" : "es";
  translate();
});
$("bigger").addEventListener("click", () => {
  const big = document.documentElement.classList.toggle("large-text");
  $("bigger").setAttribute("aria-pressed", String(big));
});

async function boot() {
  citaMode("code");
  awake();
  if (!SEDE) {
    show("setup");
    $("setup-form").hidden = true;
    return showError($("setup-error"), t("no_sede"));
  }
  const known = await loadSede();
  show(known && localStorage.getItem(KEY_STORE) ? "start" : "setup");
  $("setup-form").hidden = !known; // an unknown sede (or none saved and no network): say why
  if (known && localStorage.getItem(KEY_STORE)) checkDevice(); // alongside the fees, not before
  feesLoading = loadFees().finally(() => (feesSettled = true));
  await feesLoading;
  healthIn(down ? 3000 : 30000);
}

boot();
