// GOV.UK's timeout warning (templates/includes/timeout_warning.html, inspection/session_timeout.py).
//
// The page says how many seconds its session has left and how long before the end to warn. At
// that time the server is asked again (another tab may have chosen "Stay signed in"); if the end
// is still near, a modal <dialog> opens with focus on "Stay signed in". The countdown is shown
// every second but announced politely only each minute, then every 20 seconds in the last two.
// "Stay signed in" (or Escape) posts to the keep-alive address, which moves the end on.
//
// When the session has ended, the dialog says so. On a criterion page with unsaved changes
// ("form[data-keep-answers]"), "Sign in again" posts the form: the server keeps the answers and
// puts them back after sign-in (cases/kept_answers.py). Otherwise it goes to the sign-in page.

const dialog = document.getElementById("timeout-warning");

// Seconds under two minutes (70 seconds is not "2 minutes"), whole minutes rounded above that.
function duration(seconds) {
  if (seconds >= 120) {
    const minutes = Math.round(seconds / 60);
    return `${minutes} minutes`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function formState(form) {
  return form ? new URLSearchParams(new FormData(form)).toString() : "";
}

function start() {
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const keepAliveUrl = dialog.dataset.keepAliveUrl;
  const token = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  const warning = dialog.querySelector("[data-timeout-warning]");
  const signedOut = dialog.querySelector("[data-timeout-signed-out]");
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announcer = dialog.querySelector("[data-timeout-announce]");
  const stayButton = dialog.querySelector("[data-timeout-stay]");
  const signInLink = dialog.querySelector("[data-timeout-sign-in]");
  const keepForm = document.querySelector("form[data-keep-answers]");
  const keepFormAtLoad = formState(keepForm);

  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let timer = null;
  let ticker = null;
  let lastAnnounced = null;
  let returnFocusTo = null;
  let ended = false;

  // Seconds left on the server: a number; 0 when signed out (the sign-in page answered instead);
  // null when the server could not be reached (the page's own count is kept).
  async function ask(method) {
    try {
      const response = await fetch(keepAliveUrl, {
        method,
        credentials: "same-origin",
        headers: method === "POST" ? { Accept: "application/json", "X-CSRFToken": token } : { Accept: "application/json" },
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || !type.includes("application/json")) return 0;
      const data = await response.json();
      return typeof data.seconds_left === "number" ? data.seconds_left : 0;
    } catch (error) {
      return null;
    }
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
  }

  function schedule() {
    window.clearTimeout(timer);
    const wait = endsAt - warningMs - Date.now();
    timer = window.setTimeout(check, Math.min(Math.max(wait, 0), 2 ** 31 - 1));
  }

  async function check() {
    if (ended) return;
    const left = await ask("GET");
    if (left !== null) endsAt = Date.now() + left * 1000;
    if (endsAt - Date.now() > warningMs + 1000) {
      close();
      schedule(); // stayed signed in in another tab
    } else if (secondsLeft() <= 0) {
      showSignedOut();
    } else {
      showWarning();
    }
  }

  function update() {
    const left = secondsLeft();
    if (left <= 0) {
      window.clearInterval(ticker);
      check();
      return;
    }
    countdown.textContent = duration(left);
    const step = left > 120 ? Math.ceil(left / 60) * 60 : Math.ceil(left / 20) * 20;
    if (lastAnnounced !== null && step !== lastAnnounced) {
      announcer.textContent = `We will sign you out in ${duration(step)}.`;
    }
    lastAnnounced = step;
  }

  function showWarning() {
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      lastAnnounced = null;
      announcer.textContent = "";
      dialog.showModal();
      stayButton.focus();
    }
    window.clearInterval(ticker);
    update();
    ticker = window.setInterval(update, 1000);
  }

  function showSignedOut() {
    ended = true;
    window.clearInterval(ticker);
    window.clearTimeout(timer);
    const unsaved = keepForm !== null && formState(keepForm) !== keepFormAtLoad;
    warning.hidden = true;
    signedOut.hidden = false;
    signedOut.querySelector("[data-timeout-unsaved]").hidden = !unsaved;
    signedOut.querySelector("[data-timeout-nothing-unsaved]").hidden = unsaved;
    dialog.setAttribute("aria-labelledby", "timeout-signed-out-heading");
    dialog.setAttribute("aria-describedby", "timeout-signed-out-text");
    announcer.textContent = "";
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      dialog.showModal();
    }
    signedOut.querySelector("h2").focus();
    if (unsaved) {
      signInLink.addEventListener("click", (event) => {
        event.preventDefault();
        keepForm.requestSubmit();
      });
    }
  }

  function close() {
    window.clearInterval(ticker);
    announcer.textContent = "";
    if (dialog.open) {
      dialog.close();
      if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
    }
  }

  async function stay() {
    stayButton.disabled = true;
    let left = await ask("POST");
    if (left === 0) left = await ask("GET"); // the post refused (e.g. a newer token): still signed in?
    stayButton.disabled = false;
    if (left === 0) {
      showSignedOut();
      return;
    }
    if (left !== null) endsAt = Date.now() + left * 1000;
    close();
    schedule();
  }

  stayButton.addEventListener("click", stay);
  dialog.addEventListener("cancel", (event) => {
    if (ended) return; // Escape closes the signed-out message: the page stays as it was
    event.preventDefault(); // Escape means "Stay signed in"
    stay();
  });
  // Timers in a background tab may run late: look again when the tab is shown.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !ended && !dialog.open && endsAt - Date.now() <= warningMs) check();
  });
  schedule();
}

if (dialog && typeof dialog.showModal === "function") start();
