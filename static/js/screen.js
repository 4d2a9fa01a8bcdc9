// The hall screen: the latest published posts and the most-reacted ones, kept live.
import { setMessages, t, formatNumber } from "./i18n.js";
import { CardList, followSession } from "./livefeed.js";

const boot = JSON.parse(document.getElementById("agora-boot").textContent);
setMessages(boot);
const KINDS = ["agree", "disagree", "insightful"];

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

const latestList = new CardList(document.getElementById("screen-latest"), card);
const topList = new CardList(document.getElementById("screen-top"), card);

followSession(boot.session_id, {
  onChange(all) {
    latestList.show([...all].sort((a, b) => b.id - a.id).slice(0, boot.latest));
    topList.show(all.filter((p) => total(p) > 0)
      .sort((a, b) => total(b) - total(a) || b.id - a.id)
      .slice(0, boot.top));
  },
  onOnline(count) {
    document.getElementById("online-count").textContent = t("online", { count });
  },
});
