// Scores pages: open folded charts before printing, so the printout has every chart, and fold
// them again afterwards. Without JavaScript the tables (which always print) hold the same figures.
const folded = () => document.querySelectorAll("details.app-print-open:not([open])");
let opened = [];
window.addEventListener("beforeprint", () => {
  opened = Array.from(folded());
  opened.forEach((details) => { details.open = true; });
});
window.addEventListener("afterprint", () => {
  opened.forEach((details) => { details.open = false; });
  opened = [];
});
