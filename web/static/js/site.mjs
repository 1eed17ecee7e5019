// Enhancements only: every page works without JavaScript.
// GOV.UK Frontend is imported from the fingerprinted URL the page preloads, so it
// is cached for good like every other static file (a relative import would name
// the plain file, which browsers must check again).
const frontend = document.getElementById("kb-govuk-frontend");
const { initAll } = await import(frontend ? frontend.href : "../govuk/govuk-frontend.min.js");

initAll();

// Search filters: apply a ticked box or a new sort order straight away, instead of
// waiting for the "Apply filters" button (hidden when JavaScript runs).
for (const form of document.querySelectorAll("form[data-kb-autosubmit]")) {
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox], select")) {
      form.requestSubmit();
    }
  });
}

// "Print these steps": a button only JavaScript can work, so it starts hidden.
for (const button of document.querySelectorAll("[data-kb-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// "Choose your area": a filter box (hidden without JavaScript, when the whole
// list shows) that hides the areas whose name does not contain what is typed.
for (const box of document.querySelectorAll("[data-kb-area-filter]")) {
  const input = box.querySelector("input");
  const status = box.querySelector("[data-kb-area-count]");
  box.hidden = false;
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLowerCase();
    let total = 0;
    for (const list of document.querySelectorAll("[data-kb-area-list]")) {
      let shown = 0;
      for (const item of list.querySelectorAll("[data-kb-area-name]")) {
        item.hidden = !item.dataset.kbAreaName.includes(wanted);
        shown += item.hidden ? 0 : 1;
      }
      list.hidden = shown === 0;
      list.previousElementSibling.hidden = shown === 0;
      total += shown;
    }
    status.textContent = total === 1 ? "1 area" : `${total} areas`;
  });
}
