/*
 * Thusong Bot chat widget. Embed with one tag:
 *   <script src="https://BOT/widget.js" data-lang="zu" data-position="bottom-right" defer></script>
 * Attributes: data-lang (start language), data-position (bottom-right | bottom-left; ignored with
 * data-target), data-target (id of an element to render inside instead of floating), data-api
 * (the bot's base URL; default: where this script came from).
 * Every text from the bot or the person is inserted as text, never as HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var api = (script.getAttribute("data-api") || new URL(script.src, location.href).origin).replace(/\/$/, "");
  var LANGUAGES = [["en", "English"], ["af", "Afrikaans"], ["zu", "isiZulu"], ["xh", "isiXhosa"], ["nso", "Sepedi"],
    ["tn", "Setswana"], ["st", "Sesotho"], ["ts", "Xitsonga"], ["ss", "siSwati"], ["ve", "Tshivenda"], ["nr", "isiNdebele"]];
  var store = window.localStorage;
  var KEY = "thusong.", HISTORY = 40;

  function saved(name, fallback) { try { return store.getItem(KEY + name) || fallback; } catch (e) { return fallback; } }
  function save(name, value) { try { store.setItem(KEY + name, value); } catch (e) { /* private mode */ } }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return "web-" + crypto.randomUUID(); }
    return "web-" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  var user = saved("user", null);
  if (!user) { user = newId(); save("user", user); }
  var lang = saved("lang", script.getAttribute("data-lang") || "en");

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
    ".thusong-log{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:8px;background:#f7f7f4}",
    ".thusong-msg{max-width:88%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}",
    ".thusong-bot{background:#fff;border:1px solid #ddd;align-self:flex-start}",
    ".thusong-me{background:#0b5e3c;color:#fff;align-self:flex-end}",
    ".thusong-options{display:flex;flex-wrap:wrap;gap:6px;padding:6px 10px;border-top:1px solid #eee}",
    ".thusong-options button,.thusong-form button,.thusong-status button{font:inherit;border:1px solid #0b5e3c;",
    "background:#fff;color:#0b5e3c;border-radius:16px;padding:6px 10px;cursor:pointer;min-height:36px}",
    ".thusong-form{display:flex;gap:6px;padding:8px;border-top:1px solid #ddd}",
    ".thusong-form input{flex:1;min-width:0;font:inherit;padding:8px;border:1px solid #999;border-radius:8px}",
    ".thusong-form button.thusong-send{background:#0b5e3c;color:#fff}",
    ".thusong :focus-visible{outline:3px solid #f2a900;outline-offset:2px}",
    ".thusong-typing{font-style:italic;color:#555;padding:0 12px;min-height:1.4em}",
    ".thusong-status{color:#8a1c1c;padding:0 12px 6px}",
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
  root.setAttribute("aria-label", "Thusong Bot chat");
  var target = script.getAttribute("data-target") && document.getElementById(script.getAttribute("data-target"));
  if (!target) {
    root.className += " thusong-float " + (script.getAttribute("data-position") === "bottom-left" ? "thusong-left" : "thusong-right");
  }
  var head = el("div", "thusong-head");
  head.appendChild(el("h2", "", "Thusong Bot"));
  var pickLabel = el("label", "thusong-sr", "Language");
  pickLabel.setAttribute("for", "thusong-lang");
  var picker = el("select");
  picker.id = "thusong-lang";
  LANGUAGES.forEach(function (pair) {
    var option = el("option", "", pair[1]);
    option.value = pair[0];
    option.lang = pair[0];
    picker.appendChild(option);
  });
  picker.value = lang;
  head.appendChild(pickLabel);
  head.appendChild(picker);
  var log = el("div", "thusong-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0;
  var typing = el("div", "thusong-typing");
  typing.setAttribute("aria-hidden", "true");
  var status = el("div", "thusong-status");
  status.setAttribute("role", "alert");
  var options = el("div", "thusong-options");
  options.setAttribute("role", "group");
  options.setAttribute("aria-label", "Choices");
  var form = el("form", "thusong-form");
  var inputLabel = el("label", "thusong-sr", "Type your question");
  inputLabel.setAttribute("for", "thusong-input");
  var input = el("input");
  input.id = "thusong-input";
  input.type = "text";
  input.maxLength = 1000;
  input.autocomplete = "off";
  input.placeholder = "Type your question or a number";
  var send = el("button", "thusong-send", "Send");
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
  locate.setAttribute("aria-label", "Share my location");
  locate.title = "Share my location";
  [inputLabel, input, locate, send].forEach(function (n) { form.appendChild(n); });
  [head, log, typing, status, options, form].forEach(function (n) { root.appendChild(n); });
  (target || document.body).appendChild(root);

  var history = [];
  try { history = JSON.parse(sessionStorage.getItem(KEY + "history") || "[]"); } catch (e) { history = []; }

  function bubble(who, text, remember) {
    var node = el("div", "thusong-msg " + (who === "me" ? "thusong-me" : "thusong-bot"), text);
    if (who !== "me") { node.lang = lang; }
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    if (remember !== false) {
      history.push([who, text]);
      history = history.slice(-HISTORY);
      try { sessionStorage.setItem(KEY + "history", JSON.stringify(history)); } catch (e) { /* ignore */ }
    }
  }

  function showOptions(list) {
    options.textContent = "";
    (list || []).forEach(function (o) {
      var button = el("button", "", o.key + ". " + o.label);
      button.type = "button";
      button.addEventListener("click", function () { talk(o.key, {}, o.label); });
      options.appendChild(button);
    });
  }

  var busy = false;
  function talk(text, extra, shown) {
    if (busy) { return; }
    var payload = {user: user, text: text, lang: lang};
    Object.keys(extra || {}).forEach(function (k) { payload[k] = extra[k]; });
    if (shown !== null) { bubble("me", shown || text); }
    deliver(payload);
  }

  function deliver(payload) {
    busy = true;
    status.textContent = "";
    typing.textContent = "Thusong Bot is typing…";
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
        lang = body.lang || lang;
        picker.value = lang;
        save("lang", lang);
        bubble("bot", body.reply);
        showOptions(body.options);
      } else {
        failed(payload, body && body.error ? body.error : "The bot could not answer (" + request.status + ").");
      }
    };
    request.onerror = request.ontimeout = function () {
      busy = false;
      typing.textContent = "";
      failed(payload, "No connection. Check your network and try again.");
    };
    request.send(JSON.stringify(payload));
  }

  function failed(payload, message) {
    status.textContent = message + " ";
    var retry = el("button", "", "Retry");
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
    lang = picker.value;
    save("lang", lang);
    talk("00", {}, picker.options[picker.selectedIndex].textContent);
  });
  locate.addEventListener("click", function () {
    if (!navigator.geolocation) { failed({user: user, text: "1", lang: lang}, "Location is not available here."); return; }
    navigator.geolocation.getCurrentPosition(function (position) {
      talk("", {location: {lat: position.coords.latitude, lon: position.coords.longitude}}, "My location");
    }, function () {
      status.textContent = "Location was not shared. Type the name of your town instead.";
    }, {timeout: 10000, maximumAge: 600000});
  });

  if (history.length) {
    history.forEach(function (item) { bubble(item[0], item[1], false); });
  }
  talk("00", {}, null);
})();
