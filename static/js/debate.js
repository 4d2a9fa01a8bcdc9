// The live debate page: joins the session over Socket.IO, keeps the thread current (catching up
// by seq after every reconnection), sends posts with a client_id so retries never double them,
// keeps drafts and unsent posts across connection loss and reloads.
import { io } from "../vendor/socket.io/socket.io.esm.min.js";
import { setMessages, t, formatNumber, localiseTime } from "./i18n.js";
import { Thread } from "./thread.js";
import { initShare } from "./share.js";
import { toggleTranslation, translateButton } from "./translate.js";
import { LanguageFilter } from "./langfilter.js";

const boot = JSON.parse(document.getElementById("agora-boot").textContent);
setMessages(boot);
document.querySelectorAll("time[datetime]").forEach(localiseTime);

const sessionId = boot.session_id;
const $ = (id) => document.getElementById(id);
const thread = new Thread($("thread"), {
  maxDepth: boot.max_depth,
  me: boot.participant?.id ?? null,
  postUrl: boot.post_url,
  translateButton: (post) => translateButton(post, boot),
});
initShare();
const languageFilter = new LanguageFilter($("language-filter-form"), $("thread"), boot.language_names);
const announcer = $("announcer");
const connectionState = $("connection-state");
const onlineCount = $("online-count");
const pauseButton = $("pause-button");

// --- seq tracking: lastSeq only advances over a gap-free run, so catch-up never skips -------
let lastSeq = boot.last_seq || 0;
const seenAhead = new Set();
function sawSeq(seq) {
  if (typeof seq !== "number" || seq <= lastSeq) return;
  seenAhead.add(seq);
  while (seenAhead.has(lastSeq + 1)) seenAhead.delete(++lastSeq);
  if (seenAhead.size) repairGapSoon();
}
// A change that never arrives (another server's broadcast lost while the message queue was
// down) would leave a gap for as long as the page stays connected: if a gap lasts, ask the
// server for everything after the last gap-free seq, as a reconnection does.
const GAP_WAIT_MS = 3000;
let gapTimer = null;
function repairGapSoon() {
  if (gapTimer) return;
  gapTimer = setTimeout(() => {
    gapTimer = null;
    if (!seenAhead.size || !socket.connected) return;
    socket.emit("join", { session_id: sessionId, after_seq: lastSeq }, (ack) => {
      if (ack?.ok) applyJoin(ack);
    });
  }, GAP_WAIT_MS);
}
function caughtUpTo(seq) {
  if (seq > lastSeq) lastSeq = seq;
  for (const s of seenAhead) if (s <= lastSeq) seenAhead.delete(s);
  while (seenAhead.has(lastSeq + 1)) seenAhead.delete(++lastSeq);
}

// --- pause: live changes wait in a buffer, applied in order on resume ----------------------
let paused = false;
const buffered = [];
function apply(change) {
  if (paused) {
    buffered.push(change);
    pauseButton.textContent = t("resume");
    connectionState.dataset.state = "paused";
    connectionState.textContent = t("paused", { count: buffered.filter((c) => c.announce).length });
    return;
  }
  change.run();
  if (change.announce) announce(change.announce);
  $("empty-thread").hidden = $("thread").children.length > 0;
}
pauseButton.hidden = false;
pauseButton.addEventListener("click", () => {
  paused = !paused;
  pauseButton.setAttribute("aria-pressed", String(paused));
  pauseButton.textContent = paused ? t("resume") : t("pause");
  if (!paused) {
    for (const change of buffered.splice(0)) apply(change);
    showConnection(socket.connected ? "connected" : "reconnecting");
  }
});

function announce(text) {
  const p = document.createElement("p");
  p.textContent = text;
  announcer.append(p);
  while (announcer.children.length > 3) announcer.firstChild.remove();
}

function showConnection(state) {
  connectionState.dataset.state = state;
  if (!paused) connectionState.textContent = t(state);
}

// --- the socket ----------------------------------------------------------------------------
const socket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 10000 });
showConnection("connecting");

socket.on("connect", () => {
  socket.emit("join", { session_id: sessionId, after_seq: lastSeq }, (ack) => {
    if (!ack?.ok) {
      showConnection("offline");
      return;
    }
    showConnection("connected");
    applyJoin(ack);
    flushOutbox();
  });
});
socket.on("disconnect", () => showConnection(navigator.onLine ? "reconnecting" : "offline"));
socket.io.on("reconnect_attempt", () => showConnection("reconnecting"));

function applyJoin(ack) {
  if (ack.reset) thread.clear();
  const mineFor = (id) => ack.my_reactions?.[id] || [];
  for (const post of ack.posts) thread.upsert(post, mineFor(post.id));
  for (const post of ack.pending || []) thread.upsert(post);
  for (const post of [...ack.posts, ...(ack.pending || [])]) languageFilter.offer(post.language);
  languageFilter.applyAll();
  for (const id of ack.hidden) thread.remove(id);
  // One of my posts that waited and is neither waiting nor public any more was not published
  // (decided while this page was away): say so, and allow an appeal.
  const stillPending = new Set([...(ack.pending || []), ...ack.posts].map((p) => String(p.id)));
  for (const li of document.querySelectorAll("#thread li.post-pending")) {
    if (stillPending.has(li.dataset.id)) continue;
    li.classList.remove("post-pending");
    li.classList.add("post-rejected");
    const badge = li.querySelector(".badge-pending");
    if (badge) badge.textContent = t("not_published");
    if (appealForm) {
      $("appeal-post").value = li.dataset.id;
      appealForm.hidden = false;
    }
  }
  caughtUpTo(ack.last_seq);
  onlineCount.textContent = t("online", { count: ack.online });
  $("empty-thread").hidden = $("thread").children.length > 0;
}

socket.on("post_published", (post) => {
  if (post.session_id !== sessionId) return;
  sawSeq(post.seq);
  const isNew = !thread.element(post.id);
  const key = post.parent_id ? "new_reply" : "new_post";
  const shown = languageFilter.shows(post.language);
  apply({
    run: () => {
      thread.upsert(post);
      languageFilter.offer(post.language);
      languageFilter.apply(thread.element(post.id));
      if (isNew && shown && post.author.id !== boot.participant?.id) noteUnseen(post.id);
    },
    announce: isNew && shown ? t(key, { name: post.author.display_name }) : null,
  });
});

// --- "N new posts — show": new posts land below the reader, never under their eyes; while
// the end of the discussion is out of view, a button counts them and takes the reader there.
const newPostsButton = $("new-posts");
const unseen = [];
let endInView = true;
function showUnseen() {
  newPostsButton.hidden = unseen.length === 0 || endInView;
  newPostsButton.textContent = t("new_posts", { count: unseen.length });
}
function noteUnseen(id) {
  if (endInView) return;
  unseen.push(id);
  showUnseen();
}
new IntersectionObserver((entries) => {
  endInView = entries.some((entry) => entry.isIntersecting);
  if (endInView) unseen.length = 0;
  showUnseen();
}).observe($("composer-title") || $("empty-thread"));
newPostsButton.addEventListener("click", () => {
  const first = thread.element(unseen[0]);
  unseen.length = 0;
  showUnseen();
  const article = first?.querySelector(":scope > article");
  if (!article) return;
  article.tabIndex = -1;
  article.scrollIntoView({ block: "center" });
  article.focus();
});
socket.on("post_hidden", (msg) => {
  sawSeq(msg.seq);
  apply({ run: () => thread.remove(msg.post_id), announce: t("removed") });
});
socket.on("reactions", (msg) => {
  sawSeq(msg.seq);
  apply({ run: () => thread.setReactions(msg.post_id, msg.reactions) });
});
socket.on("presence", (msg) => {
  if (msg.session_id === sessionId) onlineCount.textContent = t("online", { count: msg.online });
});
socket.on("post_status", (msg) => {
  const reason = msg.reason ? t(msg.reason) : t("no_reason");
  const li = thread.element(msg.post_id);
  if (msg.status === "rejected" && li) {
    li.classList.add("post-rejected");
    const badge = li.querySelector(".badge-pending");
    if (badge) badge.textContent = `${t("not_published")} (${reason})`;
  }
  const key = `status_${msg.status}`;
  if (["status_published", "status_rejected", "status_hidden"].includes(key)) {
    announce(t(key, { reason }));
    setStatus(t(key, { reason }));
  }
  if (appealForm && (msg.status === "rejected" || msg.status === "hidden")) {
    $("appeal-post").value = msg.post_id;
    appealForm.hidden = false;
  }
});

// An author may ask once for a decision on their post to be reconsidered.
const appealForm = $("appeal-form");
if (appealForm) {
  appealForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const payload = { post_id: Number($("appeal-post").value), text: $("appeal-text").value };
    socket.emit("appeal", payload, (ack) => {
      setStatus(ack?.ok ? t("appeal_sent") : ack?.error?.message || t("error"));
      if (ack?.ok || ack?.error?.code === "conflict") {
        appealForm.hidden = true;
        $("appeal-text").value = "";
      }
    });
  });
  $("appeal-cancel").addEventListener("click", () => {
    appealForm.hidden = true;
  });
}
// An organiser started, closed or reopened the session: say so where the reader is, never
// reload under them (a draft being typed stays, and is kept in localStorage anyway).
socket.on("session_updated", (session) => {
  if (session.id !== sessionId) return;
  $("moderation-note").hidden = session.moderation !== "pre";
  if (session.state === boot.session_state) return;
  boot.session_state = session.state;
  const badge = $("session-state");
  badge.className = `badge badge-${session.state}`;
  badge.textContent = t(`state_${session.state}`);
  const composer = $("composer");
  const open = session.state === "live";
  composer?.querySelectorAll("textarea, select, button").forEach((el) => {
    el.disabled = !open;
  });
  const notice = $("session-notice");
  notice.replaceChildren();
  let text = t(`session_${session.state}`);
  if (open && !composer) {
    text = t("session_live_reload");
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "secondary";
    reload.textContent = t("reload");
    reload.addEventListener("click", () => window.location.reload());
    notice.append(text, " ", reload);
  } else {
    notice.textContent = text;
  }
  notice.hidden = open && !!composer;
  const closedNote = $("closed-note");
  if (closedNote) closedNote.hidden = true;
  announce(text);
});

// --- reactions and replies (event delegation over the whole thread) ------------------------
$("thread").addEventListener("click", (event) => {
  const button = event.target.closest("button");
  const li = button?.closest("li.post");
  if (!button || !li) return;
  if (button.classList.contains("react")) {
    if (!boot.participant) {
      window.location.href = `/join?next=${encodeURIComponent(location.pathname + location.search)}`;
      return;
    }
    socket.emit("react", { post_id: Number(li.dataset.id), kind: button.dataset.kind }, (ack) => {
      if (ack?.ok) {
        thread.setReactions(ack.post_id, ack.reactions, ack.mine);
      } else {
        announce(ack?.error?.message || t("error"));
      }
    });
  } else if (button.classList.contains("reply-button")) {
    startReply(li);
  } else if (button.classList.contains("flag-button")) {
    openReport(li, button);
  } else if (button.classList.contains("translate-button")) {
    toggleTranslation(button, li.querySelector(":scope > article"), socket, boot, announce);
  }
});

// --- reporting a post to the moderators ----------------------------------------------------
const flagReasons = JSON.parse($("agora-flag-reasons")?.textContent || "[]");

function openReport(li, button) {
  if (!boot.participant) {
    window.location.href = `/join?next=${encodeURIComponent(location.pathname + location.search)}`;
    return;
  }
  document.querySelector(".report-form")?.remove();
  const id = li.dataset.id;
  const form = document.createElement("form");
  form.className = "report-form";
  const label = document.createElement("label");
  label.htmlFor = `report-${id}`;
  label.textContent = t("report_reason");
  const select = document.createElement("select");
  select.id = `report-${id}`;
  for (const reason of flagReasons) {
    const option = document.createElement("option");
    option.value = reason;
    option.textContent = t(reason);
    select.append(option);
  }
  const textLabel = document.createElement("label");
  textLabel.htmlFor = `report-text-${id}`;
  textLabel.textContent = t("report_text");
  const text = document.createElement("input");
  text.id = `report-text-${id}`;
  text.maxLength = 500;
  text.dir = "auto";
  const send = document.createElement("button");
  send.type = "submit";
  send.textContent = t("send_report");
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "secondary";
  cancel.textContent = t("cancel");
  cancel.addEventListener("click", () => {
    form.remove();
    button.focus();
  });
  form.append(label, select, textLabel, text, send, cancel);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const payload = { post_id: Number(id), reason: select.value };
    if (text.value.trim()) payload.text = text.value.trim();
    socket.emit("flag", payload, (ack) => {
      if (ack?.ok) {
        announce(ack.already_flagged ? t("already_reported") : t("reported"));
        form.remove();
        button.focus();
      } else {
        announce(ack?.error?.message || t("error"));
      }
    });
  });
  li.querySelector(":scope > article").append(form);
  select.focus();
}

// --- the composer --------------------------------------------------------------------------
const composer = $("composer");
const outboxKey = `agora:outbox:${sessionId}`;
const draftKey = `agora:draft:${sessionId}`;
let outbox = JSON.parse(localStorage.getItem(outboxKey) || "[]");
let sending = false;
let retryTimer = null;
// Refusals that pass by themselves: the post stays queued and is retried (same client_id).
const TEMPORARY = new Set(["rate_limited", "unavailable", "internal"]);

function saveOutbox() {
  localStorage.setItem(outboxKey, JSON.stringify(outbox));
  const list = $("outbox");
  if (!list) return;
  list.replaceChildren(
    ...outbox.map((item) => {
      const li = document.createElement("li");
      li.dir = "auto";
      li.textContent = `${t("sending")} ${item.body.slice(0, 80)}`;
      return li;
    }),
  );
}

function flushOutbox() {
  if (sending || retryTimer || !socket.connected || !outbox.length) return;
  sending = true;
  const item = outbox[0];
  socket.timeout(15000).emit("post", item, (err, ack) => {
    sending = false;
    if (err) return; // no answer: kept, retried with the same client_id on the next connect
    if (!ack.ok && TEMPORARY.has(ack.error?.code)) {
      setStatus(ack.error.message || t("error"));
      const seconds = Math.min(Math.max(ack.error.retry_after || 5, 1), 300);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        flushOutbox();
      }, seconds * 1000);
      return;
    }
    outbox = outbox.filter((o) => o.client_id !== item.client_id);
    saveOutbox();
    if (ack.ok) {
      const post = ack.post;
      sawSeq(post.seq);
      thread.upsert(post);
      $("empty-thread").hidden = true;
      setStatus(post.status === "pending" ? t("sent_pending") : t("sent"));
    } else {
      // Refused for good (too long, closed...): hand the words back, never lose them.
      returnToComposer(item.body);
      setStatus(ack.error?.message || t("error"));
    }
    flushOutbox();
  });
}

function returnToComposer(text) {
  const body = $("composer-body");
  if (!body) return;
  body.value = body.value ? `${body.value}\n\n${text}` : text;
  localStorage.setItem(draftKey, body.value);
}

function setStatus(text) {
  const status = $("composer-status");
  if (status) status.textContent = text;
}

function startReply(li) {
  if (!composer) return;
  $("composer-parent").value = li.dataset.id;
  $("reply-to-text").textContent = t("reply_to", { name: li.dataset.author });
  $("reply-indicator").hidden = false;
  $("composer-body").focus();
}

function cancelReply() {
  $("composer-parent").value = "";
  $("reply-indicator").hidden = true;
}

if (composer) {
  const body = $("composer-body");
  const count = $("composer-count");
  const updateCount = () => {
    count.textContent = t("chars_left", { count: boot.max_chars - body.value.length });
  };
  body.value = localStorage.getItem(draftKey) || "";
  updateCount();
  body.addEventListener("input", () => {
    localStorage.setItem(draftKey, body.value);
    updateCount();
  });
  body.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) composer.requestSubmit();
    if (event.key === "Escape") cancelReply();
  });
  $("cancel-reply").addEventListener("click", () => {
    cancelReply();
    body.focus();
  });
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = body.value;
    if (!text.trim()) return;
    const parent = Number($("composer-parent").value) || null;
    outbox.push({
      session_id: sessionId,
      body: text,
      parent_id: parent,
      language: $("composer-language").value,
      client_id: crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`,
    });
    saveOutbox();
    body.value = "";
    localStorage.removeItem(draftKey);
    updateCount();
    cancelReply();
    if (socket.connected) {
      setStatus(t("sending"));
      flushOutbox();
    } else {
      setStatus(t("queued"));
    }
  });
  saveOutbox();
}

window.addEventListener("online", () => socket.connected || socket.connect());
window.agora = { socket, get lastSeq() { return lastSeq; } }; // for tests and the curious
