/* Accord's few behaviours, as progressive enhancement: every page works without them.
   Loaded with `defer` from base.html; no inline script anywhere (the CSP allows 'self' only).

   - Confirmation: a form with data-confirm="…" asks first, in the page's <dialog>, saying what
     else goes with the deletion (the server counted it); data-confirm-button names the button.
   - Focus after htmx: focus moves to what changed (its notice first), never back to the top.
   - Conditional fields: an input with data-shown-when="field:value,value" is shown (and
     required, if data-required-when-shown) only while that field has one of those values.
   - Scroll hints: a tab strip that scrolls sideways is marked, so its edges show more. */
(function () {
  "use strict";

  // --- Confirmation ---------------------------------------------------------------------------
  var confirmed = new WeakSet();

  function askFirst(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (confirmed.has(form)) {
      confirmed.delete(form);
      return;
    }
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return; // no dialog: plain submit
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter || null;
    dialog.querySelector("[data-confirm-text]").textContent = form.dataset.confirm;
    dialog.querySelector("[data-confirm-ok]").textContent =
      form.dataset.confirmButton || "Delete";
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue !== "ok") return;
      confirmed.add(form);
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    };
    dialog.showModal();
  }

  // Capturing on the document runs before htmx's own submit listener on the form.
  document.addEventListener("submit", askFirst, true);

  // --- Focus after an htmx swap ---------------------------------------------------------------
  var swappedId = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    swappedId = target && target.id ? target.id : null;
  });

  function focusOn(element) {
    if (!element) return false;
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest" });
    return document.activeElement === element;
  }

  document.addEventListener("htmx:afterSettle", function () {
    if (!swappedId) return;
    var changed = document.getElementById(swappedId);
    swappedId = null;
    var scope = changed || document.getElementById("main");
    // An error first (its field), then the notice of what happened, then the changed element.
    var invalid = scope.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (invalid && focusOn(invalid)) return;
    var notice = scope.querySelector(".notice, .form-errors, [role='alert']");
    if (notice && focusOn(notice)) return;
    focusOn(changed || scope);
  });

  // --- Conditional fields ---------------------------------------------------------------------
  function applyConditions(root) {
    root.querySelectorAll("[data-shown-when]").forEach(function (input) {
      var rule = input.dataset.shownWhen.split(":");
      var form = input.form;
      var control = form && form.elements.namedItem(rule[0]);
      if (!control) return;
      var shown = rule[1].split(",").indexOf(control.value) !== -1;
      var field = input.closest(".field") || input;
      field.hidden = !shown;
      input.disabled = !shown;
      if ("requiredWhenShown" in input.dataset) input.required = shown;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.form && event.target.form.querySelector("[data-shown-when]")) {
      applyConditions(event.target.form);
    }
  });

  // --- Scroll hints ---------------------------------------------------------------------------
  function markScrollers() {
    document.querySelectorAll(".tabs ul, .filters ul").forEach(function (list) {
      var more = list.scrollWidth - list.clientWidth;
      list.classList.toggle("scrolls", more > 1);
      list.classList.toggle("at-start", list.scrollLeft <= 1);
      list.classList.toggle("at-end", list.scrollLeft >= more - 1);
    });
  }

  function init(root) {
    applyConditions(root);
    markScrollers();
    // The current tab in view, so a phone shows where one is.
    document.querySelectorAll(".tabs [aria-current='page'], .filters [aria-current='page']")
      .forEach(function (current) {
        var list = current.closest("ul");
        if (list && list.scrollWidth > list.clientWidth) {
          list.scrollLeft = current.offsetLeft - list.clientWidth / 3;
        }
      });
  }

  document.addEventListener("scroll", function (event) {
    if (event.target.matches && event.target.matches(".tabs ul, .filters ul")) markScrollers();
  }, true);
  window.addEventListener("resize", markScrollers);
  document.addEventListener("htmx:load", function (event) { applyConditions(event.detail.elt); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
