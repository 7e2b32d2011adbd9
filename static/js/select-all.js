// "Select all" for a table of checkboxes (the allocation page): with JavaScript the table's
// "Select" column header becomes a checkbox that ticks or clears every case listed, and shows
// whether all, some (mixed) or none are ticked. Without JavaScript the header stays plain text and
// each case is ticked on its own.
function enhance(table) {
  const cell = table.querySelector("[data-select-all-cell]");
  const boxes = Array.from(table.querySelectorAll("tbody input[type=checkbox]"));
  if (!cell || boxes.length === 0) return;

  const wrapper = document.createElement("div");
  wrapper.className = "govuk-checkboxes govuk-checkboxes--small";
  const item = document.createElement("div");
  item.className = "govuk-checkboxes__item";
  const input = document.createElement("input");
  input.type = "checkbox";
  input.className = "govuk-checkboxes__input";
  input.id = "select-all";
  const label = document.createElement("label");
  label.className = "govuk-label govuk-checkboxes__label";
  label.htmlFor = input.id;
  label.textContent = "Select all";
  const count = document.createElement("span");
  count.className = "govuk-visually-hidden";
  count.textContent = ` ${boxes.length} cases listed`;
  label.appendChild(count);
  item.append(input, label);
  wrapper.appendChild(item);
  cell.replaceChildren(wrapper);

  const refresh = () => {
    const ticked = boxes.filter((box) => box.checked).length;
    input.checked = ticked === boxes.length;
    input.indeterminate = ticked > 0 && ticked < boxes.length;
  };
  input.addEventListener("change", () => {
    boxes.forEach((box) => {
      box.checked = input.checked;
    });
    refresh();
  });
  boxes.forEach((box) => box.addEventListener("change", refresh));
  refresh();
}

document.querySelectorAll("[data-select-all-table]").forEach(enhance);
