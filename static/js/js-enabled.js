// Runs at the start of <body> (no inline script: the Content-Security-Policy forbids it).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
