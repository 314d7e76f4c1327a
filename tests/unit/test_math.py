"""Math: LaTeX to MathML at build time (labsite.mathml), and math kept away from macros
(labsite.mathguard)."""

from __future__ import annotations

import logging

import markdown
import pytest
from bs4 import BeautifulSoup

from labsite.render.mathml import MathError, convert_html, to_mathml
from labsite.text.mathguard import protect_math

MATH_LOG = "mkdocs.plugins.labsite.mathml"


def md(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=["pymdownx.arithmatex", "labsite.mathml", "md_in_html"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


# -- conversion -------------------------------------------------------------------------


def test_inline_formula_becomes_inline_mathml_with_tex_annotation() -> None:
    html = md(r"Euler: $e^{i\pi} + 1 = 0$.")
    math = soup(html).find("math")
    assert math is not None and math["display"] == "inline"
    assert math.find("msup") is not None
    annotation = math.find("annotation")
    assert annotation["encoding"] == "application/x-tex"
    assert annotation.get_text() == r"e^{i\pi} + 1 = 0"
    assert "arithmatex" not in html and "\\(" not in html


@pytest.mark.parametrize(
    "text",
    ["$$\n\\frac{a}{b}\n$$", "\\[\n\\frac{a}{b}\n\\]", "$$ \\frac{a}{b} $$"],
)
def test_display_formula_becomes_block_mathml(text: str) -> None:
    html = md(text)
    math = soup(html).find("math")
    assert math is not None and math["display"] == "block"
    assert math.find("mfrac") is not None
    assert math.find("annotation").get_text() == r"\frac{a}{b}"
    assert "\\[" not in html


def test_bracket_inline_syntax() -> None:
    math = soup(md(r"Then \(x_k \to 0\).")).find("math")
    assert math["display"] == "inline" and math.find("msub") is not None


def test_special_characters_are_escaped_once() -> None:
    html = md(r"$a < b \& c$")
    math = soup(html).find("math")
    assert [mo.get_text() for mo in math.find_all("mo")] == ["<"]
    assert math.find("annotation").get_text() == r"a < b \& c"
    # the raw HTML never has a bare "<" from the formula
    assert '<annotation encoding="application/x-tex">a &lt; b \\&amp; c</annotation>' in html


def test_math_inside_raw_html_from_macros_is_converted() -> None:
    # labsite's templates write titles with math as arithmatex spans in raw HTML.
    html = md('<div class="x">\n<span class="arithmatex">\\(\\alpha^2\\)</span>\n</div>')
    assert soup(html).select_one("div.x math msup") is not None


def test_convert_html_on_a_fragment() -> None:
    html = convert_html(
        '<p><span class="arithmatex">\\(x^2\\)</span> and '
        '<div class="arithmatex">\\[\ny\n\\]</div></p>'
    )
    maths = soup(html).find_all("math")
    assert [m["display"] for m in maths] == ["inline", "block"]


def test_text_without_math_is_untouched() -> None:
    text = '<p class="arithmatex-like">no math: \\( here</p>'
    assert convert_html(text) == text


@pytest.mark.parametrize(
    ("tex", "reason"),
    [(r"\frac{1}{", "NoAvailableTokensError"), (r"\notacommand{x}", "unknown command")],
)
def test_failure_keeps_escaped_tex_and_warns(
    tex: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(MathError, match=reason):
        to_mathml(tex)
    caplog.set_level(logging.WARNING, logger=MATH_LOG)
    html = md(f"Before ${tex}$ after, and $x$.")
    assert "<math" in html  # the good formula is still converted
    span = soup(html).find("span", class_="arithmatex")
    assert span is not None and span.get_text() == f"\\({tex}\\)"
    messages = [r.getMessage() for r in caplog.records if r.name == MATH_LOG]
    assert len(messages) == 1
    assert repr(tex) in messages[0] and "kept as TeX" in messages[0]


def test_failure_with_markup_stays_escaped(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=MATH_LOG)
    html = md(r"$<b>\frac{1}{$")
    assert "<b>" not in html and "&lt;b&gt;" in html


# -- math guard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$x^{{2}}$", "{% raw %}$x^{{2}}${% endraw %}"),
        ("$$\nx^{{2}}\n$$", "{% raw %}$$\nx^{{2}}\n$${% endraw %}"),
        (r"\(a_{#1}\)", r"{% raw %}\(a_{#1}\){% endraw %}"),
        ("\\[\n{%x\n\\]", "{% raw %}\\[\n{%x\n\\]{% endraw %}"),
        # no Jinja delimiter in the formula: untouched
        ("$x^{2}$ {{ papers() }}", "$x^{2}$ {{ papers() }}"),
        # a dollar amount is not math: the macro between two amounts still runs
        ("costs $5 and {{ x }} and $6", "costs $5 and {{ x }} and $6"),
        (r"\$5 {{ x }} \$", r"\$5 {{ x }} \$"),
        # code is left alone (macros in code are documented as macros)
        ("`$x^{{2}}$`", "`$x^{{2}}$`"),
        ("```\n$x^{{2}}$\n```\n", "```\n$x^{{2}}$\n```\n"),
        ("~~~tex\n$x^{{2}}$\n~~~\n", "~~~tex\n$x^{{2}}$\n~~~\n"),
        # already raw: not wrapped twice
        ("{% raw %}$x^{{2}}${% endraw %}", "{% raw %}$x^{{2}}${% endraw %}"),
    ],
)
def test_protect_math(text: str, expected: str) -> None:
    assert protect_math(text) == expected
