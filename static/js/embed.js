// The embed widget: the newest published posts of a session, read-only and live, inside a
// partner town's page. Builds the same cards as reach/_card.html.
import { setMessages, t, formatNumber, localiseTime } from "./i18n.js";
import { CardList, followSession } from "./livefeed.js";
import { KINDS, postBody, postTime } from "./thread.js";

const boot = JSON.parse(document.getElementById("agora-boot").textContent);
setMessages(boot);
document.querySelectorAll("time[datetime]").forEach(localiseTime);
const $ = (id) => document.getElementById(id);

function card(post) {
  const li = document.createElement("li");
  li.dataset.id = post.id;
  const article = document.createElement("article");
  article.className = "post-card";
  article.dataset.id = post.id;
  article.setAttribute("aria-labelledby", `card-${post.id}-author`);
  const header = document.createElement("header");
  header.className = "post-meta";
  const author = document.createElement("span");
  author.className = "author";
  author.id = `card-${post.id}-author`;
  author.dir = "auto";
  author.textContent = post.author.display_name; // text, never HTML
  const link = document.createElement("a");
  link.className = "permalink";
  link.href = `/p/${post.id}`;
  link.append(postTime(post));
  header.append(author, " ", link);
  const body = postBody(post);
  const reactions = document.createElement("p");
  reactions.className = "post-reactions";
  for (const kind of KINDS) {
    const count = document.createElement("span");
    count.className = "reaction-count";
    count.textContent = `${t(kind)} ${formatNumber(post.reactions?.[kind] || 0)}`;
    reactions.append(count);
  }
  article.append(header, body, reactions);
  li.append(article);
  return li;
}

const list = new CardList($("embed-posts"), card);

const feed = followSession(boot.session_id, {
  onChange(all) {
    const newest = all.sort((a, b) => b.id - a.id).slice(0, boot.latest);
    list.show(newest);
    $("embed-empty").hidden = newest.length > 0;
  },
  onOnline(count) {
    $("online-count").textContent = t("online", { count });
  },
  onState(state) {
    const status = $("connection-state");
    status.dataset.state = state;
    status.textContent = t(state);
  },
});

const pause = $("pause-button");
pause.hidden = false;
pause.addEventListener("click", () => {
  const paused = pause.getAttribute("aria-pressed") !== "true";
  pause.setAttribute("aria-pressed", String(paused));
  pause.textContent = t(paused ? "resume" : "pause");
  feed.setPaused(paused);
});
