/* 申报自检: turns the form into an application (POLICY.md §1), asks the server for the decision
 * as the officer types, and shows route, steps, findings and obligations with their articles.
 * Plain DOM code, no framework; every text from the server is inserted as text, never as HTML,
 * except the article fragment, which the server renders escaped. */
(function () {
  "use strict";

  const root = document.getElementById("selfcheck");
  if (!root) return;
  const form = document.getElementById("application-form");
  const strings = JSON.parse(document.getElementById("selfcheck-strings").textContent);
  const evaluateUrl = root.dataset.evaluateUrl;
  const articleUrl = root.dataset.articleUrl;
  const DEBOUNCE_MS = 250;

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-") || key.startsWith("aria-") || ["href", "title", "role", "type"].includes(key)) {
        node.setAttribute(key, value);
      } else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function cookie(name) {
    for (const part of document.cookie.split(";")) {
      const [key, ...rest] = part.trim().split("=");
      if (key === name) return decodeURIComponent(rest.join("="));
    }
    return "";
  }

  function setPath(target, path, value) {
    const keys = path.split(".");
    let node = target;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
      node = node[key];
    }
    node[keys[keys.length - 1]] = value;
  }

  function getPath(source, path) {
    return path.split(".").reduce((node, key) => (node == null ? undefined : node[key]), source);
  }

  // ---- amounts: decimal strings, never binary floating point ------------------------------

  const MONEY = /^\d+(\.\d+)?$/;

  function cleanMoney(raw) {
    return raw.replace(/[,,\s]/g, "");
  }

  function groupDigits(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /** "1200000" -> "120" (万元), by moving the decimal point four places. */
  function toWan(yuan) {
    const [intPart, frac = ""] = yuan.split(".");
    const padded = intPart.padStart(5, "0");
    const whole = padded.slice(0, -4).replace(/^0+(?=\d)/, "");
    const decimals = (padded.slice(-4) + frac).replace(/0+$/, "");
    return groupDigits(whole) + (decimals ? "." + decimals : "");
  }

  function scaled(yuan, scale) {
    const [intPart, frac = ""] = yuan.split(".");
    return BigInt(intPart + frac.padEnd(scale, "0").slice(0, scale));
  }

  function formatScaled(value, scale) {
    const negative = value < 0n;
    const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
    const whole = groupDigits(digits.slice(0, digits.length - scale));
    const frac = scale ? digits.slice(-scale).replace(/0+$/, "") : "";
    return (negative ? "-" : "") + whole + (frac ? "." + frac : "");
  }

  function showWan(input) {
    const holder = input.closest(".field, td, [data-kinds], .col-md-3");
    const target = holder && holder.querySelector(".wan");
    if (!target) return;
    const value = cleanMoney(input.value);
    target.textContent = MONEY.test(value) && value !== "0" ? "= " + toWan(value) + " " + strings.wan : "";
  }

  // ---- reading the form --------------------------------------------------------------------

  function readValue(input) {
    const type = input.dataset.type || "text";
    if (type === "bool") return input.checked;
    const raw = input.value.trim();
    if (raw === "") return undefined;
    if (type === "money") return cleanMoney(raw);
    if (type === "int") return /^[+-]?\d+$/.test(raw) ? parseInt(raw, 10) : raw;
    if (type === "number") return /^[+-]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    return raw;
  }

  function readLines(container, selector, prefix) {
    const lines = [];
    container.querySelectorAll(selector).forEach((row) => {
      row.removeAttribute("data-field");
      const line = {};
      let filled = false;
      row.querySelectorAll("[data-key]").forEach((input) => {
        input.removeAttribute("data-field");
        if (input.closest("[hidden]")) return;
        const value = readValue(input);
        if (value === undefined) return;
        line[input.dataset.key] = value;
        if (input.tagName !== "SELECT") filled = true;
      });
      if (!filled) return; // an untouched row is not a line yet
      const index = lines.length;
      row.dataset.field = `${prefix}[${index}]`;
      row.querySelectorAll("[data-key]").forEach((input) => {
        input.dataset.field = `${prefix}[${index}].${input.dataset.key}`;
      });
      lines.push(line);
    });
    return lines;
  }

  function readApplication() {
    const application = {};
    form.querySelectorAll("[data-path]").forEach((input) => {
      if (input.matches(":disabled")) return;
      const value = readValue(input);
      if (value !== undefined) setPath(application, input.dataset.path, value);
    });
    if (!document.getElementById("f-higher").checked) application.higher_approval = null;
    application.attachments = Array.from(
      form.querySelectorAll('[data-list="attachments"]:checked'), (box) => box.value);
    application.budget = readLines(document.getElementById("budget-lines"), ".budget-line", "budget");
    application.maintenance = readLines(
      document.getElementById("maintenance-lines"), ".maintenance-line", "maintenance");
    return application;
  }

  // ---- budget and maintenance rows -----------------------------------------------------------

  function syncBudgetRow(row) {
    const isDev = row.querySelector('[data-key="item"]').value === "app_dev";
    const pm = row.querySelector('[data-key="person_months"]');
    pm.hidden = !isDev;
    if (!isDev) pm.value = "";
  }

  function syncMaintenanceRow(row) {
    const kind = row.querySelector('[data-key="item"]').value;
    row.querySelectorAll("[data-kinds]").forEach((cell) => {
      cell.hidden = !cell.dataset.kinds.split(" ").includes(kind);
    });
  }

  function addRow(templateId, containerId, values) {
    const fragment = document.getElementById(templateId).content.cloneNode(true);
    const row = fragment.firstElementChild;
    for (const [key, value] of Object.entries(values || {})) {
      const input = row.querySelector(`[data-key="${key}"]`);
      if (input && value !== null && value !== undefined) input.value = String(value);
    }
    document.getElementById(containerId).append(row);
    if (row.classList.contains("budget-line")) syncBudgetRow(row);
    else syncMaintenanceRow(row);
    row.querySelectorAll('[data-type="money"]').forEach(showWan);
    return row;
  }

  function updateBudgetSum(application) {
    const target = document.getElementById("budget-sum");
    const amounts = [...application.budget, ...application.maintenance]
      .map((line) => line.amount).filter((amount) => typeof amount === "string" && MONEY.test(amount));
    if (!amounts.length) { target.textContent = ""; return; }
    const total = application.total_amount;
    const all = MONEY.test(total || "") ? [...amounts, total] : amounts;
    const scale = Math.max(0, ...all.map((amount) => (amount.split(".")[1] || "").length));
    const sum = amounts.reduce((acc, amount) => acc + scaled(amount, scale), 0n);
    let text = `${strings.sum} ${formatScaled(sum, scale)} ${strings.yuan}`;
    if (MONEY.test(total || "")) {
      const diff = sum - scaled(total, scale);
      text += diff === 0n ? `,${strings.equal}` : `,${strings.diff} ${formatScaled(diff, scale)} ${strings.yuan}`;
    }
    target.textContent = text;
  }

  // ---- showing the decision ----------------------------------------------------------------

  const ROUTE_COLOURS = {
    FILING: "text-bg-success", REVIEW: "text-bg-primary", GOV_INVESTMENT: "text-bg-danger",
    DIRECT_FILING: "text-bg-info", INFO_PUBLISHING: "text-bg-warning",
  };

  function articleLink(source, policy, quote) {
    const params = new URLSearchParams({ source });
    if (policy) params.set("pack", policy);
    if (quote) params.set("quote", quote);
    return el("a", { class: "article-link", href: `${articleUrl}?${params}`, "data-source": source, text: source });
  }

  function sourceLinks(sources, policy, quote) {
    const span = el("span", { class: "sources" });
    sources.forEach((source, i) => {
      if (i) span.append("、");
      span.append(articleLink(source, policy, quote));
    });
    return span;
  }

  function locateButton(field) {
    if (!field) return null;
    return el("button", { type: "button", class: "btn btn-link btn-sm p-0 ms-2 locate", "data-locate": field, text: strings.locate });
  }

  function renderDecision(decision) {
    document.getElementById("placeholder").classList.add("d-none");
    const box = document.getElementById("decision");
    box.classList.remove("d-none", "stale");

    const route = document.getElementById("route");
    route.className = "badge route-badge " + (ROUTE_COLOURS[decision.route] || "text-bg-secondary");
    route.dataset.route = decision.route;
    route.title = decision.route;
    route.textContent = decision.route_label;

    const eligible = document.getElementById("eligible");
    eligible.className = "badge " + (decision.eligible ? "text-bg-light border" : "text-bg-danger");
    eligible.dataset.eligible = String(decision.eligible);
    eligible.textContent = decision.eligible ? strings.eligible : strings.ineligible;

    document.getElementById("basis").replaceChildren(...decision.basis.map((basis) =>
      el("div", {}, sourceLinks(basis.sources, decision.policy, basis.quote),
        basis.quote ? el("span", { class: "quote", text: `“${basis.quote}”` }) : null)));

    document.getElementById("steps").replaceChildren(...decision.step_items.map((step) =>
      el("li", { "data-step": step.code, text: step.label })));

    const findings = document.getElementById("findings");
    findings.replaceChildren(...decision.findings.map((finding) => el("li", {
      class: `finding finding-${finding.severity}${finding.blocking ? " finding-blocking" : ""}`,
      "data-code": finding.code, "data-severity": finding.severity, "data-blocking": String(finding.blocking),
    },
    el("div", { class: "d-flex align-items-center gap-2 flex-wrap" },
      el("span", { class: `badge ${finding.severity === "error" ? "text-bg-danger" : "text-bg-warning"}`, text: finding.severity_label }),
      el("span", { class: "finding-title fw-semibold", text: finding.title }),
      finding.blocking ? el("span", { class: "badge rounded-pill text-bg-dark blocking-mark", text: strings.blocking }) : null,
      el("code", { class: "finding-code small", text: finding.code })),
    el("div", { class: "finding-message", text: finding.message }),
    el("div", { class: "finding-meta small" }, strings.basis + " ", sourceLinks(finding.sources, decision.policy, finding.quote), locateButton(finding.field)))));
    document.getElementById("finding-count").textContent = String(decision.findings.length);
    document.getElementById("no-findings").classList.toggle("d-none", decision.findings.length > 0);

    document.getElementById("obligations").replaceChildren(...decision.obligations.map((obligation) =>
      el("li", { class: "obligation", "data-code": obligation.code },
        el("span", { text: obligation.label + " " }),
        el("span", { class: "text-body-secondary" }, "(", sourceLinks(obligation.sources, decision.policy, obligation.quote), ")"))));
    document.getElementById("policy").textContent = decision.policy;
  }

  function clearErrors() {
    form.querySelectorAll(".is-invalid").forEach((node) => node.classList.remove("is-invalid"));
    form.querySelectorAll(".field-error").forEach((node) => node.remove());
    form.querySelectorAll(".accordion-item.has-error").forEach((node) => node.classList.remove("has-error"));
    document.getElementById("error").classList.add("d-none");
  }

  /** The element showing `field`, or its nearest shown parent ("budget[2].amount" -> "budget[2]"). */
  function fieldElement(field) {
    let path = field || "";
    while (path) {
      const found = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
      if (found) return found;
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    return null;
  }

  // Until the officer has typed anything, a missing field is a hint, not a red mark.
  let touched = false;

  function showError(error) {
    clearErrors();
    const box = document.getElementById("error");
    box.replaceChildren(el("span", { text: error.message }), locateButton(error.field));
    box.dataset.field = error.field || "";
    box.className = "alert " + (touched ? "alert-warning" : "alert-light border small");
    document.getElementById("decision").classList.add("stale");
    const target = fieldElement(error.field);
    if (!target || !touched) return;
    if (target.matches("input, select, textarea")) target.classList.add("is-invalid");
    const holder = target.closest(".field, td, [data-kinds], .col-md-3, .budget-line, .maintenance-line") || target;
    holder.append(el("div", { class: "field-error invalid-feedback d-block", "data-field": error.field, text: error.message }));
    const section = target.closest(".accordion-item");
    if (section) section.classList.add("has-error");
  }

  function locate(field) {
    const target = fieldElement(field);
    if (!target) return;
    const collapse = target.closest(".accordion-collapse");
    if (collapse && !collapse.classList.contains("show")) bootstrap.Collapse.getOrCreateInstance(collapse).show();
    setTimeout(() => {
      target.scrollIntoView({ behavior: "smooth", block: "center" });
      const focusable = target.matches("input, select") ? target : target.querySelector("input, select");
      if (focusable) focusable.focus({ preventScroll: true });
    }, 350);
  }

  // ---- talking to the server -----------------------------------------------------------------

  let timer = null;
  let inFlight = null;

  async function evaluateNow() {
    const application = readApplication();
    updateBudgetSum(application);
    if (inFlight) inFlight.abort();
    const controller = new AbortController();
    inFlight = controller;
    document.getElementById("busy").classList.remove("invisible");
    try {
      const response = await fetch(evaluateUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") },
        body: JSON.stringify(application),
        signal: controller.signal,
        credentials: "same-origin",
      });
      const body = await response.json();
      if (controller !== inFlight) return;
      if (body.decision) { clearErrors(); renderDecision(body.decision); }
      else showError(body.error || { field: "", message: strings.unreachable });
    } catch (failure) {
      if (failure.name !== "AbortError") showError({ field: "", message: strings.unreachable });
    } finally {
      if (controller === inFlight) {
        inFlight = null;
        document.getElementById("busy").classList.add("invisible");
        root.dataset.state = "idle";
      }
    }
  }

  function scheduleEvaluation() {
    root.dataset.state = "pending";
    clearTimeout(timer);
    timer = setTimeout(evaluateNow, DEBOUNCE_MS);
  }

  // ---- filling the form (example, reset) --------------------------------------------------------

  function clearForm() {
    form.reset();
    document.getElementById("budget-lines").replaceChildren();
    document.getElementById("maintenance-lines").replaceChildren();
  }

  function fillForm(application) {
    clearForm();
    form.querySelectorAll("[data-path]").forEach((input) => {
      const value = getPath(application, input.dataset.path);
      if (input.dataset.type === "bool") input.checked = Boolean(value);
      else input.value = value === undefined || value === null ? "" : String(value);
    });
    const higher = application.higher_approval;
    document.getElementById("f-higher").checked = Boolean(higher);
    const attachments = application.attachments || [];
    form.querySelectorAll('[data-list="attachments"]').forEach((box) => { box.checked = attachments.includes(box.value); });
    (application.budget || []).forEach((line) => addRow("budget-line-template", "budget-lines", line));
    (application.maintenance || []).forEach((line) => addRow("maintenance-line-template", "maintenance-lines", line));
    if (!(application.budget || []).length) addRow("budget-line-template", "budget-lines");
    syncForm();
    form.querySelectorAll('[data-path][data-type="money"]').forEach(showWan);
    scheduleEvaluation();
  }

  function syncForm() {
    document.getElementById("higher-approval").disabled = !document.getElementById("f-higher").checked;
    document.getElementById("f-contract-year").disabled =
      document.getElementById("f-tender-mode").value !== "one_plus_two";
  }

  // ---- wiring --------------------------------------------------------------------------------

  form.querySelectorAll("[data-path]").forEach((input) => { input.dataset.field = input.dataset.path; });

  form.addEventListener("input", (event) => {
    touched = true;
    if (event.target.dataset.type === "money") showWan(event.target);
    scheduleEvaluation();
  });
  form.addEventListener("change", (event) => {
    touched = true;
    const row = event.target.closest(".budget-line, .maintenance-line");
    if (row && event.target.dataset.key === "item") {
      if (row.classList.contains("budget-line")) syncBudgetRow(row);
      else syncMaintenanceRow(row);
    }
    syncForm();
    scheduleEvaluation();
  });
  form.addEventListener("click", (event) => {
    const remove = event.target.closest(".remove-line");
    if (!remove) return;
    remove.closest(".budget-line, .maintenance-line").remove();
    scheduleEvaluation();
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); evaluateNow(); });

  document.getElementById("add-budget-line").addEventListener("click", () => {
    addRow("budget-line-template", "budget-lines").querySelector("select").focus();
  });
  document.getElementById("add-maintenance-line").addEventListener("click", () => {
    addRow("maintenance-line-template", "maintenance-lines").querySelector("select").focus();
  });
  document.getElementById("load-example").addEventListener("click", () => {
    touched = true;
    fillForm(JSON.parse(document.getElementById("example-application").textContent));
  });
  document.getElementById("reset-form").addEventListener("click", () => {
    touched = false;
    fillForm({ declared_on: document.getElementById("f-declared-on").defaultValue,
      budget_year: document.getElementById("f-budget-year").defaultValue,
      om: { first_application: true }, compliance: { system_count_change: 0 }, unit: { kind: "department" },
      kind: "new", tender: { mode: "single", contract_year: 1 }, category: { type: "general" } });
  });

  document.addEventListener("click", (event) => {
    const locator = event.target.closest("[data-locate]");
    if (locator) { locate(locator.dataset.locate); return; }
    const link = event.target.closest("a.article-link");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    openArticle(link.href);
  });

  async function openArticle(href) {
    const body = document.getElementById("article-modal-body");
    body.replaceChildren(el("div", { class: "text-body-secondary", text: strings.loading }));
    document.getElementById("article-modal-open").href = href;
    bootstrap.Modal.getOrCreateInstance(document.getElementById("article-modal")).show();
    try {
      const response = await fetch(href + "&partial=1", { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      body.innerHTML = await response.text(); // server-rendered, auto-escaped fragment
    } catch (failure) {
      body.replaceChildren(el("div", { class: "alert alert-warning", text: strings.articleFailed }));
    }
  }

  const modal = document.getElementById("article-modal");
  modal.addEventListener("shown.bs.modal", () => { modal.dataset.shown = "true"; });
  modal.addEventListener("hidden.bs.modal", () => { delete modal.dataset.shown; });

  addRow("budget-line-template", "budget-lines");
  syncForm();
  scheduleEvaluation();
})();
