// The hall screen: the latest published posts and the most-reacted ones, kept live. It keeps
// what it has seen in memory (the join snapshot plus live events) and redraws both lists.
import { io } from "../vendor/socket.io/socket.io.esm.min.js";
import { setMessages, t, formatNumber } from "./i18n.js";

const boot = JSON.parse(document.getElementById("agora-boot").textContent);
setMessages(boot);
const posts = new Map();
const KINDS = ["agree", "disagree", "insightful"];
let timer = null;

function total(post) {
  return KINDS.reduce((sum, kind) => sum + (post.reactions?.[kind] || 0), 0);
}

function card(post) {
  const li = document.createElement("li");
  li.className = "screen-post";
  li.dataset.id = post.id;
  const body = document.createElement("p");
  body.className = "screen-body";
  body.lang = post.language;
  body.dir = "auto";
  body.textContent = post.body_text;
  const meta = document.createElement("p");
  meta.className = "screen-meta";
  const author = document.createElement("span");
  author.dir = "auto";
  author.textContent = post.author.display_name;
  meta.append(author);
  for (const kind of KINDS) {
    const reaction = document.createElement("span");
    reaction.className = "screen-reaction";
    reaction.textContent = `${t(kind)} ${formatNumber(post.reactions?.[kind] || 0)}`;
    meta.append(reaction);
  }
  li.append(body, meta);
  return li;
}

// Cards already on the screen are updated in place: only a card that appears fades in, so a
// reaction does not make the whole room's screen flicker.
const shown = { "screen-latest": new Map(), "screen-top": new Map() };

function place(listId, wanted) {
  const cards = shown[listId];
  const next = new Map();
  const children = wanted.map((post) => {
    const fresh = card(post);
    const old = cards.get(post.id);
    if (old) {
      old.replaceChildren(...fresh.childNodes);
      next.set(post.id, old);
      return old;
    }
    fresh.classList.add("is-new");
    fresh.addEventListener("animationend", () => fresh.classList.remove("is-new"), { once: true });
    next.set(post.id, fresh);
    return fresh;
  });
  shown[listId] = next;
  document.getElementById(listId).replaceChildren(...children);
}

function draw() {
  timer = null;
  const all = [...posts.values()];
  const latest = [...all].sort((a, b) => b.id - a.id).slice(0, boot.latest);
  const top = all.filter((p) => total(p) > 0)
    .sort((a, b) => total(b) - total(a) || b.id - a.id)
    .slice(0, boot.top);
  place("screen-latest", latest);
  place("screen-top", top);
}

function redraw() {
  if (!timer) timer = setTimeout(draw, 300);
}

const socket = io({ transports: ["websocket", "polling"] });
socket.on("connect", () => {
  socket.emit("join", { session_id: boot.session_id }, (ack) => {
    if (!ack?.ok) return;
    posts.clear();
    for (const post of ack.posts) posts.set(post.id, post);
    document.getElementById("online-count").textContent = t("online", { count: ack.online });
    redraw();
  });
});
socket.on("post_published", (post) => {
  posts.set(post.id, post);
  redraw();
});
socket.on("post_hidden", (msg) => {
  posts.delete(msg.post_id);
  redraw();
});
socket.on("reactions", (msg) => {
  const post = posts.get(msg.post_id);
  if (post) {
    post.reactions = msg.reactions;
    redraw();
  }
});
socket.on("presence", (msg) => {
  if (msg.session_id === boot.session_id) {
    document.getElementById("online-count").textContent = t("online", { count: msg.online });
  }
});
