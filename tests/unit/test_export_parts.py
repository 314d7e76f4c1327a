"""Exports written in parts (what a build writes, a part at a time) join to the very
text of the export made whole."""

from __future__ import annotations

import pytest

from labsite.bib.bibliography import load_bibliography
from labsite.export import atom, bibtex, csl, ris

from ..support import REPO

FILES = ("tests/golden/bibliography.bib", "tests/golden/papers.bib")


def _papers():
    found = []
    for name in FILES:
        found.extend(load_bibliography([(REPO / name, name)]).papers)
    return tuple(found)


@pytest.mark.parametrize("part", [1, 2, 3, 500])
def test_parts_join_to_the_whole_export(monkeypatch, part):
    papers = _papers()
    assert len(papers) > 6
    feed = {"site_url": "https://example.org/lab", "title": "Lab & <co>",
            "paper_url": lambda p: f"publications/{p.key}/"}  # fmt: skip
    counts = (0, 1, 2, 3, len(papers))
    # The feed in one part: the feed feedgen writes of all the entries at once.
    feeds = {count: atom.to_atom(papers[:count], **feed) for count in counts}
    for module in (atom, bibtex, csl, ris):
        monkeypatch.setattr(module, "PART", part)
    for count in counts:
        some = papers[:count]
        assert "".join(bibtex.to_bibtex_parts(some)) == bibtex.to_bibtex(some)
        assert "".join(csl.to_csl_json_parts(some)) == csl.to_csl_json_text(some)
        assert "".join(ris.to_ris_parts(some)) == ris.to_ris(some)
        joined = "".join(atom.to_atom_parts(some, **feed))
        assert joined == feeds[count]
        assert joined.count("<entry>") == count
    parts = list(csl.to_csl_json_parts(papers))
    assert len(parts) >= len(papers) // part  # written in parts indeed
