// This site's own adjustments to Material's page chrome.

// Material's search overlay is role="dialog" without an accessible name; screen
// readers announce it as "dialog". Name it after its search box. The header is kept
// across instant navigation, so this runs once.
for (const dialog of document.querySelectorAll(".md-search[role=dialog]:not([aria-label])")) {
  const input = dialog.querySelector("input[aria-label]");
  dialog.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
}
