"""Math in built sites: TeX kept through the macros, MathML on list and paper pages, a
formula that cannot be converted failing --strict, pages without macros.
"""

from __future__ import annotations

from ..support import BASE_CONFIG


def test_double_braces_in_math_survive_the_macros(make_site) -> None:
    build = make_site(
        {
            "index.md": """\
            # Math

            Inline $x^{{2}}$ and \\(y_{#1}\\), and a list:

            $$
            \\frac{{a}}{b}
            $$

            {{ papers() }}

            Code keeps macros: `{{ 1 + 1 }}`.
            """
        },
        """\
        @article{lovelace1843notes, author = {Lovelace, Ada}, title = {Notes on $x^2$},
          journal = {Memoirs}, year = {1843}}
        """,
        config=BASE_CONFIG.replace(
            "      generic: true\n", "      generic: true\n  - labsite.mathml\n"
        ),
        strict=True,
    )
    assert build.returncode == 0, build.output
    page = build.html()
    annotations = [a.get_text().strip() for a in page.select("article math annotation")]
    assert "x^{{2}}" in annotations
    assert "y_{#1}" in annotations
    assert r"\frac{{a}}{b}" in annotations
    assert "x^2" in annotations  # the title in the paper list
    assert page.select_one("article li") is not None  # the macro outside math ran
    assert page.select_one("article p code").get_text() == "2"
    assert "\\(" not in str(page.select_one("article"))
    # The paper's own page skips Markdown: its math is converted all the same.
    paper_page = build.html("publications/lovelace1843notes/index.html")
    assert "x^2" in [a.get_text().strip() for a in paper_page.select("article math annotation")]
    assert "arithmatex" not in str(paper_page.select_one("article"))


def test_unconvertible_formula_fails_a_strict_build(make_site) -> None:
    build = make_site(
        {"index.md": "# Math\n\nBroken: $\\frac{1}{$\n"},
        "@misc{a, title = {A}}\n",
        config=BASE_CONFIG.replace(
            "      generic: true\n", "      generic: true\n  - labsite.mathml\n"
        ),
        strict=True,
    )
    assert build.returncode != 0
    assert "kept as TeX: '\\\\frac{1}{'" in build.output


def test_page_without_macros_gets_no_raw_tags(make_site) -> None:
    build = make_site(
        {
            "index.md": """\
            ---
            render_macros: false
            ---

            # Math

            Shown as written: $x^{{2}}$ and {{ papers() }}.
            """
        },
        "@misc{a, title = {A}}\n",
        config=BASE_CONFIG.replace(
            "      generic: true\n", "      generic: true\n  - labsite.mathml\n"
        ),
        strict=True,
    )
    assert build.returncode == 0, build.output
    article = build.html().select_one("article")
    assert "raw %}" not in article.get_text()
    assert "{{ papers() }}" in article.get_text()
    assert [a.get_text() for a in article.select("math annotation")] == ["x^{{2}}"]
