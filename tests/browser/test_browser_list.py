"""The interactive paper list (papers(interactive=True) + labsite.js) in headless Chromium:
search, facets and counts, the URL as the state (shared links, Back and Forward), the
keyboard, Copy BibTeX, Material's light and dark palettes, a phone's width, print,
instant navigation, no JavaScript, and axe-core on the site's own Publications page.

Screenshots of every page a failing test opened are saved in its tmp_path (the path is
printed with the failure).
"""

from __future__ import annotations

import importlib.resources
import os
import re
from pathlib import Path

import pytest

from ..samples.xss import VECTORS, vectors_bib
from ..support import BASE_CONFIG, run_build, write_site

SCRIPT = Path("assets") / "labsite" / "labsite.js"

THEME = """\
theme:
  name: material
  font: false
  features: [navigation.instant]
  palette:
    - scheme: default
      primary: indigo
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - scheme: slate
      primary: indigo
      toggle: {icon: material/brightness-4, name: Switch to light mode}
"""
NAV = """\
nav:
  - Home: index.md
  - Publications: publications.md
  - Other: other.md
  - Two lists: two.md
"""


def _config() -> str:
    config = BASE_CONFIG.replace("theme:\n  name: material\n  font: false\n", THEME)
    config = config.replace("plugins:\n", "plugins:\n  - search\n")
    assert "navigation.instant" in config and "- search" in config, "BASE_CONFIG changed"
    return config + NAV


PAGES = {
    "index.md": "# Home\n\nSee the [publications](publications.md).\n",
    "publications.md": '# Publications\n\n{{ papers(group_by="year", interactive=True) }}\n',
    "other.md": "# Other\n\nNot a list.\n",
    "two.md": (
        "# Two lists\n\n"
        '{{ papers(keyword="sampling", interactive=True) }}\n\n'
        '{{ papers(keyword="optimization", interactive=True) }}\n'
    ),
}

# Twelve entries: every entry type the site uses, years with one to three papers, two
# entries without a year (grouped under their status), accents written in LaTeX.
BIB = r"""
@article{lovelace2024langevin,
  author = {Lovelace, Ada and M{\"u}ller, J{\"o}rg},
  title = {Underdamped {Langevin} Samplers for Deep Networks},
  journal = {Journal of Machine Learning Research},
  year = {2024}, volume = {25}, pages = {1--40},
  keywords = {sampling, optimization},
  abstract = {We study underdamped Langevin dynamics as a training method.},
  url = {https://example.org/langevin}, code = {https://example.org/langevin-code},
}
@inproceedings{lovelace2024graphs,
  author = {Lovelace, Ada and Nakamura, Yuki},
  title = {Message Passing on Sparse Graphs},
  booktitle = {Proceedings of the International Conference on Machine Learning},
  year = {2024}, keywords = {deep-learning-theory},
  abstract = {Graph neural networks with sparse message passing.},
}
@inproceedings{lovelace2023sam,
  author = {Lovelace, Ada and Smith, Noah},
  title = {Sharpness-Aware Minimization of Normalization Layers},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2023}, keywords = {robustness, optimization},
  abstract = {Applying sharpness-aware minimization only to the normalization layers.},
  pdf = {https://example.org/sam.pdf},
}
@article{lovelace2023birds,
  author = {Lovelace, Ada and Nowak, Anna},
  title = {Counting Birds in Camera Trap Images},
  journal = {Ecological Informatics},
  year = {2023}, keywords = {biodiversity},
  abstract = {Camera traps and uncertainty in labels.},
}
@misc{lovelace2023thermo,
  author = {Lovelace, Ada and M{\"u}ller, J{\"o}rg},
  title = {Thermodynamic Parameterization of Neural Networks},
  howpublished = {Preprint},
  year = {2023}, keywords = {sampling},
  abstract = {A thermodynamic parameterization technique for training.},
}
@inproceedings{lovelace2022multirate,
  author = {Lovelace, Ada and Smith, Noah},
  title = {Multirate Training of Neural Networks},
  booktitle = {Proceedings of the International Conference on Machine Learning},
  year = {2022}, keywords = {optimization, sustainable-ai},
  abstract = {Fine-tune deep neural networks in almost half the time.},
}
@article{lovelace2021physics,
  author = {Lovelace, Ada and Garc{\'i}a, Jos{\'e}},
  title = {Physics-Informed Priors},
  journal = {Physical Review E},
  year = {2021}, keywords = {physics-informed-ml, sampling},
}
@phdthesis{lovelace2020thesis,
  author = {Lovelace, Ada},
  title = {Stochastic Dynamics for Machine Learning},
  school = {University of Edinburgh},
  year = {2020}, keywords = {sampling, physics},
}
@article{lovelace2019entropy,
  author = {Lovelace, Ada and Nakamura, Yuki},
  title = {Shape Dependence of R{\'e}nyi Entropies},
  journal = {Physical Review B},
  year = {2019}, keywords = {physics},
}
@inproceedings{lovelace2025accepted,
  author = {Lovelace, Ada and M{\"u}ller, J{\"o}rg},
  title = {Adversarial Robustness of Batch Normalization},
  booktitle = {NeurIPS Workshop on Optimization},
  year = {2025}, keywords = {robustness}, status = {Accepted},
}
@unpublished{review2025toolkit,
  author = {Lovelace, Ada and Smith, Noah},
  title = {A Question-Driven Toolkit for Marine Ecology},
  keywords = {biodiversity}, status = {Under review},
}
@unpublished{planned2026,
  title = {Greener Training Schedules},
  keywords = {sustainable-ai}, status = {Planned},
}
"""
ALL = 12


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site, built once (as make_site builds it) for every test of this file."""
    root = tmp_path_factory.mktemp("browser-list")
    write_site(root, PAGES, BIB, _config())
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build.site


@pytest.fixture
def open_page(chromium, request, tmp_path):
    """open_page(url, label=..., **context options) -> a page whose labsite.js is ready.

    Each page gets its own browser context. JavaScript errors fail the test; when the
    test fails, every page it opened is saved as tmp_path/<test>-<label>.png."""
    opened = []
    failed_before = request.session.testsfailed

    def open_(url: str, label: str = "page", wait: bool = True, setup=None, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = chromium.new_context(**options)
        if setup:
            setup(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        opened.append((label, context, page, errors))
        page.goto(url)
        if wait:
            page.wait_for_selector("[data-labsite-ready]", state="attached")
        return page

    yield open_
    failed = request.session.testsfailed > failed_before
    for label, context, page, _ in opened:
        if failed:
            path = tmp_path / f"{request.node.name}-{label}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                print(f"screenshot of {label}: {path}")
            except Exception as error:  # the page may be what broke
                print(f"no screenshot of {label}: {error}")
        context.close()
    errors = [e for _, _, _, errs in opened for e in errs]
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def base(site, serve_dir) -> str:
    return serve_dir(site)


# --- helpers -------------------------------------------------------------------------


def visible_keys(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll("li.labsite-paper")]
              .filter((li) => li.checkVisibility())
              .map((li) => li.dataset.paperKey)"""
    )


def visible_groups(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll("h2.labsite-group")]
              .filter((h) => h.checkVisibility())
              .map((h) => h.textContent.trim())"""
    )


def count_text(page) -> str:
    return page.locator("[data-filter-count]").inner_text().strip()


def option(page, facet: str, value: str):
    return page.locator(f"input[data-facet={facet}][value='{value}']")


def option_count(page, facet: str, value: str) -> str:
    row = page.locator(f".labsite-option:has(input[data-facet={facet}][value='{value}'])")
    return row.locator(".labsite-option__count").inner_text()


def open_facet(page, facet: str) -> None:
    toggle = page.locator(f"[data-facet-toggle={facet}]")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def query(page) -> str:
    return page.evaluate("location.search")


def wait_for_query(page, expected: str) -> None:
    page.wait_for_function("(q) => location.search === q", arg=expected, timeout=5000)


def checked(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll("[data-paper-filter] input[type=checkbox]")]
              .filter((i) => i.checked).map((i) => i.dataset.facet + "=" + i.value)"""
    )


# --- the plugin and the page -----------------------------------------------------------


def test_the_plugin_serves_labsite_js(site):
    """The list's script is part of the site (no CDN), written there by the plugin."""
    html = (site / "publications" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert any(s.endswith("assets/labsite/labsite.js") for s in sources), sources
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    assert (site / SCRIPT).is_file(), "the plugin must write assets/labsite/labsite.js"


def test_controls_are_built_in_the_mount_point(open_page, base):
    page = open_page(base + "publications/")
    mount = page.locator("[data-paper-filter]")
    assert mount.is_visible()
    assert mount.locator("input[type=search]").count() == 1
    label = page.locator(f"label[for='{mount.locator('input[type=search]').get_attribute('id')}']")
    assert label.count() == 1 and label.inner_text()
    toggles = mount.locator("[data-facet-toggle]")
    assert [toggles.nth(i).get_attribute("data-facet-toggle") for i in range(5)] == [
        "year", "type", "keyword", "author", "status",
    ]  # fmt: skip
    for facet in ("year", "type", "keyword", "author", "status"):
        panel = mount.locator(f"[data-facet={facet}] fieldset")
        assert panel.locator("legend").count() == 1
        assert page.locator(f"[data-facet-toggle={facet}]").get_attribute("aria-controls") == (
            panel.get_attribute("id")
        )
    assert count_text(page) == f"Showing all {ALL} papers"
    assert page.locator("[data-filter-count]").get_attribute("aria-live") == "polite"
    assert len(visible_keys(page)) == ALL
    # Every entry has its hooks and its tools.
    for key in visible_keys(page):
        item = page.locator(f"li[data-paper-key='{key}']")
        assert item.locator("a.labsite-anchor").get_attribute("href").endswith(f"#paper-{key}")
        assert item.locator("button.labsite-copy").count() == 1
        assert item.locator("details.labsite-bibtex-toggle").count() == 1


def test_search_matches_title_authors_venue_and_abstract(open_page, base):
    page = open_page(base + "publications/")
    box = page.locator("[data-filter-search]")
    box.fill("langevin")  # title and abstract
    assert visible_keys(page) == ["lovelace2024langevin"]
    assert count_text(page) == f"1 of {ALL} papers"
    box.fill("muller")  # an author, without the accent
    assert sorted(visible_keys(page)) == [
        "lovelace2023thermo", "lovelace2024langevin", "lovelace2025accepted",
    ]  # fmt: skip
    box.fill("ecological informatics")  # the venue
    assert visible_keys(page) == ["lovelace2023birds"]
    box.fill("half the TIME")  # the abstract, any case
    assert visible_keys(page) == ["lovelace2022multirate"]
    assert visible_groups(page) == ["2022"]
    wait_for_query(page, "?search=half+the+TIME")
    box.fill("no such paper")
    assert visible_keys(page) == []
    assert visible_groups(page) == []
    assert page.locator("[data-labsite-empty]").is_visible()
    assert count_text(page) == f"0 of {ALL} papers"
    box.fill("")
    assert len(visible_keys(page)) == ALL
    assert not page.locator("[data-labsite-empty]").is_visible()
    wait_for_query(page, "")


def test_facets_counts_groups_and_clear(open_page, base):
    page = open_page(base + "publications/")
    open_facet(page, "year")
    assert option_count(page, "year", "2023") == "(3)"
    assert option_count(page, "year", "none") == "(2)"
    option(page, "year", "2023").check()
    assert sorted(visible_keys(page)) == [
        "lovelace2023birds", "lovelace2023sam", "lovelace2023thermo",
    ]  # fmt: skip
    assert visible_groups(page) == ["2023"]
    assert count_text(page) == f"3 of {ALL} papers"
    # A facet's own counts ignore its own choice; the others follow it.
    assert option_count(page, "year", "2024") == "(2)"
    open_facet(page, "keyword")
    assert option_count(page, "keyword", "optimization") == "(1)"
    assert option_count(page, "keyword", "physics") == "(0)"
    # Values of one facet: either; facets together: both.
    option(page, "year", "2024").check()
    assert len(visible_keys(page)) == 5
    assert visible_groups(page) == ["2024", "2023"]
    option(page, "keyword", "sampling").check()
    assert sorted(visible_keys(page)) == ["lovelace2023thermo", "lovelace2024langevin"]
    assert (
        page.locator("[data-facet-toggle=year] .labsite-facet__badge").inner_text().startswith("2")
    )
    wait_for_query(page, "?year=2024&year=2023&keyword=sampling")
    # Co-authors and statuses.
    page.locator("[data-filter-clear]").click()
    open_facet(page, "author")
    option(page, "author", "Noah Smith").check()
    assert sorted(visible_keys(page)) == [
        "lovelace2022multirate", "lovelace2023sam", "review2025toolkit",
    ]  # fmt: skip
    open_facet(page, "status")
    option(page, "status", "under-review").check()
    assert visible_keys(page) == ["review2025toolkit"]
    assert visible_groups(page) == ["Under review"]
    # Clear filters: everything back, controls reset, URL clean.
    page.locator("[data-filter-search]").fill("toolkit")
    page.locator("[data-filter-clear]").click()
    assert len(visible_keys(page)) == ALL
    assert checked(page) == []
    assert page.locator("[data-filter-search]").input_value() == ""
    assert count_text(page) == f"Showing all {ALL} papers"
    wait_for_query(page, "")


def test_keyboard_only_filter_flow(open_page, base):
    page = open_page(base + "publications/")
    focused = "document.activeElement"

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"{focused}.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("[data-filter-search]")
    page.keyboard.type("network")
    typed = sorted(visible_keys(page))
    assert 0 < len(typed) < ALL
    page.keyboard.press("Tab")
    assert page.evaluate(f"{focused}.dataset.facetToggle") == "year"
    page.keyboard.press("Enter")
    assert page.locator("[data-facet-toggle=year]").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{focused}.type") == "checkbox"
    value = page.evaluate(f"{focused}.value")
    page.keyboard.press("Space")
    assert checked(page) == [f"year={value}"]
    shown = visible_keys(page)
    assert all(
        page.locator(f"li[data-paper-key='{k}']").get_attribute("data-year") == value for k in shown
    )
    assert count_text(page) == f"{len(shown)} of {ALL} papers"
    page.keyboard.press("Escape")  # closes the panel, back on its button
    assert page.evaluate(f"{focused}.dataset.facetToggle") == "year"
    assert page.locator("[data-facet-toggle=year]").get_attribute("aria-expanded") == "false"
    tab_to("[data-filter-clear]", limit=10)
    page.keyboard.press("Enter")
    assert checked(page) == [] and len(visible_keys(page)) == ALL
    # An entry's own tools: the abstract toggle and the BibTeX button.
    tab_to("li.labsite-paper summary")
    page.keyboard.press("Enter")
    assert page.evaluate(f"{focused}.parentElement.open")
    tab_to("li.labsite-paper .labsite-copy", limit=10)


def test_back_and_forward_restore_list_and_controls(open_page, base):
    page = open_page(base + "publications/")
    open_facet(page, "year")
    option(page, "year", "2023").check()
    wait_for_query(page, "?year=2023")
    page.locator("[data-filter-search]").fill("neural")
    wait_for_query(page, "?year=2023&search=neural")
    year_and_search = visible_keys(page)
    open_facet(page, "keyword")
    option(page, "keyword", "optimization").check()
    wait_for_query(page, "?year=2023&keyword=optimization&search=neural")
    assert visible_keys(page) == ["lovelace2023sam"]

    page.go_back()
    wait_for_query(page, "?year=2023&search=neural")
    assert checked(page) == ["year=2023"]
    assert page.locator("[data-filter-search]").input_value() == "neural"
    assert visible_keys(page) == year_and_search
    page.go_back()
    wait_for_query(page, "")
    assert checked(page) == []
    assert page.locator("[data-filter-search]").input_value() == ""
    assert len(visible_keys(page)) == ALL
    assert count_text(page) == f"Showing all {ALL} papers"
    page.go_forward()
    wait_for_query(page, "?year=2023&search=neural")
    assert checked(page) == ["year=2023"]
    assert visible_keys(page) == year_and_search
    page.go_forward()
    wait_for_query(page, "?year=2023&keyword=optimization&search=neural")
    assert checked(page) == ["year=2023", "keyword=optimization"]
    assert visible_keys(page) == ["lovelace2023sam"]
    assert count_text(page) == f"1 of {ALL} papers"


def test_a_shared_url_opens_the_filtered_view(open_page, base):
    page = open_page(base + "publications/?keyword=sampling&year=2023&year=2024&search=dynamics")
    assert sorted(checked(page)) == ["keyword=sampling", "year=2023", "year=2024"]
    assert page.locator("[data-filter-search]").input_value() == "dynamics"
    assert visible_keys(page) == ["lovelace2024langevin"]
    assert count_text(page) == f"1 of {ALL} papers"
    # Facets with a choice are open, so the choice can be seen.
    assert page.locator("[data-facet-toggle=year]").get_attribute("aria-expanded") == "true"
    # Material's site search keeps ?q= for itself: it must not open on our links.
    assert not page.evaluate("document.getElementById('__search').checked")

    # A value no paper has (yet): nothing shows, and it can be unchecked.
    other = open_page(base + "publications/?year=1999", label="unknown-year")
    assert visible_keys(other) == []
    assert other.locator("[data-labsite-empty]").is_visible()
    assert checked(other) == ["year=1999"]
    option(other, "year", "1999").uncheck()
    assert len(visible_keys(other)) == ALL


def test_copy_bibtex_puts_the_entry_on_the_clipboard(open_page, base):
    page = open_page(base + "publications/", permissions=["clipboard-read", "clipboard-write"])
    item = page.locator("li[data-paper-key='lovelace2023sam']")
    item.locator(".labsite-copy").click()
    expected = item.locator(".labsite-bibtex").text_content()
    assert expected.startswith("@inproceedings{lovelace2023sam,")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert item.locator(".labsite-copy").inner_text() == "Copied"
    assert page.locator("[data-labsite-announce]").inner_text() == (
        "BibTeX of lovelace2023sam copied"
    )
    # The anchor link keeps the current filters and points at the entry.
    page.locator("[data-filter-search]").fill("sharpness")
    anchor = item.locator(".labsite-anchor")
    anchor.focus()
    assert anchor.evaluate("a => a.href").endswith("?search=sharpness#paper-lovelace2023sam")
    # Link buttons are links: reachable and followed by the keyboard.
    assert item.locator("a.labsite-link").first.get_attribute("href")


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# The colour of an element's text and of what is behind it, as the eye sees them:
# translucent colours and opacity composited over the backgrounds of the ancestors.
COLOURS = """(selector) => {
  const ctx = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  const parse = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, bottom) => [0, 1, 2].map(
    (i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const el = document.querySelector(selector);
  const chain = [];
  for (let node = el; node; node = node.parentElement) chain.unshift(node);
  let background = [255, 255, 255, 1];
  let opacity = 1;
  for (const node of chain) {
    const style = getComputedStyle(node);
    background = over(parse(style.backgroundColor), background);
    opacity *= Number(style.opacity);
  }
  const text = parse(getComputedStyle(el).color);
  text[3] *= opacity;
  return {text: over(text, background).slice(0, 3), background: background.slice(0, 3),
          scheme: document.body.getAttribute("data-md-color-scheme")};
}"""
READABLE = [
    "li[data-paper-key='lovelace2023sam'] a.labsite-title",
    "li[data-paper-key='lovelace2023sam'] .labsite-authors",
    "li[data-paper-key='lovelace2023sam'] .labsite-venue",
    "li[data-paper-key='lovelace2023sam'] .labsite-more summary",
    "li[data-paper-key='lovelace2023sam'] .labsite-copy",
    "li[data-paper-key='review2025toolkit'] .labsite-status",
    "[data-filter-count]",
    "[data-facet-toggle=year]",
    ".labsite-option__count",
]


def test_light_and_dark_palettes(open_page, base):
    results = {}
    for label in ("light", "dark"):
        page = open_page(base + "publications/", label=label)
        open_facet(page, "year")
        if label == "dark":
            page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
            page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        results[label] = {s: page.evaluate(COLOURS, s) for s in READABLE}
        for selector, colours in results[label].items():
            ratio = _contrast(colours["text"], colours["background"])
            assert ratio >= 4.5, f"{label}: {selector} has a contrast of {ratio:.2f}"
    assert results["light"][READABLE[0]]["scheme"] == "default"
    assert results["dark"][READABLE[0]]["scheme"] == "slate"
    for selector in READABLE:
        assert results["light"][selector]["background"] != results["dark"][selector]["background"]
        assert results["light"][selector]["text"] != results["dark"][selector]["text"]


def test_phone_width_never_scrolls_sideways(open_page, base):
    page = open_page(base + "publications/", label="mobile", viewport={"width": 375, "height": 812})
    for facet in ("year", "type", "keyword", "author", "status"):
        open_facet(page, facet)
    page.evaluate("document.querySelectorAll('.labsite-more details').forEach(d => d.open = true)")
    option(page, "year", "2023").check()
    page.locator("[data-filter-search]").fill("a very long query that goes on and on")
    page.locator("[data-filter-search]").fill("")
    sizes = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], f"scrollWidth {sizes[0]} > clientWidth {sizes[1]}"
    widest = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll(
              ".labsite-interactive *")].map((e) => e.getBoundingClientRect().right))"""
    )
    assert widest <= 375


def test_print_is_a_clean_list(open_page, base):
    page = open_page(base + "publications/", label="print")
    page.evaluate("document.querySelector('.labsite-more details').open = true")
    page.emulate_media(media="print")
    for selector in ("[data-paper-filter]", ".labsite-copy", ".labsite-more", ".labsite-links",
                     "details", "summary", "button", "input"):  # fmt: skip
        shown = page.evaluate(
            """(s) => [...document.querySelectorAll(".labsite-interactive " + s)]
                  .filter((e) => e.checkVisibility()).length""",
            selector,
        )
        assert shown == 0, f"{selector} is printed"
    styles = page.evaluate(
        """() => [...document.querySelectorAll("li.labsite-paper")].map((li) => {
              const s = getComputedStyle(li);
              return [s.backgroundColor, s.borderLeftWidth, s.boxShadow];
          })"""
    )
    assert all(s == ["rgba(0, 0, 0, 0)", "0px", "none"] for s in styles), styles[:2]
    badges = page.evaluate(
        """() => [...document.querySelectorAll(".labsite-abbr, .labsite-status, .labsite-award")]
              .map((e) => getComputedStyle(e).backgroundColor)"""
    )
    assert badges and set(badges) == {"rgba(0, 0, 0, 0)"}
    assert len(visible_keys(page)) == ALL
    assert page.locator("li[data-paper-key='lovelace2023sam'] .labsite-title").is_visible()
    page.emulate_media(media="screen")
    assert page.locator("[data-paper-filter]").is_visible()


def _sitemap_for(site: Path, base: str):
    """Material follows only links that its sitemap lists, on the host of site_url with
    the page's scheme and host name but not its port: give it the test server's."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8").replace("https://example.org/", base)

    def setup(context) -> None:
        context.route(
            re.compile(r".*/sitemap\.xml$"),
            lambda route: route.fulfill(body=text, content_type="application/xml"),
        )

    return setup


def test_instant_navigation_keeps_one_working_panel(open_page, site, base):
    page = open_page(base + "publications/", setup=_sitemap_for(site, base))
    page.wait_for_timeout(300)  # the sitemap is fetched after the page has loaded
    page.evaluate("window.__sameDocument = true")
    open_facet(page, "year")
    option(page, "year", "2023").check()
    wait_for_query(page, "?year=2023")
    nav = page.locator("nav.md-nav--primary")
    for _ in range(2):  # away and back, twice
        nav.get_by_role("link", name="Other").first.click()
        page.wait_for_function("location.pathname.endsWith('/other/')")
        page.wait_for_selector("h1:has-text('Other')")
        assert page.locator("[data-paper-filter]").count() == 0
        nav.get_by_role("link", name="Publications").first.click()
        page.wait_for_selector("[data-labsite-ready]", state="attached")
    assert page.evaluate("window.__sameDocument"), "the page was reloaded: no instant navigation"
    page.evaluate("window.labsite.enhance()")  # as another emission of document$ would
    assert page.locator("[data-paper-filter]").count() == 1
    assert page.locator("[data-paper-filter] [data-filter-search]").count() == 1
    assert page.locator("[data-paper-filter] [data-facet-toggle=year]").count() == 1
    assert page.evaluate("window.labsite.lists().length") == 1
    assert len(visible_keys(page)) == ALL
    # One click: one history entry and one update (duplicate listeners would add more).
    length = page.evaluate("history.length")
    open_facet(page, "keyword")
    assert page.locator("[data-facet-toggle=keyword]").get_attribute("aria-expanded") == "true"
    option(page, "keyword", "physics").check()
    wait_for_query(page, "?keyword=physics")
    page.wait_for_timeout(300)
    assert page.evaluate("history.length") == length + 1
    assert sorted(visible_keys(page)) == ["lovelace2019entropy", "lovelace2020thesis"]
    # Back through the pages (instant navigation again), to the filtered page as it
    # was left: its state comes from the URL.
    for expected in ("/publications/", "/other/", "/publications/", "/other/"):
        page.go_back()
        page.wait_for_function("(url) => location.pathname + location.search === url", arg=expected)
        if expected == "/publications/":
            page.wait_for_selector("[data-labsite-ready]", state="attached")
            assert len(visible_keys(page)) == ALL and checked(page) == []
    page.go_back()
    page.wait_for_function("location.search === '?year=2023'")
    page.wait_for_selector("[data-labsite-ready] [data-facet=year] input:checked", state="attached")
    assert checked(page) == ["year=2023"]
    assert len(visible_keys(page)) == 3
    assert page.locator("[data-paper-filter] [data-filter-search]").count() == 1
    assert page.evaluate("window.__sameDocument")


def test_without_javascript_every_paper_shows(open_page, base):
    page = open_page(base + "publications/", wait=False, java_script_enabled=False)
    items = page.locator("li.labsite-paper")
    assert items.count() == ALL
    assert all(items.nth(i).is_visible() for i in range(ALL))
    assert not page.locator("[data-paper-filter]").is_visible()
    assert page.locator(".labsite-copy").count() == 0
    assert page.locator("details.labsite-bibtex-toggle").count() == ALL
    assert page.locator("h2.labsite-group").count() == 9


def test_two_lists_on_a_page_filter_apart(open_page, base):
    page = open_page(base + "two/")
    assert page.evaluate("window.labsite.lists().length") == 2
    first, second = page.locator("[data-labsite-interactive]").all()
    second.locator("[data-filter-search]").fill("multirate")
    wait_for_query(page, "?l2-search=multirate")
    assert second.locator("[data-filter-count]").inner_text() == "1 of 3 papers"
    assert first.locator("[data-filter-count]").inner_text() == "Showing all 4 papers"
    first.locator("[data-facet-toggle=year]").click()
    first.locator("input[data-facet=year][value='2023']").check()
    wait_for_query(page, "?l2-search=multirate&year=2023")
    assert first.locator("[data-filter-count]").inner_text() == "1 of 4 papers"
    # The controls' ids (for labels, aria-controls) are unique on the page.
    ids = page.evaluate("[...document.querySelectorAll('[data-paper-filter] [id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)) == 2 * 6
    page.go_back()
    wait_for_query(page, "?l2-search=multirate")
    assert first.locator("[data-filter-count]").inner_text() == "Showing all 4 papers"
    assert second.locator("[data-filter-count]").inner_text() == "1 of 3 papers"


def test_bibliography_text_stays_text_in_the_controls(make_site, open_page, serve_dir):
    """The controls are made from the entries' data attributes: XSS vectors in every
    field (tests/samples/xss.py) become labels and search text, never markup."""
    build = make_site(
        {"index.md": "# List\n\n{{ papers(group_by='year', interactive=True) }}\n"}, vectors_bib()
    )
    assert build.returncode == 0, build.output
    url = serve_dir(build.site) + "?author=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    page = open_page(url)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.evaluate("document.querySelectorAll('[data-facet-toggle]').forEach((b) => b.click())")
    labels = page.locator("[data-facet=keyword] .labsite-option__label").all_inner_texts()
    assert "<script>alert(1)</script>" in labels
    assert checked(page) == ["author=<script>alert(1)</script>"]
    page.locator("[data-filter-search]").fill(VECTORS[2])
    page.locator("[data-filter-clear]").click()
    for index in range(3):
        page.locator("[data-facet=keyword] input[type=checkbox]").nth(index).check()
    page.wait_for_timeout(300)
    injected = page.evaluate(
        """() => document.querySelectorAll(
              "[data-paper-filter] script, [data-paper-filter] img, [data-paper-filter] svg,"
              + " [data-paper-filter] iframe, [data-paper-filter] [onerror]").length"""
    )
    assert injected == 0
    assert dialogs == [], f"injected script ran: {dialogs}"


def _axe_source() -> str:
    try:
        return importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
    except ModuleNotFoundError:
        message = "axe-core comes from the PyPI package axe-playwright-python (not installed)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_the_publications_page(
    open_page, real_site, serve_dir, scheme
):
    source = _axe_source()
    page = open_page(serve_dir(real_site) + "publications/", label=scheme, color_scheme=scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == (
        "slate" if scheme == "dark" else "default"
    )
    # Everything the list can show: open panels, a choice, open toggles.
    page.evaluate("document.querySelectorAll('[data-facet-toggle]').forEach((b) => b.click())")
    page.locator("[data-paper-filter] input[type=checkbox]").first.check()
    page.evaluate("document.querySelectorAll('.labsite-more details').forEach(d => d.open = true)")
    page.evaluate(source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert result["testEngine"]["name"] == "axe-core"
    bad = [
        f"{v['impact']} {v['id']}: {v['help']} at {node['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]
    assert not bad, "\n".join(bad)
    # The list itself was checked: its controls are in the page axe saw.
    assert page.locator("[data-paper-filter] [data-filter-search]").count() == 1
