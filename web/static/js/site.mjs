// Enhancements only: every page works without JavaScript.
import { initAll } from "../govuk/govuk-frontend.min.js";

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
