// The live moderation queue: joins the session's moderation room, shows each waiting post in
// its context, and sends decisions. A decision someone else made first answers "conflict";
// the item then leaves this queue too.
import { io } from "../vendor/socket.io/socket.io.esm.min.js";
import { setMessages, t, localiseTime } from "./i18n.js";
import { postBody } from "./thread.js";
import { toggleTranslation, translateButton } from "./translate.js";

const boot = JSON.parse(document.getElementById("agora-boot").textContent);
setMessages(boot);
const $ = (id) => document.getElementById(id);
const list = $("queue");
const announcer = $("announcer");
const connectionState = $("connection-state");
const me = boot.me;

function announce(text) {
  const p = document.createElement("p");
  p.textContent = text;
  announcer.append(p);
  while (announcer.children.length > 3) announcer.firstChild.remove();
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function updateCount() {
  const n = list.children.length;
  $("queue-count").textContent = t("waiting", { count: n });
  $("queue-empty").hidden = n > 0;
  $("queue-empty").textContent = t("empty");
}

function render(item) {
  const post = item.post;
  const id = `q-${post.id}`;
  const time = el("time", { datetime: post.created_at });
  localiseTime(time);
  const badges = item.reasons.map((r) => el("span", { className: "badge badge-pending" }, t(r)));
  const header = el(
    "header",
    { className: "post-meta" },
    el("span", { className: "author", id: `${id}-author`, dir: "auto" }, post.author.display_name),
    " ",
    time,
    " ",
    ...badges,
  );
  const context = item.parent
    ? el(
        "blockquote",
        { className: "queue-context", dir: "auto" },
        el("p", {}, t("in_reply_to", { name: item.parent.author.display_name })),
        el("p", { lang: item.parent.language, dir: "auto" }, item.parent.body_text.slice(0, 280)),
      )
    : null;
  const body = postBody(post);
  // Moderators judge posts in languages they may not read.
  const translate = translateButton(post, boot);
  translate?.setAttribute("aria-describedby", `${id}-author`);
  const flagText = Object.entries(item.flag_reasons || {})
    .map(([reason, n]) => `${t(reason)} ${n}`)
    .join(", ");
  const flags = item.flags
    ? el("p", { className: "queue-flags" }, `${t("flags", { count: item.flags })} (${flagText})`)
    : null;
  const appeal = item.appeal
    ? el("p", { className: "queue-flags", dir: "auto" }, t("appeal_text", { text: item.appeal }))
    : null;
  const record = item.author_record
    ? el("p", { className: "help" }, t("record", item.author_record))
    : null;

  const reason = el("select", { name: "reason", id: `${id}-reason` });
  for (const r of boot.reject_reasons) reason.append(el("option", { value: r }, t(r)));
  const note = el("input", { name: "note", id: `${id}-note`, maxLength: 1000, dir: "auto" });
  const restrict = el("select", { name: "restrict", id: `${id}-restrict` });
  for (const option of ["mute:session:60", "mute:session:", "ban:debate:"]) {
    restrict.append(el("option", { value: option }, t(`restrict_${option.split(":").slice(0, 2).join("_")}${option.endsWith("60") ? "_hour" : ""}`)));
  }
  const decisions = el(
    "div",
    { className: "queue-actions" },
    el("button", { type: "button", dataset: { action: "approve" } }, t("approve")),
    el("button", { type: "button", className: "secondary", dataset: { action: "reject" } }, t("reject")),
    post.status === "published"
      ? el("button", { type: "button", className: "secondary", dataset: { action: "hide" } }, t("hide"))
      : null,
  );
  const details = el(
    "div",
    { className: "queue-actions" },
    el("label", { htmlFor: reason.id }, t("reason")),
    reason,
    el("label", { htmlFor: note.id }, t("note")),
    note,
  );
  const restriction = el(
    "div",
    { className: "queue-actions" },
    el("label", { htmlFor: restrict.id }, t("restrict")),
    restrict,
    el("button", { type: "button", className: "secondary", dataset: { action: "restrict" } }, t("apply")),
  );
  const actions = el("div", { className: "queue-controls" }, decisions, details, restriction);
  const translation = translate ? el("p", { className: "translate-row" }, translate) : null;
  const article = el("article", { "aria-labelledby": `${id}-author` }, header, context, body, translation, flags, appeal, record, actions);
  return el(
    "li",
    { className: "queue-item post", id, tabIndex: -1, dataset: { postId: post.id, authorId: post.author.id } },
    article,
  );
}

function upsert(item) {
  const fresh = render(item);
  const old = $(`q-${item.post.id}`);
  if (old) old.replaceWith(fresh);
  else list.append(fresh);
  updateCount();
}

function remove(postId) {
  const li = $(`q-${postId}`);
  if (!li) return;
  const next = li.nextElementSibling || li.previousElementSibling;
  const hadFocus = li.contains(document.activeElement);
  li.remove();
  if (hadFocus && next) next.focus();
  updateCount();
}

function restrictAuthor(li) {
  const [kind, scope, minutes] = li.querySelector("select[name=restrict]").value.split(":");
  const payload = {
    participant_id: Number(li.dataset.authorId),
    session_id: boot.session_id,
    kind,
    scope,
    reason: li.querySelector("select[name=reason]").value,
  };
  if (minutes) payload.minutes = Number(minutes);
  socket.emit("ban", payload, (ack) => {
    announce(ack?.ok ? t("restricted") : ack?.error?.message || t("error"));
    if (ack?.ok) socket.emit("join_moderation", { session_id: boot.session_id }, (fresh) => {
      if (fresh?.ok) renderBans(fresh.bans);
    });
  });
}

function decide(li, action) {
  if (action === "restrict") return restrictAuthor(li);
  const postId = Number(li.dataset.postId);
  const payload = { post_id: postId, action, from_queue: true };
  if (action !== "approve") {
    payload.reason = li.querySelector("select[name=reason]").value;
    const note = li.querySelector("input[name=note]").value.trim();
    if (note) payload.note = note;
  }
  socket.emit("moderate", payload, (ack) => {
    if (ack?.ok) {
      announce(t(`done_${action}`));
      remove(postId);
    } else if (ack?.error?.code === "conflict") {
      announce(t("conflict"));
      remove(postId);
    } else {
      announce(ack?.error?.message || t("error"));
    }
  });
}

// Tell the other moderators which item this one has open (shown to them as taken).
let claimed = null;
list.addEventListener("focusin", (event) => {
  const li = event.target.closest("li.queue-item");
  if (!li || li.dataset.postId === claimed) return;
  claimed = li.dataset.postId;
  socket.emit("claim", { post_id: Number(claimed) });
});

function showTaken(postId, by) {
  const li = $(`q-${postId}`);
  if (!li) return;
  li.querySelector(".queue-taken")?.remove();
  if (!by?.display_name) return;
  const badge = el("span", { className: "badge badge-scheduled queue-taken" }, t("taken", { name: by.display_name }));
  li.querySelector(".post-meta").append(" ", badge);
}

list.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (button) decide(button.closest("li.queue-item"), button.dataset.action);
  const translate = event.target.closest("button[data-translate]");
  if (translate) toggleTranslation(translate, translate.closest("article"), socket, boot, announce);
});

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, select, textarea")) return;
  const items = [...list.children];
  if (!items.length) return;
  const current = event.target.closest?.("li.queue-item") || null;
  const index = current ? items.indexOf(current) : -1;
  const key = event.key.toLowerCase();
  if (key === "j" || key === "k") {
    const next = items[Math.min(Math.max(index + (key === "j" ? 1 : -1), 0), items.length - 1)];
    next.focus();
    event.preventDefault();
  } else if (current && (key === "a" || key === "r" || key === "h")) {
    const action = { a: "approve", r: "reject", h: "hide" }[key];
    if (current.querySelector(`button[data-action=${action}]`)) decide(current, action);
    event.preventDefault();
  }
});

const socket = io({ transports: ["websocket", "polling"] });
function showConnection(state) {
  connectionState.dataset.state = state;
  connectionState.textContent = t(state);
}
showConnection("connecting");
socket.on("connect", () => {
  socket.emit("join_moderation", { session_id: boot.session_id }, (ack) => {
    if (!ack?.ok) {
      showConnection("offline");
      announce(ack?.error?.message || t("error"));
      return;
    }
    showConnection("connected");
    list.replaceChildren();
    for (const item of ack.queue) upsert(item);
    updateCount();
    renderRecent(ack.recent || []);
    renderBans(ack.bans || []);
  });
});
socket.on("disconnect", () => showConnection("reconnecting"));
socket.on("queue_item", (item) => {
  if (item.post.session_id !== boot.session_id) return;
  const isNew = !$(`q-${item.post.id}`);
  upsert(item);
  if (isNew) announce(t("new_item"));
});
socket.on("session_updated", (session) => {
  if (session.id !== boot.session_id || !controls) return;
  const mode = controls.querySelector(`input[name=moderation][value=${session.moderation}]`);
  if (mode) mode.checked = true;
  $("slow-mode").value = session.slow_mode_seconds;
});
socket.on("queue_claimed", (msg) => {
  if (msg.previous) showTaken(msg.previous, null);
  if (msg.post_id) showTaken(msg.post_id, msg.by);
});
socket.on("queue_resolved", (msg) => {
  if (!$(`q-${msg.post_id}`)) return;
  remove(msg.post_id);
  if (msg.by?.id !== me) announce(t("decided_by", { name: msg.by?.display_name || "" }));
});
// Decisions a moderator may want to undo, and restrictions they may want to lift.
function renderRecent(recent) {
  $("recent").replaceChildren(
    ...recent.map((entry) => {
      const body = postBody(entry.post);
      const restore = el("button", { type: "button", className: "secondary" }, t("restore"));
      restore.addEventListener("click", () => {
        socket.emit("moderate", { post_id: entry.post.id, action: "restore" }, (ack) => {
          announce(ack?.ok ? t("restored") : ack?.error?.message || t("error"));
          if (ack?.ok) restore.closest("li").remove();
        });
      });
      const decided = t(entry.action === "reject" ? "decided_reject" : "decided_hide", { name: entry.by });
      const meta = el("p", { className: "help" }, entry.reason ? `${decided} · ${t(entry.reason)}` : decided);
      return el("li", { className: "queue-item post" }, el("article", {},
        el("header", { className: "post-meta" }, el("span", { className: "author", dir: "auto" }, entry.post.author.display_name)),
        body, meta, el("div", { className: "queue-actions" }, restore)));
    }),
  );
}

function renderBans(bans) {
  $("bans").replaceChildren(
    ...bans.map((ban) => {
      const lift = el("button", { type: "button", className: "secondary" }, t("lift"));
      lift.addEventListener("click", () => {
        socket.emit("lift_ban", { ban_id: ban.id }, (ack) => {
          announce(ack?.ok ? t("lifted") : ack?.error?.message || t("error"));
          if (ack?.ok) lift.closest("li").remove();
        });
      });
      const until = ban.expires_at ? new Date(ban.expires_at).toLocaleString(boot.lang) : t("for_good");
      return el("li", { className: "queue-item" },
        el("p", {}, el("strong", { dir: "auto" }, ban.display_name), " ",
          t(`ban_${ban.kind}_${ban.scope}`), " · ", until, " · ", t(ban.reason)),
        el("div", { className: "queue-actions" }, lift));
    }),
  );
}

// The session's moderation mode and slow mode, changed live through the API.
const controls = $("session-controls");
controls?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = $("session-controls-status");
  const body = {
    moderation: controls.querySelector("input[name=moderation]:checked")?.value,
    slow_mode_seconds: Number($("slow-mode").value || 0),
  };
  try {
    const response = await fetch(`/api/v1/sessions/${boot.session_id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", "X-CSRFToken": boot.csrf_token },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const answer = await response.json();
    status.textContent = response.ok ? t("saved") : answer.error?.message || t("error");
  } catch {
    status.textContent = t("error");
  }
});

window.agora = { socket };
