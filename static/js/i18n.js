// Messages come translated from the server (the page's locale) in the boot JSON.
let messages = {};
let lang = document.documentElement.lang || "en";

export function setMessages(boot) {
  messages = boot.messages || {};
  lang = boot.lang || lang;
}

/**
 * t("online", {count: 3}) -> "Online now: 3" in the page's language. A plural message comes
 * as its forms by plural category; params.count picks one (Intl.PluralRules, CLDR's rules).
 */
export function t(key, params = {}) {
  let text = messages[key] || key;
  if (typeof text === "object") {
    const category = new Intl.PluralRules(lang).select(Number(params.count ?? 0));
    text = text[category] ?? text.other ?? Object.values(text)[0];
  }
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
const STEPS = [[60, "second"], [60, "minute"], [24, "hour"]];

/** "2 minutes ago" in the page's language (CLDR through Intl), or null past a day. */
function relative(date) {
  let amount = (date.getTime() - Date.now()) / 1000;
  if (amount > 60 || amount < -86400) return null;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  for (const [size, unit] of STEPS) {
    if (Math.abs(amount) < size) {
      return unit === "second" ? format.format(0, "second") : format.format(Math.round(amount), unit); // "now" for the last minute
    }
    amount /= size;
  }
  return null;
}

const ticking = new Set();

/**
 * Show a <time datetime> in the reader's own time zone, in the page's language: relative
 * within the last day ("5 minutes ago", kept current), with the full date in its title.
 */
export function localiseTime(el) {
  const value = el.getAttribute("datetime");
  if (!value) return;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return;
  const absolute = timeFormat().format(date);
  const near = relative(date);
  el.textContent = near ?? absolute;
  el.title = near ? absolute : "";
  if (near) ticking.add(el);
  else ticking.delete(el);
}

setInterval(() => {
  for (const el of ticking) {
    if (el.isConnected) localiseTime(el);
    else ticking.delete(el);
  }
}, 30_000);
