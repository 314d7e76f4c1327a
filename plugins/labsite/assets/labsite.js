/* labsite: progressive enhancement of paper lists. Without JavaScript every paper
 * shows, with its abstract and BibTeX behind <details> toggles. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try {
      document.execCommand("copy");
    } finally {
      document.body.removeChild(area);
    }
    return Promise.resolve();
  }

  function addCopyButtons(root) {
    root.querySelectorAll("li.labsite-paper .labsite-more").forEach(function (more) {
      if (more.querySelector(".labsite-copy")) return;
      var code = more.querySelector(".labsite-bibtex code");
      if (!code) return;
      var item = more.closest("li.labsite-paper");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "labsite-copy";
      button.textContent = "Copy BibTeX";
      button.setAttribute("aria-label", "Copy BibTeX of " + item.dataset.paperKey);
      button.addEventListener("click", function () {
        copyText(code.textContent).then(function () {
          button.textContent = "Copied";
          button.setAttribute("data-copied", "");
          window.setTimeout(function () {
            button.textContent = "Copy BibTeX";
            button.removeAttribute("data-copied");
          }, 2000);
        });
      });
      more.insertBefore(button, more.querySelector(".labsite-bibtex-toggle"));
    });
  }

  function enhance() {
    document.querySelectorAll("[data-labsite-interactive]").forEach(addCopyButtons);
  }

  /* Material's instant navigation swaps pages without a load event: document$
   * emits on every page. Without Material, run once on load. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
