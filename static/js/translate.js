// The "Translate" button on a post (debate page, moderation queue): asks the server for the
// post in the reader's language (machine translation, cached), shows it under the original,
// and toggles it. The translation is plain text, set as text, never as HTML.
import { t } from "./i18n.js";

/** A "Translate" button for post `post` (null when not useful: same language, or MT off). */
export function translateButton(post, boot) {
  if (!boot.mt || !boot.participant || post.language === boot.lang) return null;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "translate-button link-button";
  button.dataset.translate = post.id;
  button.dataset.language = post.language;
  button.setAttribute("aria-expanded", "false");
  button.textContent = t("translate");
  return button;
}

/** Handle a click on a translate button inside `article` (the post's article). */
export function toggleTranslation(button, article, socket, boot, announce) {
  const shown = article.querySelector(":scope > .post-translation");
  if (shown) {
    const open = button.getAttribute("aria-expanded") === "true";
    shown.hidden = open;
    button.setAttribute("aria-expanded", String(!open));
    button.textContent = t(open ? "translate" : "hide_translation");
    return;
  }
  if (button.dataset.busy) return;
  button.dataset.busy = "true";
  button.textContent = t("translating");
  const postId = Number(button.dataset.translate);
  socket.emit("translate", { post_id: postId, language: boot.lang }, (ack) => {
    delete button.dataset.busy;
    if (!ack?.ok) {
      button.textContent = t("translate");
      announce(ack?.error?.message || t("error"));
      let error = article.querySelector(":scope > .translation-error");
      if (!error) {
        error = document.createElement("p");
        error.className = "translation-error";
        error.setAttribute("role", "status");
        article.querySelector(":scope > .post-body").after(error);
      }
      error.textContent = ack?.error?.message || t("error");
      return;
    }
    article.querySelector(":scope > .translation-error")?.remove();
    const translation = ack.translation;
    const box = document.createElement("div");
    box.className = "post-translation";
    box.id = `translation-${postId}`;
    const label = document.createElement("p");
    label.className = "translation-label";
    const from = boot.language_names?.[translation.source_language] || translation.source_language;
    label.textContent = t("machine_translation", { language: from });
    const text = document.createElement("p");
    text.className = "translation-text";
    text.lang = translation.language;
    text.dir = "auto";
    text.textContent = translation.text;
    box.append(label, text);
    article.querySelector(":scope > .post-body").after(box);
    button.setAttribute("aria-controls", box.id);
    button.setAttribute("aria-expanded", "true");
    button.textContent = t("hide_translation");
  });
}
