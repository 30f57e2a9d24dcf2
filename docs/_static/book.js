// On a first visit the theme finds no stored colour mode and logs an error
// ("Got invalid theme mode"); start from the reader's system setting instead.
// This runs in <head>, before the theme's deferred script reads the mode.
if (!document.documentElement.dataset.mode) {
  document.documentElement.dataset.mode = "auto";
}

// Accessibility fixes for the theme's widgets (checked by tests/browser with axe-core).
// WCAG 2.5.3 "label in name": a control's accessible name must contain its
// visible text. The search buttons show "Search Ctrl+K" but are named "Search",
// and the code toggles show "Show code cell source" but are named "Toggle hidden
// content"; without the aria-label, the visible text is the name.
document.addEventListener("DOMContentLoaded", () => {
  const fix = () => {
    document
      .querySelectorAll(".search-button__button[aria-label], details.hide > summary[aria-label]")
      .forEach((element) => element.removeAttribute("aria-label"));
    // docutils marks the bibliography role="list" but its entries are not list
    // items (ARIA "required children"): it is a plain sequence of entries
    document
      .querySelectorAll('.citation-list[role="list"]')
      .forEach((element) => element.removeAttribute("role"));
  };
  fix();
  // sphinx-togglebutton builds its summaries after load
  setTimeout(fix, 0);
  window.addEventListener("load", fix);
});
