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
