// Share buttons ([data-share-url]): the system's share sheet through the Web Share API where
// the browser has one (phones), else the link is copied; where copying is refused, the link is
// shown selected, ready to copy by hand. No third-party script, nothing sent anywhere.
import { t } from "./i18n.js";

let status = null;

function announce(text) {
  if (!status) {
    status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    document.body.append(status);
  }
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50); // a change, even for the same words
}

function showLink(button, url) {
  let field = button.parentElement.querySelector(":scope > .share-link");
  if (!field) {
    field = document.createElement("input");
    field.className = "share-link";
    field.readOnly = true;
    field.setAttribute("aria-label", t("copy_link"));
    field.dir = "ltr";
    button.after(field);
  }
  field.value = url;
  field.focus();
  field.select();
}

async function share(button) {
  const url = button.dataset.shareUrl;
  const title = button.dataset.shareTitle || document.title;
  if (navigator.share) {
    try {
      await navigator.share({ title, url });
      return;
    } catch (err) {
      if (err?.name === "AbortError") return; // the reader closed the share sheet
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    announce(t("link_copied"));
    button.dataset.copied = "true";
    setTimeout(() => delete button.dataset.copied, 3000);
  } catch {
    showLink(button, url);
  }
}

/** Show the share buttons under `root` (hidden without JavaScript) and handle their clicks. */
export function initShare(root = document) {
  for (const button of root.querySelectorAll("[data-share-url][hidden]")) button.hidden = false;
  root.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-share-url]");
    if (button) share(button);
  });
}

/** A share button for a post built by the page's script. */
export function shareButton(url, title, describedBy) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "share-button link-button";
  button.dataset.shareUrl = url;
  button.dataset.shareTitle = title;
  if (describedBy) button.setAttribute("aria-describedby", describedBy);
  button.textContent = t("share");
  return button;
}
