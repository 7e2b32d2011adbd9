// Keeps the report page's PDF statuses current: polls each queued or running PDF's JSON status
// and reloads the page when one finishes (done or failed), so its download link or failure
// reason appears. Without JavaScript the row offers a "Refresh to see its status" link instead.
const rows = document.querySelectorAll("[data-pdf-status-url]");
const TAG_CLASSES = { queued: "govuk-tag--grey", running: "govuk-tag--blue", done: "govuk-tag--green", failed: "govuk-tag--red" };

function setTag(row, status, label) {
  const tag = row.querySelector("[data-pdf-status-tag]");
  if (!tag) return;
  tag.textContent = label;
  Object.values(TAG_CLASSES).forEach((name) => tag.classList.remove(name));
  if (TAG_CLASSES[status]) tag.classList.add(TAG_CLASSES[status]);
}

function poll(row, delay) {
  window.setTimeout(async () => {
    try {
      const response = await fetch(row.dataset.pdfStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return; // signed out or gone: leave the no-JS refresh link in place
      const data = await response.json();
      setTag(row, data.status, data.label);
      if (!data.pending) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // Network hiccup: try again a little later.
    }
    poll(row, Math.min(delay * 1.5, 10000));
  }, delay);
}

rows.forEach((row) => {
  const link = row.querySelector("[data-pdf-link]");
  if (link) link.setAttribute("aria-live", "polite");
  poll(row, 1500);
});
