// "Show posts in": the thread narrowed to one language. A post in another language is folded
// away (its replies stay, they may be in the chosen language); the form also works without
// JavaScript (?language=xx), the script applies it at once and keeps it for live posts.

export class LanguageFilter {
  constructor(form, thread, names) {
    this.form = form;
    this.thread = thread;
    this.names = names || {};
    this.select = form?.querySelector("select");
    this.language = this.select?.value || "";
    if (!form) return;
    form.querySelector("button[type=submit]").hidden = true;
    this.select.addEventListener("change", () => {
      this.language = this.select.value;
      const url = new URL(location.href);
      if (this.language) url.searchParams.set("language", this.language);
      else url.searchParams.delete("language");
      history.replaceState(null, "", url);
      this.applyAll();
    });
  }

  /** Whether `post` (or its language code) is shown under the current choice. */
  shows(language) {
    return !this.language || language === this.language;
  }

  apply(li) {
    if (!li) return;
    li.classList.toggle("filtered-out", !this.shows(li.dataset.lang));
  }

  applyAll() {
    for (const li of this.thread.querySelectorAll("li.post")) this.apply(li);
  }

  /** A post arrived in `language`: offer it in the menu if it is not there yet. */
  offer(language) {
    if (!this.select || [...this.select.options].some((o) => o.value === language)) return;
    const option = document.createElement("option");
    option.value = language;
    option.lang = language;
    option.textContent = this.names[language] || language;
    this.select.append(option);
  }
}
