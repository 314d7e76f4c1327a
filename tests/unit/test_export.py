"""The exports: a .bib that reads back to the same papers, CSL-JSON, RIS and Atom.

The .bib round trip is checked on hand-written entries (``@string``, ``#``, crossref,
LaTeX, values whose braces do not balance), on random values (hypothesis), on the
site's own bibliography and on every entry of the shared corpus
(``../shared/corpus/bib``).
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import pickle
import re
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import rispy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from labsite import Paper, build_papers, load_bibliography, parse_text
from labsite.bib.fields import CUSTOM_FIELDS, FIELD_ORDER
from labsite.export.atom import to_atom
from labsite.export.bibtex import to_bibtex, to_bibtex_entry, written_value
from labsite.export.csl import CSL_TYPES, to_csl_json, to_csl_json_text
from labsite.export.ris import to_ris

from ..support import REPO, balanced_braces, corpus_or_skip

BIB = r"""
@string{jmlr = "Journal of Machine Learning Research"}
@string{first = "Jane"}

@article{a1,
  author = {M{\"u}ller, J{\"o}rg and van der Berg, Anna and {Open Science Collaboration}
            and Smith, Jr., John},
  title = {The {DNA} of $x^2$ -- costs \$5},
  journal = jmlr # " (Letters)",
  year = 2021, month = mar, volume = {3}, number = {2}, pages = {10--20},
  doi = {10.1/abc}, url = {https://example.org/a1}, summary = {Short.},
  keywords = {dna, alpha}, abbr = {JMLR}, note = first # { and } # "John",
  abstract = {First line,
    second line with 50\% and a {brace}.},
  myfield = {kept, always = {yes}},
  selected = {true}, pdf = {a1.pdf}, award = {Best paper}, bibtex_show = {true},
  empty = {}
}

@unpublished{u1,
  author = "Doe, Jane and others",
  title = "An {unbalanced brace",
  note = "a } b",
  status = {Under review},
  year = {2024}
}

@inproceedings{p1,
  author = {Roe, Richard},
  title = {Sets \{x\} in C\#},
  url = {https://example.org/page#section},
  pages = {7},
  crossref = {proc19}
}

@proceedings{proc19,
  editor = {Poe, Edgar},
  title = {Proc. of Things},
  year = {2019},
  publisher = {ACM}
}

@whatever{w1,
  title = {Odd type},
  year = {2018}
}
"""

# Fields of CUSTOM_FIELDS that a .bib without custom fields keeps (standard BibTeX).
STANDARD = {"url", "doi", "abstract", "keywords"}


def _papers(text: str = BIB) -> tuple[Paper, ...]:
    papers, _ = build_papers(parse_text(text, "in.bib").entries)
    return papers


def _by_key(papers: tuple[Paper, ...]) -> dict[str, Paper]:
    return {p.key: p for p in papers}


def _without_crossref(paper: Paper) -> dict[str, str]:
    return {name: value for name, value in paper.fields.items() if name != "crossref"}


def _comparable(paper: Paper) -> Paper:
    """The paper as the export must give it back: all but where it was read from."""
    fields = MappingProxyType(_without_crossref(paper))
    return dataclasses.replace(paper, file="", line=0, source="", fields=fields)


def _differences(expected: Paper, again: Paper | None) -> list[str]:
    """What differs between a paper and the paper read back from its export."""
    if again is None:
        return ["not in the export"]
    left, right = _comparable(expected), _comparable(again)
    found: list[str] = []
    for attribute in dataclasses.fields(Paper):
        before, after = getattr(left, attribute.name), getattr(right, attribute.name)
        if attribute.name == "fields":
            for name in sorted(set(before) | set(after)):
                if before.get(name) != after.get(name):
                    found.append(f"fields[{name}]: {before.get(name)!r} -> {after.get(name)!r}")
        elif before != after:
            found.append(f"{attribute.name}: {before!r} -> {after!r}")
    return found


def _read_back(papers: tuple[Paper, ...], **options: bool) -> dict[str, Paper]:
    result = parse_text(to_bibtex(papers, **options), "export.bib")
    again, _ = build_papers(result.entries)
    return _by_key(again)


def _entry_field_names(text: str) -> list[str]:
    return re.findall(r"^  ([a-z_]+) = ", text, flags=re.MULTILINE)


# --------------------------------------------------------------------------- .bib


def test_bibtex_round_trip_gives_equal_papers():
    papers = _papers()
    assert [p.key for p in papers] == ["a1", "u1", "p1", "proc19", "w1"]
    again = _read_back(papers)
    assert list(again) == [p.key for p in papers]  # in the order given
    for paper in papers:
        assert _comparable(again[paper.key]) == _comparable(paper), _differences(
            paper, again[paper.key]
        )
        assert dict(again[paper.key].fields) == _without_crossref(paper)


def test_bibtex_keeps_latex_and_writes_evaluated_values():
    text = to_bibtex(_papers())
    # @string and "#" are evaluated; month macros too.
    assert "  journal = {Journal of Machine Learning Research (Letters)},\n" in text
    assert "  note = {Jane and John},\n" in text
    assert "  month = {March},\n" in text
    assert "  year = {2021},\n" in text
    # LaTeX exactly as written: accents, braces, math, escaped dollar, line breaks.
    assert r"  author = {M{\"u}ller, J{\"o}rg and van der Berg, Anna and " in text
    assert r"  title = {The {DNA} of $x^2$ -- costs \$5}," in text
    assert "  abstract = {First line,\n    second line with 50\\% and a {brace}.},\n" in text
    assert "  title = {Sets \\{x\\} in C\\#},\n" in text
    assert "  url = {https://example.org/page#section},\n" in text
    assert "  myfield = {kept, always = {yes}},\n" in text
    assert "  empty = {},\n" in text
    # crossref is resolved: the fields of the parent are in the child, crossref is not.
    assert "crossref" not in text
    p1 = text[text.index("@inproceedings{p1,") : text.index("@proceedings{proc19,")]
    assert "  booktitle = {Proc. of Things},\n" in p1 and "  editor = {Poe, Edgar},\n" in p1
    # An unknown type is exported as the misc it is shown as.
    assert "@misc{w1,\n" in text
    # Entries start with @type{key, and are separated by one blank line.
    assert text.startswith("@article{a1,\n") and text.endswith("}\n")
    assert text.count("}\n\n@") == 4


def test_bibtex_field_order_is_canonical():
    text = to_bibtex_entry(_papers()[0])
    names = _entry_field_names(text)
    assert names[:9] == ["author", "title", "journal", "year", "month", "volume", "number",
                         "pages", "note"]  # fmt: skip
    assert names[9:] == ["doi", "url", "abbr", "abstract", "award", "bibtex_show", "empty",
                         "keywords", "myfield", "pdf", "selected", "summary"]  # fmt: skip
    p1 = _entry_field_names(to_bibtex_entry(_by_key(_papers())["p1"]))
    assert p1 == ["author", "editor", "title", "booktitle", "year", "pages", "publisher", "url"]
    assert FIELD_ORDER[:11] == ("author", "editor", "title", "booktitle", "journal", "year",
                                "month", "volume", "number", "pages", "publisher")  # fmt: skip


def test_bibtex_entry_is_the_entry_of_the_whole_export():
    papers = _papers()
    assert to_bibtex(papers) == "\n".join(to_bibtex_entry(p) for p in papers)
    assert to_bibtex([]) == ""
    twice = to_bibtex([papers[0], papers[0]])  # a key given twice is written twice
    assert twice.count("@article{a1,") == 2


def test_custom_fields_kept_or_stripped():
    papers = _papers()
    a1 = papers[0]
    kept = to_bibtex_entry(a1)
    for name in ("summary", "abbr", "selected", "pdf", "award", "bibtex_show"):
        assert f"\n  {name} = " in kept
    stripped = to_bibtex_entry(a1, keep_custom=False)
    for name in ("summary", "abbr", "selected", "pdf", "award", "bibtex_show"):
        assert f"\n  {name} = " not in stripped
    for name in ("doi", "url", "abstract", "keywords", "myfield", "journal", "author"):
        assert f"\n  {name} = " in stripped
    again = _read_back(papers, keep_custom=False)
    for paper in papers:
        expected = {
            name: value
            for name, value in _without_crossref(paper).items()
            if name not in CUSTOM_FIELDS or name in STANDARD
        }
        assert dict(again[paper.key].fields) == expected
    assert again["a1"].summary == "" and again["a1"].abbr == "" and not again["a1"].selected
    assert again["a1"].doi == "10.1/abc" and again["a1"].keywords == ("dna", "alpha")
    assert [link.kind for link in again["a1"].links] == ["url", "doi"]
    assert again["u1"].status == ""  # status is one of labsite's fields


def test_values_whose_braces_do_not_balance_read_back_unchanged():
    papers = _by_key(_papers())
    # Read from quotes, these values have braces without partner: written in quotes.
    assert papers["u1"].fields["title"] == "An {unbalanced brace"
    assert papers["u1"].fields["note"] == "a } b"
    text = to_bibtex_entry(papers["u1"])
    assert '  title = "An {unbalanced brace",\n' in text
    assert '  note = "a } b",\n' in text
    result = parse_text(text)
    assert [p.message for p in result.problems] == []
    assert result.entries[0].field_map["title"] == "An {unbalanced brace"
    # The "{"}" quote of BibTeX inside quotes (corpus: bibtex-ruby/decoret.bib).
    saint = _papers('@article{s, author = "Simon {"}the {saint"}')[0]
    assert saint.fields["author"] == 'Simon {"}the {saint'
    assert to_bibtex_entry(saint) == '@article{s,\n  author = "Simon {"}the {saint",\n}\n'
    assert _differences(saint, _read_back((saint,)).get("s")) == []


def _paper(**fields: str) -> Paper:
    return Paper(key="k", entry_type="misc", title="T", fields=MappingProxyType(fields))


def _field_read_back(value: str) -> Mapping[str, str]:
    """The fields read back from the export of a paper with ``note = value``."""
    entries = parse_text(to_bibtex_entry(_paper(note=value, zz="end")), "k.bib").entries
    assert [e.key for e in entries] == ["k"]
    return entries[0].field_map


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain", "plain"),
        ("a {b} c", "a {b} c"),
        (r"M{\"u}ller and {\'E}cole", r"M{\"u}ller and {\'E}cole"),
        (r"\{ escaped \} braces", r"\{ escaped \} braces"),
        ("a, b = c", "a, b = c"),
        ('say "hi"', 'say "hi"'),
        ("a } b {c", "a } b {c"),  # in quotes
        ("C\\# and page#anchor", "C\\# and page#anchor"),  # read by pybtex, unchanged
        ("two\n  lines", "two\n  lines"),
        ("mail@example.org", "mail@example.org"),
        # What no delimiter can hold is repaired, as little as possible:
        ("ends with \\", "ends with \\ "),  # a final backslash escapes the delimiter
        ('a } "b', 'a  "b'),  # unbalanced, and a quote: the lone brace goes
        ("one\n@misc{x, two}", "one @misc{x, two}"),  # "@" at a line start: new entry
    ],
)
def test_written_value(value: str, written: str):
    assert written_value(value) == written
    assert _field_read_back(value) == {"note": written, "zz": "end"}


def test_repaired_values_still_give_the_paper():
    paper = dataclasses.replace(_paper(title="Ends \\", note='x } y "'), title="Ends")
    again = _read_back((paper,))["k"]
    assert dict(again.fields) == {"title": "Ends \\ ", "note": 'x  y "'}
    assert again.title == "Ends"


# Pieces of BibTeX values, most of them troublesome ones.
_PIECES = st.sampled_from(
    ["a", "b ", " ", "\n", "{", "}", "\\", '"', "#", "@", ",", "=", "%", "$", "(", "@misc{",
     "\n@a(", '{"}', "\\\\", "\\{", "\\}", "~", "ü"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, database=None, derandomize=bool(os.environ.get("CI")))
@given(st.lists(_PIECES, max_size=14).map("".join))
@example('"{"}\\#')
@example("{}}{")
@example("\\\\")
def test_any_value_reads_back_as_written(value: str):
    assert _field_read_back(value) == {"note": written_value(value), "zz": "end"}
    if balanced_braces(value) and not re.search(r"[\\#]|\n\s*@", value):
        assert written_value(value) == value  # an ordinary value is written as it is


_KEY_PIECES = st.sampled_from(
    ["a", "Z", "1", " ", "\\", "%", "#", "@", ":", "/", ".", "-", "_", "~", "'", "$", "ü", "\t"]
)  # fmt: skip


@settings(max_examples=200, deadline=None, database=None, derandomize=bool(os.environ.get("CI")))
@given(st.lists(_KEY_PIECES, min_size=1, max_size=10).map("".join))
@example("x\\")
@example("\\ ")
def test_any_key_the_parser_reads_is_written_so_that_it_reads_back(key: str):
    entries = parse_text(f"@misc{{{key}, title = {{T}}}}\n", "in.bib").entries
    if not entries:
        return  # not a key, and reported as such (test_load)
    papers, _ = build_papers(entries)
    if not papers:
        return  # an empty key once stripped: reported (test_load)
    written = to_bibtex_entry(papers[0])
    assert [e.key for e in parse_text(written, "out.bib").entries] == [papers[0].key], written


def test_site_bibliography_round_trips():
    bib = load_bibliography([(REPO / "bib" / "papers.bib", "bib/papers.bib")])
    assert len(bib.papers) >= 10
    again = _read_back(bib.papers)
    assert {p.key: _differences(p, again.get(p.key)) for p in bib.papers} == {
        p.key: [] for p in bib.papers
    }


# ------------------------------------------------------------------- corpus (.bib)

# The corpus values no delimiter can hold, and what the export writes instead: a value
# ending in a backslash (bibtexparser would read "\}" as an escaped brace).
CORPUS_REPAIRS = {
    "bibtex-tidy/php-bibtex-parser/tag-contents-slashes.bib:a": {
        "braced": ('\\\\\\\\"\\\\\\%\\\\', '\\\\\\\\"\\\\\\%\\\\ '),
    },
}


def _round_trip_file(path: str, corpus: str) -> tuple[int, list[str], dict[str, Any], list[str]]:
    """One corpus file: how many papers; what differs after the .bib round trip (or in
    CSL-JSON, RIS, Atom); the values the .bib export had to repair; warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        name = Path(path).relative_to(corpus).as_posix()
        papers = load_bibliography([(Path(path), name)]).papers
        again = _read_back(papers)
        mismatches: list[str] = []
        repairs: dict[str, Any] = {}
        for paper in papers:
            changed = {
                field: (value, written_value(value))
                for field, value in _without_crossref(paper).items()
                if written_value(value) != value
            }
            expected = paper
            if changed:
                repairs[f"{name}:{paper.key}"] = changed
                fields = {**paper.fields, **{f: new for f, (_, new) in changed.items()}}
                expected = dataclasses.replace(paper, fields=MappingProxyType(fields))
            found = _differences(expected, again.get(paper.key))
            if found:
                mismatches.append(f"{name}:{paper.key}: " + "; ".join(found))
        if os.path.getsize(path) < 100_000:  # the small files, where odd cases are; fast
            mismatches += _other_exports_differ(name, papers)
    messages = [
        f"{name}: {w.category.__name__}: {w.message}"
        for w in caught
        if not (issubclass(w.category, DeprecationWarning) and "pybtex" in w.filename)
    ]
    return len(papers), mismatches, repairs, messages


def _other_exports_differ(name: str, papers: tuple[Paper, ...]) -> list[str]:
    """CSL-JSON, RIS and Atom of a corpus file: each readable, with every paper."""
    found: list[str] = []
    if not papers:
        return found
    keys = [p.key for p in papers]
    if [item["id"] for item in json.loads(to_csl_json_text(papers))] != keys:
        found.append(f"{name}: the CSL-JSON items are not the papers")
    records = rispy.loads(to_ris(papers))
    titles = [" ".join(p.title.replace("\\$", "$").split()) for p in papers]
    if [(r["id"], r["title"]) for r in records] != list(zip(keys, titles, strict=True)):
        found.append(f"{name}: the RIS records are not the papers")
    feed = to_atom(papers, site_url="https://example.org/", title=name,
                   paper_url=lambda p: f"publications/{p.key}/")  # fmt: skip
    if len(ET.fromstring(feed.encode("utf-8")).findall(f"{ATOM}entry")) != len(papers):
        found.append(f"{name}: the Atom feed does not have every paper")
    return found


def _round_trip_files(files: list[str], corpus: str) -> list[Any]:
    """:func:`_round_trip_file` of every file, on two cores when there are two."""
    workers = min(2, os.cpu_count() or 1)
    if workers > 1:
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                return list(pool.map(_round_trip_file, files, [corpus] * len(files)))
        except (BrokenProcessPool, ImportError, AttributeError, pickle.PicklingError) as exc:
            # This module cannot be imported by name in a new process (pytest's
            # importlib mode, say): one process it is.
            print(f"\ncorpus round trip in one process ({exc!r})")
    return [_round_trip_file(file, corpus) for file in files]


@pytest.mark.corpus
def test_corpus_round_trips():
    corpus = corpus_or_skip()
    files = sorted(corpus.rglob("*.bib"), key=lambda p: p.stat().st_size, reverse=True)
    assert len(files) > 1000
    start = time.perf_counter()
    results = _round_trip_files([str(f) for f in files], str(corpus))
    total = sum(r[0] for r in results)
    mismatches = sorted(m for r in results for m in r[1])
    repairs = {key: value for r in results for key, value in r[2].items()}
    messages = sorted(m for r in results for m in r[3])
    print(
        f"\ncorpus .bib round trip: {len(files)} files, {total} entries, "
        f"{len(mismatches)} differ, {len(repairs)} with repaired values, "
        f"{time.perf_counter() - start:.1f} s"
    )
    assert total > 30_000
    assert mismatches == []
    assert repairs == CORPUS_REPAIRS
    assert messages == []


# ------------------------------------------------------------------------ CSL-JSON

_CSL_NAME_KEYS = {"family", "given", "non-dropping-particle", "suffix", "literal"}
_CSL_STRING_VARIABLES = {
    "id", "type", "title", "container-title", "volume", "issue", "page", "publisher",
    "DOI", "URL", "abstract", "note", "keyword", "status",
}  # fmt: skip


def _check_csl_item(item: dict[str, Any]) -> None:
    """CSL-JSON's schema, as far as the export uses it."""
    assert set(item) <= _CSL_STRING_VARIABLES | {"author", "editor", "issued"}
    for name in _CSL_STRING_VARIABLES & set(item):
        assert isinstance(item[name], str) and item[name], name
    assert item["type"] in set(CSL_TYPES.values()) | {"document"}
    for role in ("author", "editor"):
        for person in item.get(role, []):
            assert person and set(person) <= _CSL_NAME_KEYS
            assert ("literal" in person) != ("family" in person)
            assert all(isinstance(v, str) and v for v in person.values())
    if "issued" in item:
        assert list(item["issued"]) == ["date-parts"]
        [parts] = item["issued"]["date-parts"]
        assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)


def test_csl_json_items():
    items = {item["id"]: item for item in to_csl_json(_papers())}
    for item in items.values():
        _check_csl_item(item)
    assert items["a1"] == {
        "id": "a1",
        "type": "article-journal",
        "title": "The DNA of $x^2$ – costs $5",
        "author": [
            {"family": "Müller", "given": "Jörg"},
            {"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"},
            {"literal": "Open Science Collaboration"},
            {"family": "Smith", "given": "John", "suffix": "Jr."},
        ],
        "issued": {"date-parts": [[2021, 3]]},
        "container-title": "Journal of Machine Learning Research (Letters)",
        "volume": "3",
        "issue": "2",
        "page": "10-20",
        "DOI": "10.1/abc",
        "URL": "https://example.org/a1",
        "abstract": "First line, second line with 50% and a brace.",
        "note": "Jane and John",
        "keyword": "dna, alpha",
    }
    under_review = items["u1"]
    assert under_review["type"] == "manuscript" and under_review["status"] == "Under review"
    assert "issued" not in under_review  # not published: no date
    assert under_review["author"] == [{"family": "Doe", "given": "Jane"}]  # "others" left out
    p1 = items["p1"]
    assert p1["type"] == "paper-conference" and p1["container-title"] == "Proc. of Things"
    assert p1["editor"] == [{"family": "Poe", "given": "Edgar"}]
    assert p1["issued"] == {"date-parts": [[2019]]} and p1["page"] == "7"
    assert p1["title"] == "Sets {x} in C#" and p1["publisher"] == "ACM"
    assert items["w1"]["type"] == "document"


def test_csl_json_types_dates_and_urls():
    types = {
        "article": "article-journal", "inproceedings": "paper-conference",
        "conference": "paper-conference", "incollection": "chapter", "inbook": "chapter",
        "book": "book", "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
        "techreport": "report", "report": "report", "unpublished": "manuscript",
        "online": "webpage", "www": "webpage", "electronic": "webpage", "misc": "document",
        "software": "software", "dataset": "dataset", "madeup": "document",
    }  # fmt: skip
    bib = "\n".join(f"@{t}{{k{t}, title = {{T}}, year = 2020}}" for t in types)
    got = {item["id"]: item["type"] for item in to_csl_json(_papers(bib))}
    assert got == {f"k{t}": csl for t, csl in types.items()}
    dated = _papers(r"""
        @misc{d3, title = {A}, date = {2020-05-17}, pdf = {https://x.org/a.pdf},
              html = {https://x.org/a.html}}
        @misc{d0, title = {B}, html = {https://x.org/b.html}, pdf = {/local/b.pdf}}
        @misc{bad, title = {C}, date = {2020-02-31}, month = {2}}
        @phdthesis{th, author = {Lee, Ann}, title = {D}, school = {MIT}, year = 2001}
        @misc{sub, title = {E}, year = 2025, month = jun, status = {Submitted}}
    """)  # fmt: skip
    items = {item["id"]: item for item in to_csl_json(dated)}
    for item in items.values():
        _check_csl_item(item)
    assert items["d3"]["issued"] == {"date-parts": [[2020, 5, 17]]}
    assert items["d3"]["URL"] == "https://x.org/a.pdf"  # no url: the pdf, before html
    assert items["d0"]["URL"] == "https://x.org/b.html"  # a site-relative pdf is no URL
    assert "issued" not in items["d0"]
    assert items["bad"]["issued"] == {"date-parts": [[2020, 2]]}  # no February 31
    assert items["th"]["publisher"] == "MIT" and "container-title" not in items["th"]
    assert "issued" not in items["sub"] and items["sub"]["status"] == "Submitted"


def test_csl_json_text_is_the_same_json():
    papers = _papers()
    text = to_csl_json_text(papers)
    assert json.loads(text) == to_csl_json(papers)
    assert "Müller" in text and "\\u00fc" not in text  # UTF-8, not escaped
    assert text.startswith('[\n  {\n    "id": "a1",')


# ----------------------------------------------------------------------------- RIS


def test_ris_reads_back():
    papers = _papers()
    text = to_ris(papers)
    assert text.startswith("TY  - JOUR\n")  # no numbered line before a record
    records = rispy.loads(text)
    assert [r["id"] for r in records] == [p.key for p in papers]
    for paper, record in zip(papers, records, strict=True):
        assert record["title"] == " ".join(paper.title.replace("\\$", "$").split())
        if paper.is_published:
            assert record.get("year") == str(paper.year)
        assert record.get("doi", "") == paper.doi
    a1, u1, p1, proc19, w1 = records
    assert a1["type_of_reference"] == "JOUR"
    assert a1["authors"] == ["Müller, Jörg", "van der Berg, Anna",
                             "Open Science Collaboration", "Smith, John, Jr."]  # fmt: skip
    assert a1["journal_name"] == "Journal of Machine Learning Research (Letters)"
    assert (a1["volume"], a1["number"], a1["start_page"], a1["end_page"]) == ("3", "2", "10", "20")
    assert a1["keywords"] == ["dna", "alpha"] and a1["notes"] == ["Jane and John"]
    assert a1["abstract"] == "First line, second line with 50% and a brace."
    assert a1["urls"] == ["https://example.org/a1"]
    assert u1["type_of_reference"] == "UNPB" and "year" not in u1
    assert u1["authors"] == ["Doe, Jane"]
    assert p1["type_of_reference"] == "CPAPER" and p1["secondary_title"] == "Proc. of Things"
    assert p1["secondary_authors"] == ["Poe, Edgar"] and p1["publisher"] == "ACM"
    assert (p1["start_page"], p1.get("end_page")) == ("7", None)
    assert proc19["type_of_reference"] == "CONF"
    assert w1["type_of_reference"] == "GEN"


def test_ris_types():
    types = {"article": "JOUR", "inproceedings": "CPAPER", "conference": "CPAPER",
             "book": "BOOK", "incollection": "CHAP", "inbook": "CHAP", "phdthesis": "THES",
             "mastersthesis": "THES", "techreport": "RPRT", "unpublished": "UNPB",
             "online": "ELEC", "misc": "GEN"}  # fmt: skip
    bib = "\n".join(f"@{t}{{k{t}, title = {{T}}, year = 2020}}" for t in types)
    records = rispy.loads(to_ris(_papers(bib)))
    assert {r["id"]: r["type_of_reference"] for r in records} == {
        f"k{t}": ris for t, ris in types.items()
    }


# ---------------------------------------------------------------------------- Atom

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_BIB = r"""
@misc{y2021, title = {Oldest}, author = {Ng, Al}, year = 2021}
@misc{undated, title = {No year}}
@article{m2023_05, title = {May}, journal = {J}, year = 2023, month = may,
         abstract = {The abstract.}}
@misc{m2023_11, title = {November}, year = 2023, month = nov, summary = {The summary.},
      abstract = {Not shown.}, keywords = {a, b}}
@misc{d2023_11_20, title = {<script>alert(1)</script> \& more}, date = {2023-11-20}}
@unpublished{u2024, title = {Under review}, year = 2024, status = {Under review},
             author = {Doe, Jane and {ACME Lab} and others}}
"""


def _feed(papers: tuple[Paper, ...]) -> str:
    return to_atom(papers, site_url="https://example.org/lab/", title="Lab: publications",
                   paper_url=lambda p: f"publications/{p.key}/")  # fmt: skip


def test_atom_feed():
    papers = _papers(FEED_BIB)
    feed = _feed(papers)
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == "https://example.org/lab/"
    assert root.findtext(f"{ATOM}title") == "Lab: publications"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    order = ["u2024", "d2023_11_20", "m2023_11", "m2023_05", "y2021", "undated"]
    assert ids == [f"https://example.org/lab/publications/{key}/" for key in order]
    by_key = dict(zip(order, entries, strict=True))
    for key, entry in by_key.items():
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href") == entry.findtext(f"{ATOM}id"), key
    assert by_key["d2023_11_20"].findtext(f"{ATOM}title") == "<script>alert(1)</script> & more"
    dates = {k: (e.findtext(f"{ATOM}updated"), e.findtext(f"{ATOM}published"))
             for k, e in by_key.items()}  # fmt: skip
    assert dates == {
        "u2024": ("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00"),
        "d2023_11_20": ("2023-11-20T00:00:00+00:00", "2023-11-20T00:00:00+00:00"),
        "m2023_11": ("2023-11-01T00:00:00+00:00", "2023-11-01T00:00:00+00:00"),
        "m2023_05": ("2023-05-01T00:00:00+00:00", "2023-05-01T00:00:00+00:00"),
        "y2021": ("2021-01-01T00:00:00+00:00", "2021-01-01T00:00:00+00:00"),
        # No year: no published date; updated is the oldest date of the feed.
        "undated": ("2021-01-01T00:00:00+00:00", None),
    }
    assert root.findtext(f"{ATOM}updated") == "2024-01-01T00:00:00+00:00"  # newest, not now
    authors = [a.findtext(f"{ATOM}name") for a in by_key["u2024"].findall(f"{ATOM}author")]
    assert authors == ["Jane Doe", "ACME Lab"]
    assert by_key["m2023_11"].findtext(f"{ATOM}summary") == "The summary."
    assert by_key["m2023_05"].findtext(f"{ATOM}summary") == "The abstract."
    assert by_key["y2021"].find(f"{ATOM}summary") is None
    categories = [c.get("term") for c in by_key["m2023_11"].findall(f"{ATOM}category")]
    assert categories == ["a", "b"]
    assert _feed(tuple(reversed(papers))) == feed  # the order given does not matter
    assert _feed(papers) == feed  # reproducible


def test_atom_feed_edge_cases():
    odd = dataclasses.replace(_paper(), key="odd", title="Bell\x07 and \\$5", year=2020)
    feed = to_atom([odd], site_url="https://example.org", title="T",
                   paper_url=lambda p: "https://other.example/p/odd")  # fmt: skip
    entry = ET.fromstring(feed.encode("utf-8")).find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "Bell and $5"  # no control character in XML
    assert entry.findtext(f"{ATOM}id") == "https://other.example/p/odd"  # already absolute
    empty = ET.fromstring(to_atom([], site_url="https://example.org", title="T",
                                  paper_url=lambda p: "").encode("utf-8"))  # fmt: skip
    assert empty.findall(f"{ATOM}entry") == []
    assert empty.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"


# ---------------------------------------------------------------------- the module
