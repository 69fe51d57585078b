"""The subject: its names from a free-text description, and telling whether a speaker is it."""

from __future__ import annotations

import pytest

from contradict.attribution import read_article
from contradict.subject import Subject


def test_a_name_modifying_a_role_noun_is_an_affiliation_not_the_subject():
    subject = Subject.from_description("Rhys Calloway (Westmoor Rovers coach)")
    assert subject.refers_to("Calloway") and subject.refers_to("Rhys Calloway")
    assert not subject.refers_to("Westmoor Rovers")
    assert not subject.is_organisation


def test_a_role_ending_a_description_is_not_a_name():
    subject = Subject.from_description("Ines Marlow (Danish Trade Minister)")
    assert not subject.refers_to("Danish Trade Council")


def test_representatives_named_after_a_role_word_are_the_subject():
    subject = Subject.from_description("Orvane Rail (spokeswoman Petra Lind; CEO Tom Achebe)")
    assert subject.refers_to("Petra Lind") and subject.refers_to("Achebe") and subject.refers_to("Orvane Rail")


def test_a_given_name_refers_to_the_subject_only_on_its_own():
    subject = Subject.from_description("Peter Vask")
    assert subject.refers_to("Peter") and subject.refers_to("Peter's lawyer")
    assert not subject.refers_to("Peter Holm")


def test_a_demonym_names_a_government_only_with_its_head_noun():
    subject = Subject.from_description("Moldovan government (spokesman Ion Rusu)")
    assert subject.refers_to("the Moldovan government") and subject.refers_to("the government")
    assert not subject.refers_to("Moldovan police")


def test_a_generic_head_refers_to_an_organisation_subject_only_when_it_fits():
    reading = read_article(
        "The regulator said the plant had failed two inspections. "
        "The airline said its pilots followed every procedure on the day.",
        "Skyreach Airways",
    )
    assert [s.speaker for s in reading.statements] == ["Skyreach Airways"]
    assert [s.speaker for s in reading.other_statements] == ["The regulator"]


def test_words_between_a_noun_and_the_name_must_be_capitalised():
    text = "Executive producer Simon Achebe confirmed that Osei had asked to leave."
    assert not Subject.from_description("Hannah Osei").in_context(text).is_organisation


def test_an_organisation_is_called_by_the_noun_its_name_implies():
    subject = Subject.from_description("Kestrel Medical Centre")
    assert subject.is_head_of("hospital") and not subject.is_head_of("authority")
    assert Subject.from_description("CD Brackley").refers_to("Brackley")


def test_an_organisation_is_also_named_by_its_initials():
    assert Subject.from_description("Harlow & Finch").refers_to("H&F")
    assert Subject.from_description("Bureau of Coastal Surveys").refers_to("BCS")
    assert not Subject.from_description("Jeff Sessions").refers_to("JS")
    reading = read_article("H&F also blamed the delay on a supplier in Ohio.", "Harlow & Finch")
    assert [s.speaker for s in reading.statements] == ["Harlow & Finch"]


def test_the_subjects_own_description_refers_to_it():
    subject = Subject.from_description("Dr Osei (Coastal Medical College surgeon)")
    assert subject.refers_to(subject.name)


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Pipkin Toys fell 4 percent.",
        "Pipkin Toys's chief executive, Ana Ruiz, said the sets were safe.",
        "Pipkin Toys shares rose on Thursday.",
        "Ana Ruiz, chief executive of Pipkin Toys, said the sets were safe.",
        "Pipkin Toys, which makes magnet sets, said the recall was voluntary.",
        "The Pipkin Toys insisted on Tuesday that nothing was wrong.",
    ],
)
def test_the_article_can_show_that_a_bare_name_is_an_organisation(text):
    subject = Subject.from_description("Pipkin Toys")
    assert not subject.is_organisation  # the name alone does not say
    assert subject.in_context(text).is_organisation


@pytest.mark.parametrize(
    "text",
    [
        "Logistics chief executive Todd Mahler told employees at a town hall that no jobs would go.",
        "Trump has mulled pardoning Todd Mahler, which experts said could sway him.",
        "Todd Mahler's lawyer and Todd Mahler's players said nothing.",
    ],
)
def test_a_person_is_not_made_an_organisation_by_what_a_person_also_has(text):
    assert not Subject.from_description("Todd Mahler").in_context(text).is_organisation


@pytest.mark.parametrize(
    "speaker, same",
    [
        ("Lourdes Villacorta", False),  # his wife
        ("Ramon Villacorta", True),
        ("Ramon M. Villacorta", True),
        ("Senator Villacorta", True),
        ("Villacorta", True),
        ("the Manila-born Villacorta", True),  # a description, not another name
    ],
)
def test_another_person_of_the_subjects_surname_is_not_the_subject(speaker, same):
    assert Subject.from_description("Ramon Villacorta").refers_to(speaker) is same


def test_a_relative_with_a_hyphenated_surname_is_not_the_subject():
    subject = Subject.from_description("Kwabena Asante-Mensah")
    assert not subject.refers_to("Selorm Asante-Mensah") and subject.refers_to("Asante-Mensah")


def test_a_person_who_leads_a_council_is_not_the_council():
    text = "Councillor Nia Brook, the Labour leader of Ferncastle Council, said the bins were emptied on time."
    subject = Subject.from_description("Nia Brook").in_context(text)
    assert not subject.is_organisation and not subject.is_head_of("council")


@pytest.mark.parametrize(
    "name, text, alone",
    [
        ("Lucía Ferreyra Paz", "Ferreyra said enrolment had doubled.", "Ferreyra"),  # the first of two surnames
        ("Datuk Azman Rahim", "Azman told reporters the money was paid.", "Azman"),  # a given name after an honorific
    ],
)
def test_a_name_the_article_uses_alone_refers_to_the_subject(name, text, alone):
    assert Subject.from_description(name).in_context(text).refers_to(alone)


def test_a_middle_word_not_used_alone_is_no_name_of_the_subject():
    subject = Subject.from_description("Daniel Kiprop Mutai").in_context("Daniel Kiprop Mutai said. Mutai added more.")
    assert not subject.refers_to("Kiprop")


def test_a_noun_that_only_modifies_a_relatives_description_is_no_head_of_the_subject():
    text = "Actress Mali Chan denied the rumour. Her father, Somchai Chan, a retired army colonel, defended her."
    subject = Subject.from_description("Mali Chan").in_context(text)
    assert not subject.is_organisation


def test_a_nickname_inside_the_subjects_name_refers_to_the_subject():
    subject = Subject.from_description("Rattana Boonmee").in_context('Actress Rattana "Fon" Boonmee said she was not fired. Fon added more.')
    assert subject.refers_to("Fon")
