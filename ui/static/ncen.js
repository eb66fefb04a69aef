// ncen: small progressive enhancements; every page works without this script.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
// Record pickers (a case's parties, an entity's persons): while a name is typed, offer the records of the
// databases that look like it, from the node's own JSON API. Without this script, "Find in the databases" does it.
(() => {
  const MIN_LETTERS = 3;
  const plural = (select) => {
    const fixed = select.getAttribute("data-picker");
    if (fixed) {
      return fixed;
    }
    const kind = document.getElementById(select.getAttribute("data-picker-kind-from"));
    return kind && kind.value === "entity" ? "entities" : "persons";
  };
  const describe = (record) => {
    const parts = [record.full_name || record.legal_name || (record.trading_names || [])[0] || ""];
    if (record.date_of_birth) parts.push(record.date_of_birth);
    if (record.nationalities && record.nationalities.length) parts.push(record.nationalities.join(", "));
    if (record.registration && record.registration.number) parts.push(record.registration.number);
    return parts.filter(Boolean).join(" · ");
  };
  const refresh = async (select, name) => {
    const words = name.value.trim();
    if (words.length < MIN_LETTERS) {
      return;
    }
    const query = new URLSearchParams({q: words, limit: "6"});
    let found;
    try {
      const response = await fetch(`/api/v1/${plural(select)}?${query}`,
        {credentials: "same-origin", headers: {Accept: "application/json"}});
      if (!response.ok) {
        return;
      }
      found = (await response.json()).items || [];
    } catch (error) {
      return;  // offline or signed out: the form still works without suggestions
    }
    const chosen = select.value;
    Array.from(select.options).slice(2).forEach((option) => {
      if (option.value !== chosen) {
        option.remove();
      }
    });
    found.forEach((record) => {
      if (record.id === chosen) {
        return;
      }
      const option = document.createElement("option");
      option.value = record.id;
      option.textContent = describe(record);
      select.appendChild(option);
    });
  };
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("select[data-picker-name]").forEach((select) => {
      const name = document.getElementById(select.getAttribute("data-picker-name"));
      if (!name) {
        return;
      }
      let timer = null;
      name.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => refresh(select, name), 350);
      });
    });
  });
})();
