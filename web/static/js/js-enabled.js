// Tells the stylesheet and GOV.UK Frontend that JavaScript runs. Loaded as the
// first thing in <body>, from a file: the Content-Security-Policy forbids inline script.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
