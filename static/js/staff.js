// On every staff page: the number of items waiting in the queues this person moderates, kept
// live. It asks the server again (debounced) whenever a queue changes.
import { io } from "../vendor/socket.io/socket.io.esm.min.js";

const badge = document.getElementById("staff-waiting");
const config = JSON.parse(document.getElementById("agora-staff").textContent);
const socket = io({ transports: ["websocket", "polling"] });
let timer = null;

function show(total) {
  badge.hidden = total === 0;
  const n = new Intl.NumberFormat(config.lang).format(total);
  badge.textContent = config.waiting_label.replace("%(count)s", n);
}

function refresh() {
  socket.emit("queue_counts", {}, (ack) => {
    if (ack?.ok) show(ack.total);
  });
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 500);
}

socket.on("connect", refresh);
socket.on("queue_item", soon);
socket.on("queue_resolved", soon);
