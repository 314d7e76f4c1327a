"""In-text citations: [@key] in Markdown to footnotes."""

from __future__ import annotations

from labsite.render.citations import Citation, process

KNOWN = {"a", "b", "c", "d", "smith:2020"}
ALL_KEYS = ["a", "b", "c", "d"]


def ref(key: str) -> str:
    return f"REF-{key}"


def run(markdown: str, **kw):
    return process(markdown, KNOWN, ref, **kw)


def test_single_citation():
    result = run("One [@a] here.\n")
    assert result.markdown == "One [^a] here.\n\n[^a]: REF-a\n"
    assert result.cited == ["a"]
    assert result.unknown == []


def test_several_keys():
    result = run("Two [@a; @b].\n")
    assert result.markdown.startswith("Two [^a][^b].\n")
    assert result.cited == ["a", "b"]


def test_prefix_and_suffix_kept():
    result = run("As shown [see @c, p. 3].\n")
    assert result.markdown.startswith("As shown see [^c] (p. 3).\n")
    assert result.cited == ["c"]


def test_suffix_with_several_keys():
    result = run("Text [@a, pp. 3-4; @b].\n")
    assert result.markdown.startswith("Text [^a] (pp. 3-4) [^b].\n")


def test_key_with_colon_and_braced_key():
    result = run("X [@smith:2020] and [@{d}].\n")
    assert result.cited == ["smith:2020", "d"]
    assert "[^smith:2020]" in result.markdown
    assert "[^d]" in result.markdown


def test_unknown_keys_reported_with_line_and_left_as_written():
    markdown = "Line one.\nLine two [@zz] and [@a].\n\nLine four [@b; @yy].\n"
    result = run(markdown)
    assert result.unknown == [
        Citation(key="zz", line=2),
        Citation(key="yy", line=4),
    ]
    assert "[@zz]" in result.markdown
    assert "[^a]" in result.markdown
    assert "[^b]" in result.markdown
    assert result.cited == ["a", "b"]


def test_unknown_line_after_code_blocks():
    markdown = "Line1\n```\ncode\n```\nline5 [@nope]\n\n    code\nline8 [@nope2]\n"
    result = run(markdown)
    assert [(c.key, c.line) for c in result.unknown] == [("nope", 5), ("nope2", 8)]


def test_email_untouched():
    markdown = "Mail [me@x.org] or me@x.org.\n"
    result = run(markdown)
    assert result.markdown == markdown
    assert result.cited == []


def test_link_untouched():
    markdown = "A link [@a](http://x) and a ref [@a][label].\n\n[label]: http://y\n"
    result = run(markdown)
    assert result.markdown == markdown
    assert result.cited == []


def test_nothing_replaced_in_fenced_code():
    markdown = (
        "Before.\n\n```\n[@a] in backticks\n```\n\n~~~python\n[@b] in tildes\n~~~\n\n"
        "````markdown\n```\n[@c]\n```\n````\n"
    )
    result = run(markdown)
    assert result.markdown == markdown
    assert result.cited == []


def test_nothing_replaced_in_inline_code():
    markdown = "Write `[@a]` or ``[@b]`` to cite.\n"
    result = run(markdown)
    assert result.markdown == markdown
    assert result.cited == []


def test_nothing_replaced_in_indented_code():
    markdown = "Text.\n\n    [@a] indented code\n    [@b] more code\n\nAfter.\n"
    result = run(markdown)
    assert result.markdown == markdown
    assert result.cited == []


def test_list_continuation_is_not_code():
    result = run("- item\n\n    [@a] in list continuation\n")
    assert result.cited == ["a"]
    assert "[^a] in list continuation" in result.markdown


def test_nothing_replaced_in_html_comments_and_pre():
    markdown = "<!-- [@a] commented\n[@b] -->\n\n<pre>[@c]</pre>\n"
    result = run(markdown)
    assert result.markdown == markdown
    assert result.cited == []


def test_citations_around_code_are_replaced():
    result = run("Cite [@a] then `[@b]` then [@c].\n")
    assert result.markdown.startswith("Cite [^a] then `[@b]` then [^c].\n")
    assert result.cited == ["a", "c"]


def test_footnotes_in_order_of_first_citation():
    result = run("First [@c], then [@a], [@c] again, then [@b; @a].\n")
    assert result.cited == ["c", "a", "b"]
    notes = [line for line in result.markdown.splitlines() if line.startswith("[^")]
    assert notes == ["[^c]: REF-c", "[^a]: REF-a", "[^b]: REF-b"]


def test_bibliography_placement():
    markdown = "Text [@b] and [@a].\n\n## References\n\n\\bibliography\n\nAfter.\n"
    result = run(markdown)
    lines = result.markdown.splitlines()
    assert "\\bibliography" not in result.markdown
    assert lines.index("[^b]: REF-b") < lines.index("[^a]: REF-a") < lines.index("After.")
    assert lines.index("## References") < lines.index("[^b]: REF-b")
    assert result.markdown.rstrip().endswith("After.")


def test_notes_at_end_without_bibliography_command():
    result = run("Text [@a].\n\nMore text.\n")
    assert result.markdown == "Text [^a].\n\nMore text.\n\n[^a]: REF-a\n"


def test_no_citations_no_notes():
    markdown = "Nothing to cite.\n"
    assert run(markdown).markdown == markdown


def test_bibliography_command_inside_code_is_not_used():
    markdown = "Cite [@a].\n\n```markdown\n\\bibliography\n```\n"
    result = run(markdown)
    assert "```markdown\n\\bibliography\n```" in result.markdown
    assert result.markdown.rstrip().endswith("[^a]: REF-a")


def test_full_bibliography_lists_all_keys():
    result = run("All papers:\n\n\\full_bibliography\n", all_keys=lambda: ALL_KEYS)
    assert "\\full_bibliography" not in result.markdown
    assert result.markdown == "All papers:\n\nREF-a\n\nREF-b\n\nREF-c\n\nREF-d\n"


def test_full_bibliography_inside_inline_code_untouched():
    markdown = "Write `\\full_bibliography` on its own line.\n"
    result = run(markdown, all_keys=lambda: ALL_KEYS)
    assert result.markdown == markdown


def test_full_bibliography_without_all_keys_left_alone():
    markdown = "\\full_bibliography\n"
    assert run(markdown).markdown == markdown


def test_footnote_format():
    result = run("X [@a].\n", footnote_format="cite-{key}")
    assert result.markdown == "X [^cite-a].\n\n[^cite-a]: REF-a\n"
