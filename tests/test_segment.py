"""Sentence and paragraph segmentation with offsets into the original text."""

from __future__ import annotations

from contradict.segment import paragraphs, sentences, strip_dateline


def test_offsets_index_the_original_text():
    text = "First paragraph here. It has two sentences.\n\n  Second one, indented.  \n\nThird."
    for sentence in sentences(text):
        assert text[sentence.span.start : sentence.span.end] == sentence.text
    assert [p.index for p in paragraphs(text)] == [0, 1, 2]
    assert [s.paragraph for s in sentences(text)] == [0, 0, 1, 2]


def test_abbreviations_do_not_end_sentences():
    text = "Gov. Ann Lee left the U.S. in Jan. last year. Dr. Hill stayed at St. Mary's until Feb. 3."
    assert [s.text for s in sentences(text)] == [
        "Gov. Ann Lee left the U.S. in Jan. last year.",
        "Dr. Hill stayed at St. Mary's until Feb. 3.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = '"We are not for sale," the chief executive said. Shares rose.'
    assert [s.text for s in sentences(text)][0] == '"We are not for sale," the chief executive said.'


def test_caption_line_without_full_stop_is_its_own_sentence():
    text = "Minister Jo Bell at a rally on Friday\nBell said she had never met the donor."
    assert [s.text for s in sentences(text)] == ["Minister Jo Bell at a rally on Friday", "Bell said she had never met the donor."]


def test_dateline_is_stripped_from_the_span():
    (sentence,) = sentences("LAGOS, March 3 - The governor denied the audit.")
    assert strip_dateline(sentence.span).text == "The governor denied the audit."
    (plain,) = sentences("The governor denied the audit.")
    assert strip_dateline(plain.span) == plain.span


def test_empty_text_has_no_sentences():
    assert sentences("") == [] and sentences("\n\n  \n") == []


def test_a_title_abbreviation_in_parentheses_does_not_end_the_sentence():
    text = "Hospital Director Dr. (Mrs.) Anoma Perera told reporters the shortage had ended."
    assert [s.text for s in sentences(text)] == [text]
