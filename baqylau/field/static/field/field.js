/* The field app: record monitoring visits without a connection and send them later.

   Everything the monitor works on is kept in IndexedDB ("baqylau-field"):
   - bundle: the campaigns, checklists and correctable visits from /field/api/bundle/;
   - areas: the territory kept offline (its boundary and published objects);
   - visits: the visits recorded or corrected on this phone until the server has them;
   - files: the photos (Blobs) of those visits, each with its SHA-256.
   A visit is saved at every change. Sending posts the visit, then its photos in pieces from
   where the server says it stopped; the local copy is deleted only when the server says the
   visit is sent and names every photo's SHA-256 back. */
(function () {
  "use strict";

  const S = JSON.parse(document.getElementById("field-strings").textContent);
  const C = JSON.parse(document.getElementById("field-config").textContent);
  const DB_NAME = "baqylau-field";
  const DB_VERSION = 1;
  // Kazakh writes numbers as Russian does (decimal comma, a space between thousands), and not
  // every browser carries Kazakh number formats.
  const LOCALES = {kk: "ru-RU", ru: "ru-RU", en: "en-GB"};
  const LOCALE = LOCALES[C.lang] || C.lang;
  const SENDABLE = ["saved", "waiting", "sending", "signed_out"];
  // The refusals that mean the session is gone (signing in again fixes them), not a refusal of
  // the visit itself.
  const LOST_SESSION = ["signed_out", "csrf", undefined];

  let db = null;
  let bundle = null; // {data, fetched_at}
  let area = null; // the kept area
  let syncing = false;
  let signedOut = false;
  let editing = null; // the local id of the visit whose form is open
  let watchId = null;
  let lastFix = null;
  let wb = null;
  let updateWaiting = false;

  // -- Small helpers ----------------------------------------------------------------------------

  function t(key, params) {
    const text = S[key] || key;
    return params ? text.replace(/%\((\w+)\)s/g, (m, name) => (name in params ? params[name] : m)) : text;
  }

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "class") node.className = value;
      else if (name === "value") node.value = value;
      else if (name === "checked") node.checked = !!value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const x = Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }

  function formatNumber(value, digits) {
    return new Intl.NumberFormat(LOCALE, {maximumFractionDigits: digits === undefined ? 2 : digits}).format(value);
  }

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function isoToday() {
    const d = new Date();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  function formatDate(iso) {
    if (!iso) return "";
    const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
    if (C.lang === "en") {
      return new Intl.DateTimeFormat("en-GB", {day: "numeric", month: "long", year: "numeric"}).format(new Date(y, m - 1, d));
    }
    return `${pad(d)}.${pad(m)}.${y}`;
  }

  function formatDateTime(iso) {
    if (!iso) return "";
    const moment = new Date(iso);
    const time = `${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
    const day = `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
    return `${formatDate(day)} ${time}`;
  }

  function formatBytes(bytes) {
    if (bytes >= 1e9) return t("gb", {n: formatNumber(bytes / 1e9, 1)});
    if (bytes >= 1e6) return t("mb", {n: formatNumber(bytes / 1e6, 1)});
    return t("kb", {n: formatNumber(Math.max(1, Math.round(bytes / 1e3)), 0)});
  }

  function formatDistance(metres) {
    if (metres >= 1000) return t("km", {n: formatNumber(metres / 1000, 1)});
    return t("m", {n: formatNumber(Math.round(metres), 0)});
  }

  function parseNumber(text) {
    if (text === null || text === undefined) return null;
    const cleaned = String(text).trim().replace(/\s/g, "").replace(",", ".");
    if (cleaned === "") return null;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) return NaN;
    return Number(cleaned);
  }

  function haversine(lat1, lon1, lat2, lon2) {
    const rad = Math.PI / 180;
    const dLat = (lat2 - lat1) * rad;
    const dLon = (lon2 - lon1) * rad;
    const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
    return 6371000 * 2 * Math.asin(Math.sqrt(a));
  }

  async function sha256(blob) {
    const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // -- Storage --------------------------------------------------------------------------------

  function openDatabase() {
    return idb.openDB(DB_NAME, DB_VERSION, {
      // Each version only adds what it needs: a phone upgraded from an older version keeps
      // every visit and photo it holds.
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          database.createObjectStore("bundle");
          database.createObjectStore("areas", {keyPath: "slug"});
          const visits = database.createObjectStore("visits", {keyPath: "id"});
          visits.createIndex("state", "state");
          const files = database.createObjectStore("files", {keyPath: ["visit", "id"]});
          files.createIndex("visit", "visit");
        }
      },
    });
  }

  async function allVisits() {
    const visits = await db.getAll("visits");
    return visits.sort((a, b) => (b.updated_at || "").localeCompare(a.updated_at || ""));
  }

  async function saveVisit(visit) {
    visit.updated_at = new Date().toISOString();
    await db.put("visits", visit);
    return visit;
  }

  async function visitFiles(visit) {
    return db.getAllFromIndex("files", "visit", visit.id);
  }

  async function deleteVisit(visit) {
    const tx = db.transaction(["visits", "files"], "readwrite");
    const keys = await tx.objectStore("files").index("visit").getAllKeys(visit.id);
    for (const key of keys) tx.objectStore("files").delete(key);
    tx.objectStore("visits").delete(visit.id);
    await tx.done;
  }

  async function checkStorage() {
    const warnings = document.getElementById("field-warnings");
    warnings.replaceChildren();
    if (navigator.storage && navigator.storage.persist) {
      let persisted = await navigator.storage.persisted();
      if (!persisted) persisted = await navigator.storage.persist().catch(() => false);
      if (!persisted) warnings.append(h("p", {class: "field-warning", "data-warning": "persist"}, t("storage_not_persistent")));
    }
    if (navigator.storage && navigator.storage.estimate) {
      const {usage, quota} = await navigator.storage.estimate();
      if (quota && usage / quota > 0.8) warnings.append(h("p", {class: "field-warning", "data-warning": "full"}, t("storage_full")));
      return {usage, quota};
    }
    return null;
  }

  // -- The bundle and the API -----------------------------------------------------------------

  class Offline extends Error {}

  async function api(method, path, {json, body, headers} = {}) {
    const options = {method, credentials: "same-origin", headers: {Accept: "application/json", "Accept-Language": C.lang, ...(headers || {})}};
    if (method !== "GET" && bundle && bundle.data) options.headers["X-CSRFToken"] = bundle.data.csrf_token;
    if (json !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(json);
    } else if (body !== undefined) {
      options.body = body;
    }
    const separator = path.includes("?") ? "&" : "?";
    let response;
    try {
      response = await fetch(`${C.api}${path}${separator}lang=${C.lang}`, options);
    } catch (error) {
      throw new Offline(String(error));
    }
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      if (response.status >= 500 || response.status === 0) throw new Offline("no json");
      data = {};
    }
    if (response.status === 403 && data.refusal && data.refusal.code === "signed_out") signedOut = true;
    return {status: response.status, data};
  }

  async function loadBundle() {
    bundle = (await db.get("bundle", "current")) || null;
    const areas = await db.getAll("areas");
    area = areas[0] || null;
  }

  async function refreshBundle() {
    if (!navigator.onLine) return false;
    try {
      const {status, data} = await api("GET", "bundle/");
      if (status === 200) {
        signedOut = false;
        bundle = {data, fetched_at: new Date().toISOString()};
        await db.put("bundle", bundle, "current");
        return true;
      }
    } catch (error) {
      if (!(error instanceof Offline)) throw error;
    }
    return false;
  }

  function campaigns() {
    return (bundle && bundle.data && bundle.data.campaigns) || [];
  }

  function campaignOf(id) {
    return campaigns().find((c) => c.id === id) || null;
  }

  function checklistOf(campaign, id) {
    return campaign ? campaign.checklists.find((c) => c.id === id) || null : null;
  }

  function versionOf(campaign, visit) {
    const checklist = checklistOf(campaign, visit.checklist);
    if (visit.version) return visit.version; // kept with the visit: the version it was started in
    return checklist ? checklist.version : null;
  }

  function objectsFor(campaign) {
    const own = (campaign ? campaign.objects : []).map((o) => ({...o, own: true}));
    const ids = new Set(own.map((o) => o.id));
    const others = area ? area.objects.filter((o) => !ids.has(o.id)) : [];
    return {own, others};
  }

  function objectOf(campaign, id) {
    const {own, others} = objectsFor(campaign);
    return own.concat(others).find((o) => o.id === id) || null;
  }

  // -- Skip logic and checks (the same rules as the server's) ------------------------------------

  function answerWords(value) {
    if (value === true) return ["yes", "true"];
    if (value === false) return ["no", "false"];
    if (Array.isArray(value)) return value.map(String);
    if (value === null || value === undefined || value === "") return [];
    // A number compares as the server writes it: "2,50" and "2.5" are both 2.5.
    const text = String(value).trim();
    const number = Number(text.replace(",", "."));
    return text !== "" && Number.isFinite(number) ? [text, String(number)] : [text];
  }

  function askedQuestions(version, answers) {
    const asked = new Set();
    for (const question of version ? version.questions : []) {
      const rule = question.relevant || {};
      if (!rule.question) {
        asked.add(question.code);
        continue;
      }
      if (!asked.has(rule.question)) continue;
      const wanted = (rule.values || []).map((v) => String(v === true ? "yes" : v === false ? "no" : v));
      if (answerWords(answers[rule.question]).some((w) => wanted.includes(w))) asked.add(question.code);
    }
    return asked;
  }

  function empty(value) {
    return value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length);
  }

  function checkVisit(visit, files) {
    const errors = {};
    const campaign = campaignOf(visit.campaign);
    const version = versionOf(campaign, visit);
    if (!visit.object) errors.object = t("give_object");
    if (!visit.visited_on) errors.visited_on = t("give_date");
    else if (visit.visited_on > isoToday()) errors.visited_on = t("future");
    if (visit.kind === "correction" && !(visit.reason || "").trim()) errors.reason = t("give_reason");
    const asked = askedQuestions(version, visit.answers);
    for (const question of version ? version.questions : []) {
      if (!asked.has(question.code)) continue;
      const value = visit.answers[question.code];
      if (question.kind === "photo") {
        if (question.required && visit.kind !== "correction" && !files.some((f) => f.question === question.code)) errors[question.code] = t("required");
        continue;
      }
      if (empty(value)) {
        if (question.required) errors[question.code] = t("required");
        continue;
      }
      if (question.kind === "number") {
        const number = parseNumber(value);
        const min = question.minimum, max = question.maximum;
        if (Number.isNaN(number)) errors[question.code] = t("number");
        else if ((min !== null && min !== undefined && number < min) || (max !== null && max !== undefined && number > max)) {
          if (min !== null && min !== undefined && max !== null && max !== undefined) errors[question.code] = t("number_range", {min: formatNumber(min, 6), max: formatNumber(max, 6)});
          else if (min !== null && min !== undefined) errors[question.code] = t("number_min", {min: formatNumber(min, 6)});
          else errors[question.code] = t("number_max", {max: formatNumber(max, 6)});
        }
      }
    }
    const far = farDistance(visit);
    if (far !== null && !visit.far_confirmed) errors.far_confirmed = farMessage(visit, far);
    return errors;
  }

  function farDistance(visit) {
    const campaign = campaignOf(visit.campaign);
    const place = objectOf(campaign, visit.object);
    if (!campaign || !place || place.latitude === null || place.latitude === undefined) return null;
    const positions = [];
    if (visit.position) positions.push([visit.position.lat, visit.position.lon]);
    const version = versionOf(campaign, visit);
    for (const question of version ? version.questions : []) {
      const value = visit.answers[question.code];
      if (question.kind === "location" && value && typeof value === "object") positions.push([value.lat, value.lon]);
    }
    let farthest = null;
    for (const [lat, lon] of positions) {
      const d = haversine(lat, lon, place.latitude, place.longitude);
      if (farthest === null || d > farthest) farthest = d;
    }
    return farthest !== null && farthest > campaign.visit_far_metres ? farthest : null;
  }

  function farMessage(visit, distance) {
    const place = objectOf(campaignOf(visit.campaign), visit.object);
    return t("far_question", {distance: formatDistance(distance), object: place ? place.name : ""});
  }

  function cleanAnswers(visit) {
    const campaign = campaignOf(visit.campaign);
    const version = versionOf(campaign, visit);
    const asked = askedQuestions(version, visit.answers);
    const answers = {};
    for (const question of version ? version.questions : []) {
      if (!asked.has(question.code) || question.kind === "photo") continue;
      let value = visit.answers[question.code];
      if (empty(value)) continue;
      if (question.kind === "number") value = parseNumber(value);
      answers[question.code] = value;
    }
    return answers;
  }

  // -- States -----------------------------------------------------------------------------------

  function stateLabel(visit) {
    switch (visit.state) {
      case "draft":
      case "saved":
        return t("state_draft");
      case "waiting":
        return t("state_waiting");
      case "sending":
        return t("state_sending", {n: visit.progress ? visit.progress.n : 0, m: visit.progress ? visit.progress.m : visit.files.length});
      case "sent":
        return t("state_sent");
      case "refused":
        return t("state_refused");
      case "stale":
        return t("state_stale");
      case "checklist_changed":
        return t("state_checklist_changed");
      case "signed_out":
        return t("state_signed_out");
      default:
        return visit.state;
    }
  }

  function stateAdvice(visit) {
    if (visit.state === "refused") {
      const refusal = visit.refusal || {};
      const lines = [refusal.message].concat(Object.values(refusal.fields || {}).flat()).filter(Boolean);
      return h("div", {class: "field-advice"}, lines.map((line) => h("p", {class: "field-refusal"}, line)), h("p", {}, t("refused_what")));
    }
    if (visit.state === "stale") return h("p", {class: "field-advice"}, t("stale_what"));
    if (visit.state === "checklist_changed") return h("p", {class: "field-advice"}, t("checklist_changed_what"));
    if (visit.state === "signed_out") return h("p", {class: "field-advice"}, t("signed_out_what"), " ", h("a", {href: C.login}, t("sign_in")));
    return null;
  }

  // -- Screens ----------------------------------------------------------------------------------

  const view = () => document.getElementById("field-view");

  // A render reads the phone's database before it draws; one whose page the visitor has left
  // meanwhile (a link followed while the list was being read again after a sync) draws nothing,
  // so that it cannot cover the page they went to.
  function stillAt(hash) {
    return (location.hash || "#/") === hash;
  }

  function show(...nodes) {
    view().replaceChildren(...nodes);
    document.getElementById("field-app").dataset.state = "ready";
  }

  function netIndicator() {
    const net = document.getElementById("field-net");
    net.textContent = navigator.onLine ? t("online") : t("offline");
    net.className = `field-net ${navigator.onLine ? "is-online" : "is-offline"}`;
  }

  async function renderHome() {
    const at = location.hash || "#/";
    const visits = await allVisits();
    const storage = await checkStorage();
    if (!stillAt(at)) return;
    const list = campaigns();
    const syncButton = h("button", {type: "button", id: "field-sync", onclick: () => syncAll(true), disabled: syncing || !navigator.onLine}, syncing ? t("syncing") : t("sync_now"));
    const visitItems = visits.map((visit) => {
      const campaign = campaignOf(visit.campaign);
      const place = objectOf(campaign, visit.object);
      const title = [place ? place.name : "—", visit.visited_on ? formatDate(visit.visited_on) : null].filter(Boolean).join(" · ");
      const actions = [];
      if (visit.state === "sent") {
        if (visit.visit_url) actions.push(h("a", {href: visit.visit_url}, t("sent_view")));
        actions.push(h("button", {type: "button", class: "secondary", onclick: async () => { await deleteVisit(visit); route(); }}, t("remove")));
      } else {
        actions.push(h("a", {class: "button", href: `#/visit/${visit.id}`}, visit.state === "checklist_changed" ? t("review_send") : t("edit")));
      }
      return h("li", {class: `field-visit state-${visit.state}`, "data-visit": visit.id, "data-state": visit.state},
        h("strong", {}, title),
        visit.kind === "correction" ? h("span", {class: "field-kind"}, t("correct")) : null,
        h("span", {class: "field-state", "data-role": "state"}, stateLabel(visit)),
        campaign ? h("small", {}, campaign.title) : null,
        stateAdvice(visit),
        h("div", {class: "field-actions"}, actions));
    });
    show(
      h("section", {class: "field-home"},
        h("div", {class: "field-sync"},
          syncButton,
          h("p", {class: "field-meta", id: "field-bundle-time"}, bundle ? t("bundle_updated", {when: formatDateTime(bundle.fetched_at)}) : t("bundle_never")),
          storage && storage.quota ? h("p", {class: "field-meta", id: "field-storage"}, t("storage_used", {used: formatBytes(storage.usage || 0), quota: formatBytes(storage.quota)})) : null,
          signedOut ? h("p", {class: "field-warning"}, t("signed_out_what"), " ", h("a", {href: C.login}, t("sign_in"))) : null),
        h("h2", {}, t("my_visits")),
        visits.length ? h("ul", {class: "field-list", id: "field-visits"}, visitItems) : h("p", {}, t("no_local_visits")),
        h("h2", {}, t("my_campaigns")),
        list.length
          ? h("ul", {class: "field-list", id: "field-campaigns"}, list.map((campaign) => h("li", {},
              h("strong", {}, campaign.title), " ",
              h("button", {type: "button", "data-campaign": campaign.id, onclick: () => startVisit(campaign)}, t("new_visit")))))
          : h("p", {}, t("no_campaigns")),
        h("nav", {class: "field-nav"},
          h("a", {class: "button secondary", href: "#/sent"}, t("sent_visits")),
          h("a", {class: "button secondary", href: "#/area"}, t("area")))));
  }

  // A visit kept on the phone until it is sent: what every one starts with, and its own fields.
  async function openVisit(campaign, checklist, fields) {
    const visit = {
      id: uuid(),
      client_id: uuid(),
      campaign: campaign.id,
      checklist: checklist ? checklist.id : null,
      version: checklist ? checklist.version : null,
      position: null,
      far_confirmed: false,
      reason: "",
      files: [],
      state: "draft",
      refusal: {},
      created_at: new Date().toISOString(),
      ...fields,
    };
    await saveVisit(visit);
    location.hash = `#/visit/${visit.id}`;
  }

  async function startVisit(campaign) {
    const checklist = campaign.checklists.length === 1 ? campaign.checklists[0] : null;
    await openVisit(campaign, checklist, {
      kind: "new",
      visit: null,
      base_revision: null,
      object: campaign.objects.length === 1 ? campaign.objects[0].id : null,
      visited_on: isoToday(),
      answers: {},
      notes: "",
      participants: "",
    });
  }

  async function startCorrection(sent, campaign) {
    const checklist = campaign.checklists.find((c) => c.version && c.version.id === sent.checklist_version) || null;
    await openVisit(campaign, checklist, {
      kind: "correction",
      visit: sent.id,
      base_revision: sent.revision,
      object: sent.object,
      visited_on: sent.visited_on,
      answers: {...sent.answers},
      notes: sent.notes || "",
      participants: sent.participants || "",
    });
  }

  function renderSent() {
    const items = [];
    for (const campaign of campaigns()) {
      for (const sent of campaign.visits || []) {
        if (!sent.correctable) continue;
        const place = objectOf(campaign, sent.object);
        items.push(h("li", {"data-sent-visit": sent.id},
          h("strong", {}, place ? place.name : "—"), " · ", formatDate(sent.visited_on),
          h("small", {}, campaign.title),
          h("div", {class: "field-actions"},
            h("a", {href: sent.url}, t("sent_view")),
            h("button", {type: "button", onclick: () => startCorrection(sent, campaign)}, t("correct")))));
      }
    }
    show(h("section", {},
      h("p", {}, h("a", {href: "#/"}, "← ", t("home"))),
      h("h2", {}, t("sent_visits")),
      items.length ? h("ul", {class: "field-list", id: "field-sent"}, items) : h("p", {}, t("no_sent_visits"))));
  }

  // The visit's form --------------------------------------------------------------------------

  function field(label, input, error, extra) {
    return h("div", {class: `field-row${error ? " has-error" : ""}`},
      h("label", {}, h("span", {class: "field-label"}, label), input),
      extra || null,
      error ? h("p", {class: "field-error", role: "alert"}, error) : null);
  }

  function questionInput(visit, question, onChange) {
    const value = visit.answers[question.code];
    const name = `q-${question.code}`;
    switch (question.kind) {
      case "yes_no":
        return h("span", {class: "field-choices", role: "radiogroup"},
          [["yes", t("yes")], ["no", t("no")]].map(([word, label]) => h("label", {class: "field-choice"},
            h("input", {type: "radio", name, value: word, checked: value === word || value === (word === "yes"), onchange: () => onChange(word)}), label)));
      case "number":
        return h("span", {class: "field-number"},
          h("input", {type: "text", inputmode: "decimal", name, value: value === undefined || value === null ? "" : String(value), oninput: (e) => onChange(e.target.value, true)}),
          question.unit ? h("span", {class: "field-unit"}, question.unit) : null);
      case "single_choice":
        return h("span", {class: "field-choices"}, question.choices.map((choice) => h("label", {class: "field-choice"},
          h("input", {type: "radio", name, value: choice.value, checked: value === choice.value, onchange: () => onChange(choice.value)}), choice.label)));
      case "multiple_choice": {
        const chosen = Array.isArray(value) ? value : [];
        return h("span", {class: "field-choices"}, question.choices.map((choice) => h("label", {class: "field-choice"},
          h("input", {type: "checkbox", name, value: choice.value, checked: chosen.includes(choice.value), onchange: (e) => {
            const now = new Set(Array.isArray(visit.answers[question.code]) ? visit.answers[question.code] : []);
            if (e.target.checked) now.add(choice.value); else now.delete(choice.value);
            onChange(question.choices.map((c) => c.value).filter((v) => now.has(v)));
          }}), choice.label)));
      }
      case "date":
        return h("input", {type: "date", name, max: isoToday(), value: value || "", onchange: (e) => onChange(e.target.value)});
      case "location":
        return h("span", {class: "field-location"},
          h("output", {}, value ? `${formatNumber(value.lat, 6)}, ${formatNumber(value.lon, 6)}` : t("not_answered")), " ",
          h("button", {type: "button", class: "secondary", onclick: () => {
            if (lastFix) onChange({lat: lastFix.lat, lon: lastFix.lon}, false, true);
            else navigator.geolocation.getCurrentPosition((p) => onChange({lat: p.coords.latitude, lon: p.coords.longitude}, false, true), () => {}, {enableHighAccuracy: true, timeout: 20000});
          }}, t("use_position")));
      case "text":
      default:
        return h("textarea", {name, rows: 2, oninput: (e) => onChange(e.target.value, true)}, value || "");
    }
  }

  function photoInputs(visit, question, onFiles) {
    const code = question ? question.code : "";
    const camera = h("input", {type: "file", accept: "image/*", capture: "environment", multiple: true, class: "field-file", "data-photos": code, "data-source": "camera", onchange: (e) => onFiles(e.target.files, code)});
    const gallery = h("input", {type: "file", accept: "image/*", multiple: true, class: "field-file", "data-photos": code, "data-source": "gallery", onchange: (e) => onFiles(e.target.files, code)});
    const mine = visit.files.filter((f) => (f.question || "") === code);
    return h("div", {class: "field-photos"},
      h("label", {class: "button secondary"}, t("take_photo"), camera),
      h("label", {class: "button secondary"}, t("choose_photos"), gallery),
      mine.length ? h("ul", {class: "field-photo-list"}, mine.map((f) => h("li", {"data-file": f.id},
        `${f.name} (${formatBytes(f.size)})`, " ",
        h("button", {type: "button", class: "link", onclick: () => removeFile(visit, f)}, t("remove"))))) : null);
  }

  async function removeFile(visit, file) {
    await db.delete("files", [visit.id, file.id]);
    visit.files = visit.files.filter((f) => f.id !== file.id);
    await saveVisit(visit);
    renderVisit(visit.id);
  }

  async function addFiles(visit, fileList, code) {
    for (const file of Array.from(fileList)) {
      const id = uuid().replace(/-/g, "").slice(0, 16);
      const digest = await sha256(file);
      const entry = {id, name: file.name || `photo-${id}.jpg`, size: file.size, type: file.type, sha256: digest, question: code || null};
      await db.put("files", {visit: visit.id, id, blob: file, ...entry});
      visit.files.push(entry);
    }
    await saveVisit(visit);
    renderVisit(visit.id);
  }

  function stopWatching() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
  }

  function gpsBox(visit, needed, refresh) {
    const box = h("div", {class: "field-gps", id: "field-gps", role: "status"});
    const draw = (message, fix) => {
      const parts = [h("strong", {}, t("gps_title")), " ", h("span", {id: "field-gps-text"}, message)];
      if (visit.position && visit.position.accepted) parts.push(h("p", {}, t("gps_accepted", {accuracy: formatNumber(visit.position.accuracy, 0)})));
      else if (fix && fix.accuracy > needed) {
        parts.push(" ", h("button", {type: "button", class: "secondary", id: "field-gps-accept", onclick: async () => {
          visit.position = {lat: fix.lat, lon: fix.lon, accuracy: fix.accuracy, accepted: true};
          await saveVisit(visit);
          refresh();
        }}, t("gps_accept")));
      }
      box.replaceChildren(...parts);
    };
    if (visit.position && (visit.position.accepted || visit.position.accuracy <= needed)) {
      draw(visit.position.accepted ? "" : t("gps_good", {accuracy: formatNumber(visit.position.accuracy, 0)}), null);
    } else {
      draw(t("gps_waiting"), null);
    }
    if (!("geolocation" in navigator)) return box;
    stopWatching();
    watchId = navigator.geolocation.watchPosition(async (p) => {
      const fix = {lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy};
      lastFix = fix;
      if (visit.position && visit.position.accepted) return;
      if (fix.accuracy <= needed) {
        const better = !visit.position || fix.accuracy <= visit.position.accuracy;
        if (better) {
          visit.position = {...fix, accepted: false};
          await saveVisit(visit);
          draw(t("gps_good", {accuracy: formatNumber(fix.accuracy, 0)}), null);
          refresh(true);
        }
      } else {
        draw(t("gps_accuracy", {accuracy: formatNumber(fix.accuracy, 0), needed: formatNumber(needed, 0)}), fix);
      }
    }, (error) => {
      draw(t("gps_unavailable", {why: error.message || error.code}), null);
    }, {enableHighAccuracy: true, maximumAge: 0, timeout: 60000});
    return box;
  }

  async function renderVisit(id, showErrors) {
    const at = location.hash || "#/";
    const visit = await db.get("visits", id);
    if (!stillAt(at)) return;
    if (!visit) {
      location.hash = "#/";
      return;
    }
    editing = visit.id;
    const campaign = campaignOf(visit.campaign);
    const version = versionOf(campaign, visit);
    const checklist = checklistOf(campaign, visit.checklist);
    const errors = showErrors ? checkVisit(visit, visit.files) : (visit.state === "refused" ? refusalErrors(visit) : {});
    const asked = askedQuestions(version, visit.answers);
    const {own, others} = objectsFor(campaign);
    const needed = checklist ? checklist.gps_accuracy_m : 20;

    const save = async (rerender) => {
      if (["saved", "waiting", "refused", "signed_out"].includes(visit.state)) {
        visit.state = "draft";
      }
      await saveVisit(visit);
      if (rerender) renderVisit(visit.id, showErrors);
    };

    const objectSelect = h("select", {name: "object", onchange: (e) => { visit.object = e.target.value ? Number(e.target.value) : null; visit.far_confirmed = false; save(true); }},
      h("option", {value: ""}, t("choose")),
      own.length ? h("optgroup", {label: t("campaign_objects")}, own.map((o) => h("option", {value: o.id, selected: o.id === visit.object}, o.name))) : null,
      others.length ? h("optgroup", {label: t("area_objects")}, others.map((o) => h("option", {value: o.id, selected: o.id === visit.object}, o.name))) : null);
    const checklistSelect = h("select", {name: "checklist", disabled: visit.kind === "correction", onchange: (e) => {
      const chosen = checklistOf(campaign, Number(e.target.value));
      visit.checklist = chosen ? chosen.id : null;
      visit.version = chosen ? chosen.version : null;
      save(true);
    }}, h("option", {value: ""}, t("no_checklist")), (campaign ? campaign.checklists : []).map((c) => h("option", {value: c.id, selected: c.id === visit.checklist}, c.title)));

    const questionRows = [];
    for (const question of version ? version.questions : []) {
      if (!asked.has(question.code)) continue;
      const label = [question.text, question.required ? ` (${t("required_mark")})` : ""].join("");
      if (question.kind === "photo") {
        questionRows.push(h("fieldset", {class: `field-question${errors[question.code] ? " has-error" : ""}`, "data-question": question.code},
          h("legend", {}, label),
          photoInputs(visit, question, (files, code) => addFiles(visit, files, code)),
          errors[question.code] ? h("p", {class: "field-error", role: "alert"}, errors[question.code]) : null));
        continue;
      }
      const onChange = (value, typing, rerender) => {
        visit.answers[question.code] = value;
        // Questions no longer asked keep no answer.
        const nowAsked = askedQuestions(version, visit.answers);
        let changed = false;
        for (const other of version.questions) {
          if (!nowAsked.has(other.code) && other.code in visit.answers) {
            delete visit.answers[other.code];
            changed = true;
          }
        }
        const askedChanged = nowAsked.size !== asked.size || [...nowAsked].some((c) => !asked.has(c));
        save(!typing || changed || askedChanged || rerender);
      };
      const range = question.kind === "number" && (question.minimum !== null || question.maximum !== null)
        ? h("small", {class: "field-hint"}, question.minimum !== null && question.maximum !== null
          ? t("number_range", {min: formatNumber(question.minimum, 6), max: formatNumber(question.maximum, 6)})
          : question.minimum !== null ? t("number_min", {min: formatNumber(question.minimum, 6)}) : t("number_max", {max: formatNumber(question.maximum, 6)}))
        : null;
      questionRows.push(h("fieldset", {class: `field-question${errors[question.code] ? " has-error" : ""}`, "data-question": question.code},
        h("legend", {}, label),
        questionInput(visit, question, onChange),
        range,
        errors[question.code] ? h("p", {class: "field-error", role: "alert"}, errors[question.code]) : null));
    }

    const far = farDistance(visit);
    const sendable = ["draft", "saved", "waiting", "refused", "signed_out", "checklist_changed", "stale"].includes(visit.state);
    const header = h("div", {class: `field-visit-head state-${visit.state}`},
      h("p", {}, h("a", {href: "#/", onclick: () => stopWatching()}, "← ", t("home"))),
      h("h2", {}, visit.kind === "correction" ? t("correction_of", {date: formatDate(visit.visited_on)}) : t("new_visit")),
      h("p", {class: "field-state", "data-role": "state"}, stateLabel(visit)),
      stateAdvice(visit),
      visit.state === "stale" ? staleComparison(visit) : null);

    const form = h("form", {class: "field-form", id: "field-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); submitVisit(visit); }},
      h("p", {class: "field-meta"}, campaign ? campaign.title : ""),
      field(t("object"), objectSelect, errors.object),
      field(t("checklist"), checklistSelect, errors.checklist_version),
      field(t("visited_on"), h("input", {type: "date", name: "visited_on", max: isoToday(), value: visit.visited_on || "", onchange: (e) => { visit.visited_on = e.target.value; save(false); }}), errors.visited_on),
      visit.kind === "new" ? gpsBox(visit, needed, (quiet) => { if (!quiet) renderVisit(visit.id, showErrors); else if (farDistance(visit) !== null && !document.getElementById("field-far")) renderVisit(visit.id, showErrors); }) : null,
      questionRows,
      visit.kind === "new" ? h("fieldset", {class: "field-question", "data-question": ""}, h("legend", {}, t("photos")), photoInputs(visit, null, (files, code) => addFiles(visit, files, code))) : null,
      field(t("notes"), h("textarea", {name: "notes", rows: 3, oninput: (e) => { visit.notes = e.target.value; save(false); }}, visit.notes), errors.notes),
      field(t("participants"), h("textarea", {name: "participants", rows: 2, oninput: (e) => { visit.participants = e.target.value; save(false); }}, visit.participants), errors.participants),
      visit.kind === "correction" ? field(t("reason"), h("textarea", {name: "reason", rows: 2, oninput: (e) => { visit.reason = e.target.value; save(false); }}, visit.reason), errors.reason) : null,
      far !== null ? h("div", {class: `field-row field-far${errors.far_confirmed ? " has-error" : ""}`, id: "field-far"},
        h("p", {}, farMessage(visit, far)),
        h("label", {}, h("input", {type: "checkbox", name: "far_confirmed", checked: visit.far_confirmed, onchange: (e) => { visit.far_confirmed = e.target.checked; save(false); }}), " ", t("far_confirm"))) : null,
      Object.keys(errors).length ? h("p", {class: "field-error", role: "alert", id: "field-form-errors"}, t("fix_errors")) : null,
      h("p", {class: "field-meta"}, t("saved_note")),
      h("div", {class: "field-actions"},
        sendable ? h("button", {type: "submit", id: "field-send"}, visit.state === "stale" ? t("stale_send_mine") : t("send")) : null,
        h("button", {type: "button", class: "secondary", id: "field-discard", onclick: async () => {
          if (!window.confirm(t("discard_confirm"))) return;
          stopWatching();
          await deleteVisit(visit);
          editing = null;
          location.hash = "#/";
        }}, t("discard"))));
    show(header, form);
  }

  function refusalErrors(visit) {
    const errors = {};
    for (const [name, messages] of Object.entries((visit.refusal && visit.refusal.fields) || {})) {
      errors[name.replace(/^answer_/, "")] = [].concat(messages).join(" ");
    }
    return errors;
  }

  function staleComparison(visit) {
    const current = visit.current || {};
    const campaign = campaignOf(visit.campaign);
    const version = versionOf(campaign, visit);
    const shown = (value) => (value === undefined || value === null || value === "" ? "—" : value === true || value === "yes" ? t("yes") : value === false || value === "no" ? t("no") : Array.isArray(value) ? value.join(", ") : typeof value === "object" ? `${value.lat}, ${value.lon}` : String(value));
    const rows = [
      [t("object"), (objectOf(campaign, visit.object) || {}).name, (objectOf(campaign, current.object) || {}).name || current.object],
      [t("visited_on"), formatDate(visit.visited_on), formatDate(current.visited_on)],
      [t("notes"), visit.notes, current.notes],
      [t("participants"), visit.participants, current.participants],
    ];
    for (const question of version ? version.questions : []) {
      if (question.kind === "photo") continue;
      rows.push([question.text, visit.answers[question.code], (current.answers || {})[question.code]]);
    }
    return h("table", {class: "field-compare", id: "field-compare"},
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, t("stale_mine")), h("th", {}, t("stale_current")))),
      h("tbody", {}, rows.map(([label, mine, theirs]) => h("tr", {class: shown(mine) !== shown(theirs) ? "differs" : ""}, h("th", {}, label), h("td", {}, shown(mine)), h("td", {}, shown(theirs))))));
  }

  async function submitVisit(visit) {
    const fresh = await db.get("visits", visit.id);
    const errors = checkVisit(fresh, fresh.files);
    if (Object.keys(errors).length) {
      renderVisit(fresh.id, true);
      return;
    }
    if (fresh.state === "stale" && fresh.current) fresh.base_revision = fresh.current.revision;
    if (["refused", "stale", "checklist_changed"].includes(fresh.state)) fresh.client_id = uuid();
    fresh.state = "saved";
    fresh.refusal = {};
    fresh.current = null;
    fresh.ready = true;
    await saveVisit(fresh);
    stopWatching();
    editing = null;
    location.hash = "#/";
    if (navigator.onLine) syncAll(false);
    maybeApplyUpdate();
  }

  // The area kept offline ---------------------------------------------------------------------

  async function renderArea() {
    const limits = (bundle && bundle.data && bundle.data.limits) || {area_max_bytes: 5000000};
    const mapBox = area ? h("div", {class: "field-map", id: "field-map"}) : null;
    const list = h("div", {id: "field-areas"}, navigator.onLine ? h("p", {}, t("loading")) : h("p", {}, t("area_needs_connection")));
    show(h("section", {},
      h("p", {}, h("a", {href: "#/"}, "← ", t("home"))),
      h("h2", {}, t("area")),
      h("p", {}, t("area_intro")),
      h("p", {id: "field-area-kept"}, area ? t("area_kept", {name: area.name, objects: formatNumber(area.objects.length, 0)}) : t("area_none")),
      mapBox,
      mapBox && !navigator.onLine ? h("p", {class: "field-meta"}, t("map_offline")) : null,
      list));
    if (mapBox) drawMap(mapBox);
    if (!navigator.onLine) return;
    try {
      const {status, data} = await api("GET", "areas/");
      if (status !== 200) {
        list.replaceChildren(h("p", {}, t("error_server")));
        return;
      }
      const areas = Array.isArray(data) ? data : data.areas || [];
      list.replaceChildren(h("ul", {class: "field-list"}, areas.map((item) => {
        const tooBig = item.bytes > limits.area_max_bytes;
        return h("li", {"data-area": item.slug},
          h("strong", {}, item.name), " ",
          h("small", {}, t("area_objects_count", {objects: formatNumber(item.objects, 0), size: formatBytes(item.bytes)})), " ",
          tooBig ? h("span", {class: "field-warning"}, t("area_too_big", {limit: formatBytes(limits.area_max_bytes)}))
            : h("button", {type: "button", onclick: () => keepArea(item.slug)}, t("area_keep")));
      })));
    } catch (error) {
      list.replaceChildren(h("p", {}, t("area_needs_connection")));
    }
  }

  async function keepArea(slug) {
    const {status, data} = await api("GET", `areas/${encodeURIComponent(slug)}/`);
    if (status !== 200) return;
    const tx = db.transaction("areas", "readwrite");
    await tx.store.clear();
    await tx.store.put({...data, kept_at: new Date().toISOString()});
    await tx.done;
    area = await db.get("areas", data.slug);
    renderArea();
  }

  function loadLeaflet() {
    if (window.L) return Promise.resolve(window.L);
    return new Promise((resolve, reject) => {
      document.head.append(h("link", {rel: "stylesheet", href: C.leaflet_css}));
      const script = h("script", {src: C.leaflet_js});
      script.addEventListener("load", () => resolve(window.L));
      script.addEventListener("error", reject);
      document.head.append(script);
    });
  }

  async function drawMap(box) {
    try {
      const L = await loadLeaflet();
      const map = L.map(box, {attributionControl: true});
      if (navigator.onLine && C.tiles) L.tileLayer(C.tiles, {maxZoom: 18, attribution: "© OpenStreetMap"}).addTo(map);
      const layers = [];
      if (area.boundary) layers.push(L.geoJSON(area.boundary, {style: {color: "#13406e", weight: 2, fillOpacity: 0.05}}));
      for (const o of area.objects) {
        if (o.latitude === null || o.latitude === undefined) continue;
        layers.push(L.circleMarker([o.latitude, o.longitude], {radius: 5, color: "#1d6fb8"}).bindTooltip(o.name));
      }
      const group = L.featureGroup(layers).addTo(map);
      if (layers.length) map.fitBounds(group.getBounds(), {padding: [10, 10]});
      else map.setView([48, 68], 4);
    } catch (error) {
      box.replaceChildren(h("p", {}, t("map_offline")));
    }
  }

  // -- Sending ----------------------------------------------------------------------------------

  function payloadOf(visit) {
    return {
      client_id: visit.client_id,
      campaign: visit.campaign,
      visit: visit.visit,
      base_revision: visit.base_revision,
      object: visit.object,
      visited_on: visit.visited_on,
      checklist_version: visit.version ? visit.version.id : null,
      answers: cleanAnswers(visit),
      notes: visit.notes,
      participants: visit.participants,
      position: visit.position ? {lat: visit.position.lat, lon: visit.position.lon, accuracy: visit.position.accuracy, accepted: !!visit.position.accepted} : null,
      far_confirmed: !!visit.far_confirmed,
      reason: visit.reason || "",
      files: visit.files.map((f) => ({id: f.id, name: f.name, size: f.size, sha256: f.sha256})),
    };
  }

  async function setState(visit, state, changes) {
    Object.assign(visit, changes || {}, {state});
    await saveVisit(visit);
    refreshHomeState(visit);
  }

  function refreshHomeState(visit) {
    const item = document.querySelector(`[data-visit="${visit.id}"] [data-role="state"]`);
    if (item) {
      item.textContent = stateLabel(visit);
      item.closest("[data-visit]").dataset.state = visit.state;
    }
  }

  function fileStatus(status, id) {
    return (status.files || []).find((f) => String(f.id) === String(id)) || null;
  }

  async function moveToCurrentChecklist(visit, data) {
    await refreshBundle();
    const campaign = campaignOf(visit.campaign);
    const checklist = checklistOf(campaign, visit.checklist);
    const version = (data && (data.version || data.current || (data.checklist && data.checklist.version))) || (checklist && checklist.version);
    if (!version || !version.questions) return false;
    const codes = new Set(version.questions.map((q) => q.code));
    const answers = {};
    for (const [code, value] of Object.entries(visit.answers)) if (codes.has(code)) answers[code] = value;
    visit.version = version;
    visit.answers = answers;
    visit.files = visit.files.map((f) => (f.question && !codes.has(f.question) ? {...f, question: null} : f));
    return true;
  }

  async function uploadFile(visit, file, status) {
    const stored = await db.get("files", [visit.id, file.id]);
    const chunk = (bundle && bundle.data.limits && bundle.data.limits.chunk_bytes) || 1048576;
    let state = fileStatus(status, file.id);
    let received = state ? state.received : 0;
    let mismatches = 0;
    while (received < file.size || (state && !state.confirmed)) {
      const end = Math.min(received + chunk, file.size) - 1;
      const piece = stored.blob.slice(received, end + 1);
      const {status: code, data} = await api("PUT", `visits/${visit.client_id}/files/${encodeURIComponent(file.id)}`, {
        body: piece,
        headers: {"Content-Type": "application/octet-stream", "Content-Range": `bytes ${received}-${end}/${file.size}`},
      });
      const refusal = (data && data.refusal) || {};
      if (code === 403 && !LOST_SESSION.includes(refusal.code)) return {stop: "refused", refusal};
      if (code === 403) return {stop: "signed_out"};
      if (code === 409 && refusal.code === "gap") {
        const known = fileStatus(data, file.id) || (data.file && String(data.file.id) === String(file.id) ? data.file : null);
        received = known ? known.received : 0;
        state = known;
        continue;
      }
      if (code === 422 && refusal.code === "hash_mismatch") {
        mismatches += 1;
        if (mismatches > 2) return {stop: "refused", refusal};
        received = 0;
        state = null;
        continue;
      }
      if (code >= 400) {
        if (data && data.state === "refused") return {stop: "refused", refusal: refusal, status: data};
        if (code >= 500) throw new Offline(`server ${code}`);
        return {stop: "refused", refusal};
      }
      status = data;
      state = fileStatus(status, file.id);
      received = state ? state.received : end + 1;
      visit.progress = {n: (status.files || []).filter((f) => f.confirmed).length, m: visit.files.length};
      await setState(visit, "sending");
      if (status.state === "sent" || status.state === "refused") break;
      if (state && state.confirmed) break;
    }
    return {status};
  }

  function allConfirmed(visit, status) {
    return visit.files.every((f) => {
      const known = fileStatus(status, f.id);
      return known && known.confirmed && known.sha256 === f.sha256;
    });
  }

  async function syncVisit(visit) {
    let {status: code, data} = await api("POST", "visits/", {json: payloadOf(visit)});
    const refusal = (data && data.refusal) || {};
    if (code === 403 && !LOST_SESSION.includes(refusal.code)) {
      // Signed in, but no longer allowed (off the team, the campaign closed): say why.
      await setState(visit, "refused", {refusal, ready: false});
      return "next";
    }
    if (code === 403) {
      await setState(visit, "signed_out");
      return "stop";
    }
    if (code === 409 && refusal.code === "stale") {
      await setState(visit, "stale", {current: data.current || refusal.current || null, ready: false});
      return "next";
    }
    if (code === 409 && refusal.code === "checklist_changed") {
      await moveToCurrentChecklist(visit, data);
      await setState(visit, "checklist_changed", {ready: false});
      return "next";
    }
    if (code >= 500) throw new Offline(`server ${code}`);
    if (code >= 400 || data.state === "refused") {
      await setState(visit, "refused", {refusal: data.refusal || refusal, ready: false});
      return "next";
    }
    let status = data;
    visit.progress = {n: (status.files || []).filter((f) => f.confirmed).length, m: visit.files.length};
    if (status.state === "receiving") await setState(visit, "sending");
    for (const file of visit.files) {
      if (status.state !== "receiving") break;
      const known = fileStatus(status, file.id);
      if (known && known.confirmed) continue;
      const result = await uploadFile(visit, file, status);
      if (result.stop === "signed_out") {
        await setState(visit, "signed_out");
        return "stop";
      }
      if (result.stop === "refused") {
        await setState(visit, "refused", {refusal: result.refusal, ready: false});
        return "next";
      }
      status = result.status;
    }
    ({status: code, data} = await api("GET", `visits/${visit.client_id}/`));
    if (code === 403) {
      await setState(visit, "signed_out");
      return "stop";
    }
    if (code !== 200) throw new Offline(`status ${code}`);
    status = data;
    if (status.state === "refused") {
      await setState(visit, "refused", {refusal: status.refusal, ready: false});
      return "next";
    }
    if (status.state === "sent" && allConfirmed(visit, status)) {
      // The server has the visit and every photo, by their digests: the copy may go.
      const tx = db.transaction(["visits", "files"], "readwrite");
      const keys = await tx.objectStore("files").index("visit").getAllKeys(visit.id);
      for (const key of keys) tx.objectStore("files").delete(key);
      tx.objectStore("visits").put({
        id: visit.id, kind: visit.kind, campaign: visit.campaign, object: visit.object, visited_on: visit.visited_on,
        state: "sent", visit_url: status.visit_url, server_visit: status.visit, files: [], answers: {},
        sent_at: new Date().toISOString(), updated_at: new Date().toISOString(),
      });
      await tx.done;
      return "next";
    }
    await setState(visit, "sending");
    return "next";
  }

  async function syncAll(manual) {
    if (syncing || !db) return;
    if (!navigator.onLine) {
      if (manual) renderCurrent();
      return;
    }
    syncing = true;
    const button = document.getElementById("field-sync");
    if (button) {
      button.disabled = true;
      button.textContent = t("syncing");
    }
    try {
      await refreshBundle();
      if (signedOut) {
        for (const visit of await allVisits()) {
          if (visit.ready && SENDABLE.includes(visit.state)) await setState(visit, "signed_out");
        }
        return;
      }
      for (const visit of await allVisits()) {
        if (!visit.ready || !SENDABLE.includes(visit.state)) continue;
        try {
          if ((await syncVisit(visit)) === "stop") break;
        } catch (error) {
          if (!(error instanceof Offline)) throw error;
          await setState(visit, "waiting");
          break;
        }
      }
      // Sent visits leave the list once the bundle lists them among the sent ones.
      await refreshBundle();
    } finally {
      syncing = false;
      if (!editing) renderCurrent();
    }
  }

  // -- Routing and updates ----------------------------------------------------------------------

  function renderCurrent() {
    const hash = location.hash || "#/";
    const visitMatch = hash.match(/^#\/visit\/([\w-]+)/);
    if (!visitMatch) {
      stopWatching();
      editing = null;
    }
    if (visitMatch) return renderVisit(visitMatch[1]);
    if (hash.startsWith("#/sent")) return renderSent();
    if (hash.startsWith("#/area")) return renderArea();
    return renderHome();
  }

  const route = renderCurrent;

  function maybeApplyUpdate() {
    if (updateWaiting && !editing && wb) wb.messageSkipWaiting();
  }

  function checkForUpdate() {
    if (wb && navigator.onLine) wb.update().catch(() => {});
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !window.workbox) return;
    wb = new window.workbox.Workbox(C.sw, {scope: "/"});
    const offer = () => {
      updateWaiting = true;
      if (!editing) {
        wb.messageSkipWaiting();
        return;
      }
      document.getElementById("field-update").hidden = false;
    };
    wb.addEventListener("waiting", offer);
    wb.addEventListener("controlling", (event) => {
      if (event.isUpdate) window.location.reload();
    });
    document.getElementById("field-update-reload").addEventListener("click", () => {
      document.getElementById("field-update").hidden = true;
      if (wb) wb.messageSkipWaiting();
    });
    // The browser checks for a new worker on its own when the page opens: that worker may already
    // wait, or be installing, before this page listens. Watch it as one that arrives later.
    const watch = (worker) => {
      if (!worker) return;
      if (worker.state === "installed") offer();
      else worker.addEventListener("statechange", () => { if (worker.state === "installed") offer(); });
    };
    wb.register()
      .then((registration) => {
        if (!registration) return;
        if (registration.waiting) offer();
        watch(registration.installing);
        registration.addEventListener("updatefound", () => watch(registration.installing));
        // Ask for a new version now rather than wait for the browser's own check, which it
        // puts off while the page keeps its worker busy.
        checkForUpdate();
      })
      .catch(() => {});
  }

  async function start() {
    db = await openDatabase();
    await loadBundle();
    netIndicator();
    window.addEventListener("online", () => { netIndicator(); checkForUpdate(); syncAll(false); });
    window.addEventListener("offline", () => { netIndicator(); if (!editing) renderCurrent(); });
    window.addEventListener("hashchange", renderCurrent);
    await renderCurrent();
    registerWorker();
    if (navigator.onLine) {
      if (!bundle) await refreshBundle();
      await syncAll(false);
    }
  }

  // For the tests and the curious: the database's name and what the page holds.
  window.baqylauField = {sync: () => syncAll(true), db: () => db, version: C.version};

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
