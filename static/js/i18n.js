// Messages come translated from the server (the page's locale) in the boot JSON.
let messages = {};
let lang = document.documentElement.lang || "en";

export function setMessages(boot) {
  messages = boot.messages || {};
  lang = boot.lang || lang;
}

/** t("online", {count: 3}) -> "Online now: 3" in the page's language. */
export function t(key, params = {}) {
  let text = messages[key] || key;
  for (const [name, value] of Object.entries(params)) {
    const shown = typeof value === "number" ? formatNumber(value) : String(value);
    text = text.split(`%(${name})s`).join(shown);
  }
  return text;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

const timeFormat = () => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });

/** Show a <time datetime> in the reader's own time zone, in the page's language. */
export function localiseTime(el) {
  const value = el.getAttribute("datetime");
  if (!value) return;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return;
  el.textContent = timeFormat().format(date);
}
