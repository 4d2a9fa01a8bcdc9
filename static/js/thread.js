// Builds and updates the threaded discussion in the DOM. Mirrors debates/_post.html so that
// server-rendered and live posts look and behave the same.
import { t, formatNumber, localiseTime } from "./i18n.js";
import { shareButton } from "./share.js";

export const KINDS = ["agree", "disagree", "insightful"];

/** A post's words: server-sanitised HTML, in the post's own language and direction. */
export function postBody(post) {
  const body = document.createElement("div");
  body.className = "post-body";
  body.lang = post.language;
  body.dir = "auto";
  body.innerHTML = post.body_html; // sanitised by the server's allow-list
  return body;
}

/** A post's time, in the reader's language and time zone. */
export function postTime(post) {
  const time = document.createElement("time");
  time.setAttribute("datetime", post.created_at);
  localiseTime(time);
  return time;
}

export class Thread {
  constructor(root, { maxDepth, me = null, postUrl = null, translateButton = () => null }) {
    this.root = root;
    this.maxDepth = maxDepth;
    this.me = me;
    this.translateButton = translateButton; // post -> a "Translate" button, or null
    this.postUrl = postUrl; // "…/p/{id}?lang=…": a published post's permalink
  }

  element(id) {
    return document.getElementById(`post-${id}`);
  }

  /** Insert a post, or update it in place when it is already shown. Answers true if new. */
  upsert(post, mine = []) {
    const existing = this.element(post.id);
    if (existing?.classList.contains("post-removed")) {
      // Restored by a moderator: rebuild its words and buttons, keep the replies under it.
      const fresh = this.#build(post, Number(existing.dataset.depth), false, mine);
      fresh.querySelector(":scope > .replies").replaceWith(existing.querySelector(":scope > .replies"));
      existing.replaceWith(fresh);
      return false;
    }
    if (existing) {
      this.#updateStatus(existing, post);
      this.setReactions(post.id, post.reactions, mine.length ? mine : null);
      return false;
    }
    const { container, depth, linkParent } = this.#placeFor(post);
    const li = this.#build(post, depth, linkParent, mine);
    container.appendChild(li);
    return true;
  }

  remove(id) {
    const li = this.element(id);
    if (!li) return;
    const replies = li.querySelector(":scope > .replies");
    if (replies && replies.children.length) {
      // Keep the replies readable; only the removed post's words go.
      const body = li.querySelector(".post-body");
      body.textContent = t("removed");
      li.querySelector(".post-actions")?.remove();
      li.classList.add("post-removed");
    } else {
      li.remove();
    }
  }

  setReactions(id, counts, mine = null) {
    const li = this.element(id);
    if (!li) return;
    for (const kind of KINDS) {
      const button = li.querySelector(`:scope > article .react[data-kind="${kind}"]`);
      if (!button) continue;
      button.querySelector(".count").textContent = formatNumber(counts[kind] ?? 0);
      if (mine) button.setAttribute("aria-pressed", String(mine.includes(kind)));
    }
  }

  clear() {
    this.root.replaceChildren();
  }

  #placeFor(post) {
    const parent = post.parent_id ? this.element(post.parent_id) : null;
    if (!parent) {
      return { container: this.root, depth: 0, linkParent: Boolean(post.parent_id) };
    }
    const parentDepth = Number(parent.dataset.depth);
    if (parentDepth < this.maxDepth) {
      return {
        container: parent.querySelector(":scope > .replies"),
        depth: parentDepth + 1,
        linkParent: false,
      };
    }
    return { container: parent.parentElement, depth: parentDepth, linkParent: true };
  }

  #updateStatus(li, post) {
    const published = post.status === "published";
    li.classList.toggle("post-pending", post.status === "pending");
    if (published) {
      li.querySelector(".badge-pending")?.remove();
      this.#addPermalink(li, post);
    }
    for (const button of li.querySelectorAll(":scope > article .react")) {
      button.disabled = !published;
    }
  }

  /** A published post's time links to its permalink, and it gets a share button. */
  #addPermalink(li, post) {
    const article = li.querySelector(":scope > article");
    if (!this.postUrl || article.querySelector(".permalink")) return;
    const url = this.postUrl.replace("{id}", post.id);
    const time = article.querySelector(".post-meta time");
    const link = document.createElement("a");
    link.className = "permalink";
    link.href = new URL(url).pathname;
    time.replaceWith(link);
    link.append(time);
    const actions = article.querySelector(".post-actions");
    const before = actions.querySelector(".flag-button");
    const share = shareButton(url, post.author.display_name, `post-${post.id}-author`);
    if (before) before.before(share);
    else actions.append(share);
  }

  #build(post, depth, linkParent, mine) {
    const li = document.createElement("li");
    li.className = "post" + (post.status === "pending" ? " post-pending" : "");
    li.id = `post-${post.id}`;
    li.dataset.id = post.id;
    li.dataset.depth = depth;
    li.dataset.author = post.author.display_name;
    li.dataset.lang = post.language;

    const article = document.createElement("article");
    article.setAttribute("aria-labelledby", `post-${post.id}-author`);

    const header = document.createElement("header");
    header.className = "post-meta";
    const author = document.createElement("span");
    author.className = "author";
    author.id = `post-${post.id}-author`;
    author.dir = "auto";
    author.textContent = post.author.display_name; // text, never HTML
    header.append(author, " ", postTime(post));
    if (post.status === "pending") {
      const badge = document.createElement("span");
      badge.className = "badge badge-pending";
      badge.textContent = t("awaiting");
      header.append(" ", badge);
    }
    if (linkParent) {
      const parent = this.element(post.parent_id);
      const link = document.createElement("a");
      link.className = "in-reply-to";
      link.href = `#post-${post.parent_id}`;
      link.textContent = parent
        ? t("in_reply_to", { name: parent.dataset.author })
        : t("in_reply_to_earlier");
      header.append(" ", link);
    }

    const body = postBody(post);

    const actions = document.createElement("footer");
    actions.className = "post-actions";
    for (const kind of KINDS) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "react";
      button.dataset.kind = kind;
      button.setAttribute("aria-pressed", String(mine.includes(kind)));
      button.disabled = post.status !== "published";
      const label = document.createElement("span");
      label.className = "react-label";
      label.textContent = t(kind);
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = formatNumber(post.reactions?.[kind] ?? 0);
      button.append(label, " ", count);
      actions.append(button);
    }
    const reply = document.createElement("button");
    reply.type = "button";
    reply.className = "reply-button";
    reply.setAttribute("aria-describedby", author.id);
    reply.textContent = t("reply");
    actions.append(reply);
    const translate = this.translateButton(post);
    if (translate) {
      translate.setAttribute("aria-describedby", author.id);
      actions.append(translate);
    }
    if (post.author.id !== this.me) {
      const flag = document.createElement("button");
      flag.type = "button";
      flag.className = "flag-button link-button";
      flag.setAttribute("aria-describedby", author.id);
      flag.textContent = t("report");
      actions.append(flag);
    }

    article.append(header, body, actions);
    const replies = document.createElement("ol");
    replies.className = "replies";
    li.append(article, replies);
    if (post.status === "published") this.#addPermalink(li, post);
    return li;
  }
}
