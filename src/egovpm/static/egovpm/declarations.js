/* 项目申报 form: add/remove table rows, show the sections the chosen kind needs, show amounts
 * in 万元. The live findings panel is htmx (the server renders it); this script only tells it
 * when rows change. Amounts are handled as digit strings, never as binary floating point. */
(function () {
  "use strict";

  const form = document.getElementById("application-form");
  if (!form) return;

  function changed() {
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // ---- rows ----------------------------------------------------------------------------------
  document.querySelectorAll(".add-row").forEach((button) => {
    button.addEventListener("click", () => {
      const template = document.getElementById(button.dataset.template);
      const row = template.content.firstElementChild.cloneNode(true);
      document.getElementById(button.dataset.target).append(row);
      const first = row.querySelector("input, select");
      if (first) first.focus();
    });
  });
  form.addEventListener("click", (event) => {
    const remove = event.target.closest(".remove-row");
    if (!remove) return;
    remove.closest("tr").remove();
    changed();
  });

  // ---- sections per kind -------------------------------------------------------------------
  const kind = form.querySelector('[name="kind"]');
  function syncSections() {
    form.querySelectorAll(".form-section[data-kinds]").forEach((section) => {
      section.hidden = !section.dataset.kinds.split(" ").includes(kind.value);
    });
  }
  if (kind) kind.addEventListener("change", syncSections);

  // ---- 万元 and the sum of the lines -------------------------------------------------------
  const MONEY = /^\d+(\.\d{1,2})?$/;
  function cents(text) {
    const [whole, frac = ""] = text.split(".");
    return BigInt(whole + frac.padEnd(2, "0"));
  }
  function wan(amountInCents) {
    const value = amountInCents.toString().padStart(7, "0");
    const whole = value.slice(0, -6).replace(/^0+(?=\d)/, "");
    const decimals = value.slice(-6).replace(/0+$/, "");
    return whole + (decimals ? "." + decimals : "");
  }
  function showWan() {
    form.querySelectorAll("[data-wan-for]").forEach((target) => {
      const input = document.getElementById(target.dataset.wanFor);
      const value = (input.value || "").replace(/[,,\s]/g, "");
      target.textContent = MONEY.test(value) && value !== "0" ? "= " + wan(cents(value)) + " " + form.dataset.strWan : "";
    });
    const amounts = Array.from(form.querySelectorAll('[name="budget-amount"], [name="maintenance-amount"]'),
      (input) => input.value.replace(/[,,\s]/g, "")).filter((value) => MONEY.test(value));
    const target = document.getElementById("budget-sum");
    if (!target) return;
    if (!amounts.length) { target.textContent = ""; return; }
    const sum = amounts.reduce((acc, value) => acc + cents(value), 0n);
    const total = (form.querySelector('[name="total_amount"]').value || "").replace(/[,,\s]/g, "");
    let text = form.dataset.strSum + " " + wan(sum) + " " + form.dataset.strWan;
    if (MONEY.test(total)) text += "," + (sum === cents(total) ? form.dataset.strEqual : form.dataset.strDiffer);
    target.textContent = text;
  }
  form.addEventListener("input", showWan);
  form.addEventListener("change", showWan);
  showWan();
})();

/* The list and detail pages (CSP allows no inline handlers): a <select data-autosubmit> submits
 * its form when changed; a button with data-confirm asks first, in the page's language. */
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();
