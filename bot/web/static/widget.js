/*
 * Thusong Bot chat widget. Embed with one tag:
 *   <script src="https://BOT/widget.js" data-lang="zu" data-position="bottom-right" defer></script>
 * Attributes: data-lang (the widget's starting language), data-position (bottom-right | bottom-left;
 * ignored with data-target), data-target (id of an element to render inside instead of floating),
 * data-api (the bot's base URL; default: where this script came from).
 * The server writes SETTINGS in (bot/web/widget_settings.py): the languages, the widget's texts
 * and the greeting in each; this file keeps no language list and no text of its own.
 * `lang` (which sticks) goes to the API only with the message that follows the person picking a
 * language; other messages carry `lang_hint`, the language shown, which the bot keeps only until
 * the person's own words show a language, so it follows the language they write in. A page load
 * sends nothing: the
 * conversation (user id, transcript, options) is kept in sessionStorage and shown again.
 * A service-days answer whose dates (the API's `dates`) include a confirmed one is followed by a
 * link to the centre's calendar feed (/centres/<slug>/service-days.ics).
 * While the person has a question open for a person at a centre (the API's `ticket`), the widget
 * asks for the replies written to it every WIDGET_POLL_SECONDS (SETTINGS.poll_ms; 30 s) through
 * POST /api/replies and shows each once.
 * Every text from the bot or the person is inserted as text, never as HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var api = (script.getAttribute("data-api") || new URL(script.src, location.href).origin).replace(/\/$/, "");
  var SETTINGS = {/* settings */};
  var KEY = "thusong.conversation", HISTORY = 40;

  function known(code) { return Object.prototype.hasOwnProperty.call(SETTINGS.texts, code); }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return "web-" + crypto.randomUUID(); }
    return "web-" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  // One record per browser tab session: the user id, the language, what was said and the
  // options last offered. They go together, so numbers typed after a reload mean what the
  // server thinks they mean; closing the tab forgets them (shared and public computers).
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
  var conversation = saved && typeof saved.user === "string" && Array.isArray(saved.transcript) ? saved : {
    user: newId(), lang: script.getAttribute("data-lang"), transcript: [], options: []
  };
  if (!known(conversation.lang)) { conversation.lang = "en"; }
  if (!Array.isArray(conversation.options)) { conversation.options = []; }
  function keep() {
    conversation.transcript = conversation.transcript.slice(-HISTORY);
    try { sessionStorage.setItem(KEY, JSON.stringify(conversation)); } catch (e) { /* private mode */ }
  }
  function t(name) { return SETTINGS.texts[conversation.lang][name]; }

  var css = [
    ".thusong{font:16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;background:#fff;",
    "border:1px solid #c9c9c4;border-radius:12px;display:flex;flex-direction:column;max-width:420px;width:100%;",
    "height:520px;max-height:80vh;box-shadow:0 4px 16px rgba(0,0,0,.12);box-sizing:border-box;overflow:hidden}",
    ".thusong *{box-sizing:border-box}",
    ".thusong-float{position:fixed;bottom:12px;z-index:2147483000;width:calc(100vw - 24px)}",
    ".thusong-right{right:12px}.thusong-left{left:12px}",
    ".thusong-head{background:#0b5e3c;color:#fff;padding:8px 12px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}",
    ".thusong-head h2{font-size:1rem;margin:0;flex:1}",
    ".thusong-head select{font-size:.9rem;max-width:9rem}",
    ".thusong-log{flex:1;min-height:0;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:8px;background:#f7f7f4}",
    ".thusong-msg{max-width:88%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word;flex-shrink:0}",
    ".thusong-bot{background:#fff;border:1px solid #ddd;align-self:flex-start}",
    ".thusong-me{background:#0b5e3c;color:#fff;align-self:flex-end}",
    ".thusong-calendar{align-self:flex-start;color:#0b5e3c;font-size:.9rem;padding:0 10px}",
    // A long list of options scrolls inside its own box instead of squeezing the conversation.
    ".thusong-options{display:flex;flex-wrap:wrap;gap:6px;padding:6px 10px;border-top:1px solid #eee;",
    "flex-shrink:0;max-height:8.5rem;overflow-y:auto;overscroll-behavior:contain}",
    ".thusong-options:empty{display:none}",
    ".thusong-options button,.thusong-form button,.thusong-status button{font:inherit;border:1px solid #0b5e3c;",
    "background:#fff;color:#0b5e3c;border-radius:16px;padding:6px 10px;cursor:pointer;min-height:36px}",
    ".thusong-form{display:flex;gap:6px;padding:8px;border-top:1px solid #ddd;flex-shrink:0}",
    ".thusong-form input{flex:1;min-width:0;font:inherit;padding:8px;border:1px solid #999;border-radius:8px}",
    ".thusong-form button.thusong-send{background:#0b5e3c;color:#fff}",
    ".thusong :focus-visible{outline:3px solid #f2a900;outline-offset:2px}",
    ".thusong-typing{font-style:italic;color:#555;padding:0 12px;min-height:1.4em;flex-shrink:0}",
    ".thusong-status{color:#8a1c1c;padding:0 12px 6px;flex-shrink:0}",
    ".thusong-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
  ].join("");
  if (!document.getElementById("thusong-style")) {
    var style = document.createElement("style");
    style.id = "thusong-style";
    style.textContent = css;
    document.head.appendChild(style);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var root = el("section", "thusong");
  var target = script.getAttribute("data-target") && document.getElementById(script.getAttribute("data-target"));
  if (!target) {
    root.className += " thusong-float " + (script.getAttribute("data-position") === "bottom-left" ? "thusong-left" : "thusong-right");
  }
  var head = el("div", "thusong-head");
  head.appendChild(el("h2", "", "Thusong Bot"));
  var pickLabel = el("label", "thusong-sr");
  pickLabel.setAttribute("for", "thusong-lang");
  var picker = el("select");
  picker.id = "thusong-lang";
  SETTINGS.languages.forEach(function (pair) {
    var option = el("option", "", pair[1]);
    option.value = pair[0];
    option.lang = pair[0];
    picker.appendChild(option);
  });
  head.appendChild(pickLabel);
  head.appendChild(picker);
  var log = el("div", "thusong-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.tabIndex = 0;
  var typing = el("div", "thusong-typing");
  typing.setAttribute("aria-hidden", "true");
  var status = el("div", "thusong-status");
  status.setAttribute("role", "alert");
  var options = el("div", "thusong-options");
  options.setAttribute("role", "group");
  var form = el("form", "thusong-form");
  var inputLabel = el("label", "thusong-sr");
  inputLabel.setAttribute("for", "thusong-input");
  var input = el("input");
  input.id = "thusong-input";
  input.type = "text";
  input.maxLength = 1000;
  input.autocomplete = "off";
  var send = el("button", "thusong-send");
  send.type = "submit";
  var locate = el("button", "thusong-locate");
  locate.type = "button";
  // A map-pin drawn as SVG: emoji fonts are missing on many phones and servers.
  var SVG = "http://www.w3.org/2000/svg";
  var pin = document.createElementNS(SVG, "svg");
  pin.setAttribute("viewBox", "0 0 24 24");
  pin.setAttribute("width", "18");
  pin.setAttribute("height", "18");
  pin.setAttribute("aria-hidden", "true");
  var path = document.createElementNS(SVG, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z");
  pin.appendChild(path);
  locate.appendChild(pin);
  [inputLabel, input, locate, send].forEach(function (n) { form.appendChild(n); });
  [head, log, typing, status, options, form].forEach(function (n) { root.appendChild(n); });
  (target || document.body).appendChild(root);

  // The widget's own words in the conversation's language.
  function label() {
    root.lang = conversation.lang;
    root.setAttribute("aria-label", t("region"));
    picker.value = conversation.lang;
    pickLabel.textContent = t("language");
    log.setAttribute("aria-label", t("conversation"));
    options.setAttribute("aria-label", t("choices"));
    inputLabel.textContent = t("input");
    input.placeholder = t("placeholder");
    send.textContent = t("send");
    locate.setAttribute("aria-label", t("locate"));
    locate.title = t("locate");
  }

  // A new bot message is shown from its start (a long answer is read from the top); the
  // person's own message and the end of a restored conversation from the bottom.
  function bubble(who, text, lang) {
    var node = el("div", "thusong-msg " + (who === "me" ? "thusong-me" : "thusong-bot"), text);
    if (who !== "me") { node.lang = lang; }
    log.appendChild(node);
    if (who === "me") {
      log.scrollTop = log.scrollHeight;
    } else {
      log.scrollTop += node.getBoundingClientRect().top - log.getBoundingClientRect().top - 10;
    }
  }

  function say(who, text) {
    var lang = who === "me" ? null : conversation.lang;
    bubble(who, text, lang);
    conversation.transcript.push([who, text, lang]);
    keep();
  }

  // A service-days answer with confirmed dates (body.dates) links the centre's calendar feed.
  function offerCalendar(body) {
    var centre = body.entities && body.entities.centre;
    var confirmed = (body.dates || []).some(function (d) { return d.status === "confirmed"; });
    if (typeof centre !== "string" || !confirmed) { return; }
    calendarLink(centre, conversation.lang);
    conversation.transcript.push(["calendar", centre, conversation.lang]);
    keep();
  }

  function calendarLink(centre, lang) {
    var link = el("a", "thusong-msg thusong-calendar", t("calendar"));
    link.href = api + "/centres/" + encodeURIComponent(centre) + "/service-days.ics?lang=" + encodeURIComponent(lang);
    link.lang = lang;
    log.appendChild(link);
  }

  function showOptions(list) {
    conversation.options = list || [];
    keep();
    var buttons = document.createDocumentFragment();
    conversation.options.forEach(function (o) {
      var button = el("button", "", o.key + ". " + o.label);
      button.type = "button";
      button.lang = conversation.lang;
      button.addEventListener("click", function () { talk(o.key, {}, o.label); });
      buttons.appendChild(button);
    });
    options.textContent = "";
    options.appendChild(buttons);
    options.scrollTop = 0;
  }

  var busy = false;
  function talk(text, extra, shown) {
    if (busy) { return; }
    // The language shown is only a hint: the bot starts there but follows what the person writes.
    var payload = {user: conversation.user, text: text, lang_hint: conversation.lang};
    Object.keys(extra || {}).forEach(function (k) { payload[k] = extra[k]; });
    if (payload.lang) { delete payload.lang_hint; }
    say("me", shown || text);
    deliver(payload);
  }

  function deliver(payload) {
    busy = true;
    status.textContent = "";
    typing.textContent = t("typing");
    var request = new XMLHttpRequest();
    request.open("POST", api + "/api/chat");
    request.setRequestHeader("Content-Type", "application/json");
    request.timeout = 15000;
    request.onload = function () {
      busy = false;
      typing.textContent = "";
      var body = null;
      try { body = JSON.parse(request.responseText); } catch (e) { body = null; }
      if (request.status === 200 && body) {
        if (known(body.lang)) { conversation.lang = body.lang; }
        label();
        showOptions(body.options);  // first: the log's height is final when the reply is scrolled to
        if (body.reply) { say("bot", body.reply); }  // (a message added to an open question: said once)
        offerCalendar(body);
        follow(body.ticket || null);
      } else {
        failed(payload, body && body.error ? body.error : t("failed"));
      }
    };
    request.onerror = request.ontimeout = function () {
      busy = false;
      typing.textContent = "";
      failed(payload, t("offline"));
    };
    request.send(JSON.stringify(payload));
  }

  // While the person has a question open for a person (body.ticket), ask for the replies the
  // centre's people wrote every POLL_MS; each comes once (POST /api/replies).
  var POLL_MS = SETTINGS.poll_ms || 30000, polling = null;
  function follow(ticket) {
    conversation.ticket = ticket;
    keep();
    if (ticket && !polling) {
      polling = setInterval(poll, POLL_MS);
    } else if (!ticket && polling) {
      clearInterval(polling);
      polling = null;
    }
  }
  function poll() {
    if (busy) { return; }
    var request = new XMLHttpRequest();
    request.open("POST", api + "/api/replies");
    request.setRequestHeader("Content-Type", "application/json");
    request.timeout = 15000;
    request.onload = function () {
      var body = null;
      try { body = JSON.parse(request.responseText); } catch (e) { body = null; }
      if (request.status !== 200 || !body || !Array.isArray(body.replies)) { return; }
      body.replies.forEach(function (r) { if (typeof r.reply === "string") { say("bot", r.reply); } });
      if (body.open === false) { follow(null); }  // closed by the centre: nothing more will come
    };
    request.send(JSON.stringify({user: conversation.user}));
  }

  function failed(payload, message) {
    status.textContent = message + " ";
    var retry = el("button", "", t("retry"));
    retry.type = "button";
    retry.addEventListener("click", function () { deliver(payload); });
    status.appendChild(retry);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    input.value = "";
    talk(text, {});
  });
  picker.addEventListener("change", function () {
    if (busy) { picker.value = conversation.lang; return; }
    conversation.lang = picker.value;
    label();
    talk("00", {lang: picker.value}, picker.options[picker.selectedIndex].textContent);
  });
  locate.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = t("no_location"); return; }
    navigator.geolocation.getCurrentPosition(function (position) {
      talk("", {location: {lat: position.coords.latitude, lon: position.coords.longitude}}, t("my_location"));
    }, function () {
      status.textContent = t("not_shared");
    }, {timeout: 10000, maximumAge: 600000});
  });

  label();
  follow(typeof conversation.ticket === "string" ? conversation.ticket : null);
  if (conversation.transcript.length) {
    showOptions(conversation.options);
    conversation.transcript.forEach(function (item) {
      if (item[0] === "calendar") { calendarLink(item[1], item[2]); } else { bubble(item[0], item[1], item[2]); }
    });
  } else {
    // Someone new: the server's greeting in the widget's language, without a request.
    var hello = SETTINGS.greetings[conversation.lang];
    showOptions(hello.options);
    say("bot", hello.reply);
  }
})();
