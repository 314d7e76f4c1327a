"""Pages written for mkdocs-bibtex carry over: the same page, rendered once by
mkdocs-bibtex and once by labsite, cites the same keys in the same order."""

from __future__ import annotations

import pytest

from ..support import BASE_CONFIG

BIB = r"""
@article{alpha2020,
  author = {Alpha, Ann and Beta, Bo},
  title = {First Paper},
  journal = {Journal of Tests},
  year = {2020}
}
@book{gamma2019,
  author = {Gamma, Gil},
  title = {A Book},
  publisher = {Test Press},
  year = {2019}
}
@inproceedings{delta-2021,
  author = {Delta, Dee},
  title = {Proceedings Paper With 50\% Less},
  booktitle = {Proceedings of Tests},
  year = {2021}
}
"""

PAGE = """\
# Notes

Earlier work [@gamma2019] was extended [@alpha2020; @delta-2021].
We come back to it [@gamma2019] at the end.

\\bibliography
"""

MKDOCS_BIBTEX_CONFIG = """\
site_name: Compat
theme:
  name: material
  font: false
markdown_extensions:
  - footnotes
plugins:
  - bibtex:
      bib_file: bib/papers.bib
"""


def _footnote_ids(build):
    return [li["id"] for li in build.html().select(".footnote li")]


def test_same_keys_cited_in_same_order_as_mkdocs_bibtex(make_site, tmp_path_factory):
    pytest.importorskip("mkdocs_bibtex")
    reference = make_site({"index.md": PAGE}, BIB, config=MKDOCS_BIBTEX_CONFIG)
    assert reference.returncode == 0, reference.output
    expected = _footnote_ids(reference)
    assert expected == ["fn:gamma2019", "fn:alpha2020", "fn:delta-2021"]

    ours = make_site({"index.md": PAGE}, BIB, config=BASE_CONFIG)
    assert ours.returncode == 0, ours.output
    assert _footnote_ids(ours) == expected
    refs = [r["data-paper-key"] for r in ours.html().select(".footnote .labsite-ref")]
    assert refs == ["gamma2019", "alpha2020", "delta-2021"]
    assert "50% Less" in ours.html().select_one(".footnote").get_text()
