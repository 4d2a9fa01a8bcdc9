// Pages without a live thread (a post's permalink): times in the reader's time zone, and the
// share button.
import { setMessages, localiseTime } from "./i18n.js";
import { initShare } from "./share.js";

setMessages(JSON.parse(document.getElementById("agora-boot").textContent));
document.querySelectorAll("time[datetime]").forEach(localiseTime);
initShare();
