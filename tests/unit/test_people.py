"""Splitting BibTeX name lists and matching people by name variants."""

from __future__ import annotations

import pytest

from labsite.text.names import NameMatcher, Person, fold, parse_people, parse_person


def _parts(person: Person) -> tuple[str, str, str, str]:
    return person.first, person.von, person.last, person.jr


def test_first_last():
    person = parse_person("Albert Einstein")
    assert _parts(person) == ("Albert", "", "Einstein", "")
    assert person.full == "Albert Einstein"
    assert str(person) == "Albert Einstein"


def test_last_comma_first():
    person = parse_person("Einstein, Albert")
    assert _parts(person) == ("Albert", "", "Einstein", "")
    assert person.full == "Albert Einstein"


def test_von_particles():
    assert _parts(parse_person("Ludwig van Beethoven")) == ("Ludwig", "van", "Beethoven", "")
    assert _parts(parse_person("van Beethoven, Ludwig")) == ("Ludwig", "van", "Beethoven", "")
    person = parse_person("de la Fontaine, Jean")
    assert _parts(person) == ("Jean", "de la", "Fontaine", "")
    assert person.surname == "de la Fontaine"
    assert person.full == "Jean de la Fontaine"


def test_jr_part():
    person = parse_person("von Hicks, III, Michael")
    assert _parts(person) == ("Michael", "von", "Hicks", "III")
    assert person.full == "Michael von Hicks, III"
    assert person.short == "M. von Hicks, III"


def test_corporate_name_kept_whole():
    people = parse_people("{Barnes and Noble, Inc.} and Ann Lee")
    assert len(people) == 2
    assert people[0].last == "Barnes and Noble, Inc."
    assert people[0].first == ""
    assert people[0].full == "Barnes and Noble, Inc."
    assert people[1].full == "Ann Lee"


def test_and_others_is_et_al():
    people = parse_people("A. Smith and B. Jones and others")
    assert [p.full for p in people] == ["A. Smith", "B. Jones", "et al."]
    assert people[-1].is_others
    assert people[-1].short == "et al."
    assert not people[0].is_others


def test_latex_in_names_is_converted():
    person = parse_person(r"J{\"o}rg M{\"u}ller")
    assert _parts(person) == ("Jörg", "", "Müller", "")


def test_empty_list():
    assert parse_people("") == ()
    assert parse_people("   ") == ()


@pytest.mark.parametrize(
    ("name", "markers"),
    [
        ("Tiffany Vlaar*", ("*",)),
        ("Tiffany Vlaar†", ("†",)),
        (r"Tiffany Vlaar\dag", ("†",)),
        (r"Tiffany Vlaar$^*$", ("*",)),
        (r"Tiffany Vlaar$^\dagger$", ("†",)),
        (r"Vlaar, Tiffany \textdagger", ("†",)),
        ("Vlaar, Tiffany*", ("*",)),
        (r"Tiffany Vlaar*\dag", ("*", "†")),
        ("Tiffany Vlaar", ()),
    ],
)
def test_markers(name, markers):
    person = parse_person(name)
    assert person.markers == markers
    assert person.last == "Vlaar"
    assert person.first == "Tiffany"


def test_marker_after_last_name_in_last_first_form():
    person = parse_person("Einstein*, A.")
    assert person.markers == ("*",)
    assert person.last == "Einstein"
    assert person.first == "A."


def test_markers_in_a_list():
    people = parse_people(r"Vlaar, Tiffany* and Leimkuhler, Benedict\dag and Ann Lee")
    assert [p.markers for p in people] == [("*",), ("†",), ()]
    assert [p.last for p in people] == ["Vlaar", "Leimkuhler", "Lee"]


def test_initials_and_short_form():
    person = parse_person("Jean-Paul Marie Sartre")
    assert person.initials == "J.-P. M."
    assert person.short == "J.-P. M. Sartre"
    assert parse_person("A. Smith").short == "A. Smith"
    assert parse_person("Ludwig van Beethoven").short == "L. van Beethoven"
    assert parse_person("{World Health Organization}").short == "World Health Organization"


def test_fold():
    assert fold("Jörg") == "jorg"
    assert fold("J.-P.") == "j p"
    assert fold("Straße") == "strasse"
    assert fold("  MÜLLER  ") == "muller"


class TestNameMatcher:
    matcher = NameMatcher(["Jörg Müller"])

    @pytest.mark.parametrize(
        "spelling",
        ["Jörg Müller", r"J{\"o}rg M{\"u}ller", "Muller, Jorg", "MÜLLER, JÖRG", "Jörg Müller*"],
    )
    def test_matches_variants(self, spelling):
        assert self.matcher.matches(parse_person(spelling))

    @pytest.mark.parametrize("spelling", ["Jan Müller", "Jörg Meier", "J. Müller", "Müller"])
    def test_does_not_match_other_people(self, spelling):
        assert not self.matcher.matches(parse_person(spelling))

    def test_initials_with_and_without_dots(self):
        matcher = NameMatcher(["J. Müller"])
        assert matcher.matches(parse_person("J Muller"))
        assert matcher.matches(parse_person("Muller, J."))
        assert not matcher.matches(parse_person("K. Müller"))

    def test_never_matches_others(self):
        matcher = NameMatcher(["Jörg Müller"])
        assert not matcher.matches(parse_people("Jörg Müller and others")[1])

    def test_several_variants_and_truthiness(self):
        matcher = NameMatcher(["Tiffany Vlaar", "T. J. Vlaar"])
        assert matcher
        assert matcher.matches(parse_person("Vlaar, Tiffany"))
        assert matcher.matches(parse_person("T.J. Vlaar"))
        assert not NameMatcher([])
        assert not NameMatcher(["others"])
