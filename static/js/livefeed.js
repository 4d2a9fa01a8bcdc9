// Read-only live views of a session (the hall screen, the embed widget): its published posts
// kept in memory, the join snapshot then live events, redrawn at most every `delay` ms.
import { io } from "../vendor/socket.io/socket.io.esm.min.js";

/**
 * Follow session `sessionId`. `onChange(posts)` gets every known post (unordered) after each
 * change; `onOnline(count)` the people online; `onState("connected" | "reconnecting")` the
 * connection. Answers `{ setPaused(bool) }`: while paused nothing is redrawn (WCAG 2.2.2).
 */
export function followSession(sessionId, { onChange, onOnline = () => {}, onState = () => {}, delay = 300 }) {
  const posts = new Map();
  let timer = null;
  let paused = false;
  const draw = () => {
    timer = null;
    if (!paused) onChange([...posts.values()]);
  };
  const changed = () => {
    if (!timer) timer = setTimeout(draw, delay);
  };

  const socket = io({ transports: ["websocket", "polling"] });
  socket.on("connect", () => {
    socket.emit("join", { session_id: sessionId }, (ack) => {
      if (!ack?.ok) return;
      posts.clear();
      for (const post of ack.posts) posts.set(post.id, post);
      onState("connected");
      onOnline(ack.online);
      changed();
    });
  });
  socket.on("disconnect", () => onState("reconnecting"));
  socket.on("post_published", (post) => {
    posts.set(post.id, post);
    changed();
  });
  socket.on("post_hidden", (msg) => {
    posts.delete(msg.post_id);
    changed();
  });
  socket.on("reactions", (msg) => {
    const post = posts.get(msg.post_id);
    if (post) {
      post.reactions = msg.reactions;
      changed();
    }
  });
  socket.on("presence", (msg) => {
    if (msg.session_id === sessionId) onOnline(msg.online);
  });
  return {
    setPaused(value) {
      paused = value;
      if (!paused) changed();
    },
  };
}

/**
 * A list of cards kept in the order wanted. Cards already shown are updated in place; only a
 * card that appears fades in, so a reaction does not make the whole list flicker.
 */
export class CardList {
  constructor(list, build) {
    this.list = list;
    this.build = build; // post -> <li>
    // Cards the server rendered count as shown: they do not fade in again.
    this.shown = new Map([...list.children].map((li) => [Number(li.dataset.id), li]));
  }

  show(posts) {
    const next = new Map();
    const items = posts.map((post) => {
      const fresh = this.build(post);
      const old = this.shown.get(post.id);
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
    this.shown = next;
    this.list.replaceChildren(...items);
  }
}
