"""Who said what: statements, speakers, denials and reports, on short texts written for the tests."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from contradict.attribution import detect_subject, read_article
from contradict.errors import InputError

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sessions-kislyak.txt"


def statements_of(text, subject):
    return [(s.span.text, s.speaker, s.is_subject) for s in read_article(text, subject).statements]


def only_statement(text, subject):
    reading = read_article(text, subject)
    assert len(reading.statements) == 1, [s.span.text for s in reading.statements]
    return reading.statements[0]


def only_statement_containing(text, subject, words, subject_only=True):
    reading = read_article(text, subject)
    found = [s for s in (reading.statements if subject_only else reading.all_statements) if words in s.span.text]
    assert len(found) == 1, [s.span.text for s in reading.all_statements]
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        '"We never sold any land to the developer," Marsh said.',
        'Marsh said: "We never sold any land to the developer."',
        '"We never sold any land to the developer," said Marsh.',
        "“We never sold any land to the developer,” Marsh told reporters on Monday.",
        "«We never sold any land to the developer», Marsh insisted.",
        "'We never sold any land to the developer,' Marsh wrote on Twitter.",
    ],
)
def test_direct_quote_forms_and_quote_marks(text):
    statement = only_statement(text, "Helen Marsh")
    # the comma before the attribution is dropped; a full stop ending the quote is kept
    assert statement.span.text.rstrip(".") == "We never sold any land to the developer"
    assert statement.direct and statement.is_denial and statement.is_subject


def test_pronoun_and_short_name_resolve_to_the_full_name():
    text = (
        "Interior Minister Helen Marsh faced questions on Tuesday.\n\n"
        '"I have never met the contractor," she said.\n\n'
        "Marsh added that the tender had been run by civil servants alone."
    )
    found = statements_of(text, "Helen Marsh")
    assert found[0] == ("I have never met the contractor", "Helen Marsh", True)
    assert found[1][1] == "Helen Marsh" and found[1][0].startswith("Marsh added that the tender")


@pytest.mark.parametrize(
    "text, expected_start",
    [
        ("Marsh has repeatedly denied that she knew about the payments.", "Marsh has repeatedly denied that"),
        ("Marsh vowed she never took money from the firm.", "Marsh vowed she never"),
        ("Marsh insisted on Monday that no payment was ever made.", "Marsh insisted on Monday"),
        ("Later, Marsh dismissed the report as a fabrication by her rivals.", "Marsh dismissed the report"),
    ],
)
def test_indirect_statements(text, expected_start):
    statement = only_statement(text, "Helen Marsh")
    assert statement.span.text.startswith(expected_start)
    assert not statement.direct and statement.is_denial


def test_spokesperson_and_lawyer_speak_for_the_subject():
    text = (
        '"The company has never shared customer data," said Ana Ruiz, a spokeswoman for Orbis Telecom.\n\n'
        '"Those claims are baseless," Orbis\'s lawyer told the court.\n\n'
        "Chief executive Tom Kay said the audit would be published."
    )
    reading = read_article(text, "Orbis Telecom")
    assert [s.is_subject for s in reading.statements] == [True, True, True]
    assert reading.statements[0].on_behalf_of == "Orbis Telecom"
    assert reading.statements[0].speaker == "Ana Ruiz"


def test_appositive_speaker():
    text = 'Hugh Hill, a doctor at the city hospital, said: "Nobody died from the infection."'
    statement = read_article(text, "Hugh Hill").statements[0]
    assert statement.speaker == "Hugh Hill" and statement.is_denial


def test_another_persons_quote_is_not_the_subjects():
    text = (
        '"I never met him," Marsh said.\n\n'
        '"She met him twice in March," said Paul Grant, the opposition leader.'
    )
    reading = read_article(text, "Helen Marsh")
    assert [s.span.text for s in reading.statements] == ["I never met him"]
    assert [s.speaker for s in reading.other_statements] == ["Paul Grant"]


@pytest.mark.parametrize(
    "text, denial, non_denial",
    [
        ('"That is simply not true," Marsh said.', True, False),
        ("Marsh did not deny that she had met the contractor.", False, True),
        ("Marsh declined to comment on the report.", False, True),
        ('"I cannot confirm those figures," Marsh said.', False, True),
        ('"We will publish the accounts in May," Marsh said.', False, False),
        ("Marsh categorically rejected the allegations.", True, False),
    ],
)
def test_denials_and_non_denials(text, denial, non_denial):
    statement = only_statement(text, "Helen Marsh")
    assert (statement.is_denial, statement.is_non_denial) == (denial, non_denial)


def test_reports_carry_source_and_hedge():
    text = (
        '"I never met the contractor," Marsh said.\n\n'
        "According to The Ledger, Marsh met the contractor twice in March.\n\n"
        "The contractor reportedly paid for a dinner in Lisbon.\n\n"
        "Officials told the Ledger that the tender was cancelled.\n\n"
        "The ministry employs 4,000 people."
    )
    reports = {r.span.text: r for r in read_article(text, "Helen Marsh").reports}
    assert reports["According to The Ledger, Marsh met the contractor twice in March."].source == "The Ledger"
    assert reports["According to The Ledger, Marsh met the contractor twice in March."].hedged
    assert reports["The contractor reportedly paid for a dinner in Lisbon."].hedged
    assert reports["Officials told the Ledger that the tender was cancelled."].source == "Officials"
    plain = reports["The ministry employs 4,000 people."]
    assert plain.source is None and not plain.hedged


def test_unbalanced_quote_closes_at_paragraph_end_and_is_flagged():
    text = 'Marsh said: "We never took a single payment from anyone\n\nThe audit found three payments.'
    reading = read_article(text, "Helen Marsh")
    (statement,) = reading.statements
    assert statement.span.text == "We never took a single payment from anyone"
    assert "unbalanced-quote" in statement.flags
    assert [r.span.text for r in reading.reports] == ["The audit found three payments."]


def test_subject_found_automatically():
    text = (
        '"We did nothing wrong," Marsh said. "Nothing at all," she added.\n\n'
        '"It is a scandal," said Paul Grant.\n\n'
        "Marsh denied that she had met the contractor."
    )
    assert detect_subject(text).name == "Helen Marsh" or "marsh" in detect_subject(text).variants


def test_seed_article_paraphrase():
    reading = read_article(EXAMPLE.read_text(), "Jeff Sessions")
    statements = {s.span.text: s for s in reading.statements}
    direct = "I did not have any meetings with Russian operatives or Russian go-betweens about the Trump campaign"
    assert statements[direct].speaker == "Jeff Sessions" and statements[direct].is_denial
    vow = next(s for s in reading.statements if s.span.text.startswith("Sessions has insisted repeatedly"))
    assert vow.speaker == "Jeff Sessions" and vow.is_denial and not vow.direct
    reports = [r.span.text for r in reading.reports]
    assert any("discussed matters related to the election campaign with Jeff Sessions" in r for r in reports)
    assert any("intercepted Kislyak's accounts" in r for r in reports)
    assert any(r.startswith("One of the conversations described by Kislyak reportedly took place in April") for r in reports)
    assert any(r.startswith("The second allegedly happened in July") for r in reports)
    assert not any("witch hunt" in s.span.text for s in reading.statements)
    assert detect_subject(EXAMPLE.read_text()).refers_to("Sessions")


@pytest.mark.parametrize("text", ["", "   \n\n ", "\x00\x01\x02\x03" * 1000])
def test_bad_input_is_a_clear_error(text):
    with pytest.raises(InputError):
        read_article(text, "Helen Marsh")


def test_huge_text_and_text_without_quotes_do_not_hang():
    big = ("The council met on Tuesday and approved the budget for the year. " * 80 + "\n\n") * 1000  # ~5 MB
    with pytest.raises(InputError, match="limit"):
        read_article(big, "Helen Marsh")
    reading = read_article("The council met on Tuesday. It approved the budget for next year.", "Helen Marsh")
    assert reading.statements == [] and len(reading.reports) == 2


def test_statement_spans_keep_the_final_full_stop_of_the_quote_and_the_sentence():
    text = (
        'Marsh said: "We never sold any land to the developer."\n\n'
        "Marsh added that the tender had been run by civil servants alone."
    )
    spans = [s.span.text for s in read_article(text, "Helen Marsh").statements]
    assert spans == ["We never sold any land to the developer.", "Marsh added that the tender had been run by civil servants alone."]


def test_claims_embedded_in_the_subjects_denial_are_reports():
    text = "Marsh has dismissed reports that she sold the land to her brother, saying the sale never happened."
    reading = read_article(text, "Helen Marsh")
    assert reading.statements and reading.statements[0].speaker == "Helen Marsh"
    embedded = [r for r in reading.reports if r.span.text.startswith("reports that")]
    assert [r.span.text for r in embedded] == ["reports that she sold the land to her brother"]
    assert embedded[0].hedged


def test_a_bare_content_clause_after_a_possessed_claim_noun_is_a_report_with_its_source():
    text = "Marsh also rejected Mr Vale's claims the tender was rigged from the start."
    reports = read_article(text, "Helen Marsh").reports
    assert [(r.span.text, r.source) for r in reports] == [("claims the tender was rigged from the start.", "Mr Vale")]


def test_an_appositive_charge_is_a_report():
    text = "The lawyer for Tom Brandt, the banker charged with fraud last spring, has denied that his client met the buyers."
    reports = read_article(text, "Tom Brandt").reports
    assert [r.span.text for r in reports] == ["the banker charged with fraud last spring"]


def test_a_framing_adjunct_is_not_part_of_the_subjects_statement():
    text = "Marsh has insisted the project is on budget, amid reports that costs have doubled since March."
    reading = read_article(text, "Helen Marsh")
    assert [s.span.text for s in reading.statements] == ["Marsh has insisted the project is on budget"]
    assert [r.span.text for r in reading.reports] == ["reports that costs have doubled since March."]


@pytest.mark.parametrize(
    "text",
    [
        "Following the council vote, Marsh said the land had never been offered to the developer.",
        "Asked about the tender on Monday, Marsh said the land had never been offered to the developer.",
    ],
)
def test_an_introductory_phrase_is_not_a_claim_the_speaker_after_it_is(text):
    statement = only_statement(text, "Helen Marsh")
    assert statement.span.text.startswith("Marsh said the land had never been offered")
    assert statement.is_denial


def test_a_bare_confirm_after_did_not_is_a_non_denial():
    statement = only_statement("When asked about the job cuts, Orvane didn't confirm them.", "Orvane")
    assert statement.speaker == "Orvane" and statement.is_non_denial and not statement.is_denial


def test_an_organisation_that_reported_something_made_a_statement():
    statement = only_statement("The zoo earlier reported that its giraffe had been poisoned by a visitor.", "Brackley Zoo")
    assert statement.speaker == "Brackley Zoo" and statement.cue == "reported"


@pytest.mark.parametrize(
    "text, subject",
    [
        ('"We have no plans to close the plant," according to an Orvane spokesperson.', "Orvane"),
        ('"We have no plans to close the plant," the paper quoted Orvane as saying.', "Orvane"),
        ('As for the plant, says the spokesperson for Orvane, "We have no plans to close the plant."', "Orvane"),
        ('However, the company has calmed the rumours, stating that "we have no plans to close the plant".', "Orvane Ltd"),
        ('"We have no plans to close the plant" in the near term, said Orvane spokesman Ian Reyes.', "Orvane"),
    ],
)
def test_less_common_attribution_forms_around_a_quote(text, subject):
    statement = only_statement(text, subject)
    assert statement.span.text.lower().startswith("we have no plans to close the plant")
    assert statement.is_subject and statement.is_denial


def test_a_statement_document_speaks_for_whoever_issued_it():
    text = (
        "Vask's lawyer said in a statement on Friday that his client had not been at the party.\n\n"
        "“Any reports of Peter drinking that night are false,” the statement said."
    )
    statements = read_article(text, "Peter Vask").statements
    assert [(s.speaker, s.on_behalf_of) for s in statements] == [("Vask's lawyer", "Peter Vask")] * 2
    assert statements[1].span.text.startswith("Any reports of Peter drinking") and statements[1].is_denial


@pytest.mark.parametrize(
    "text",
    [
        '”We never sold any land to the developer,” Marsh said.',  # a closing mark used to open
        '" We never sold any land to the developer," Marsh said.',  # a space after the opening mark
    ],
)
def test_irregular_opening_quote_marks(text):
    assert only_statement(text, "Helen Marsh").span.text == "We never sold any land to the developer"


def test_it_refers_to_the_last_body_that_spoke_never_to_a_person():
    text = (
        'The Ledger said the mayor had met the contractor twice. "I never met him," Marsh said.\n\n'
        "The magazine said the meetings took place in March.\n\n"
        "It said the contract was signed a week later."
    )
    reading = read_article(text, "Helen Marsh")
    assert [s.span.text for s in reading.statements] == ["I never met him"]
    assert any(r.span.text.startswith("It said the contract") for r in reading.reports)


def test_he_does_not_refer_back_to_an_organisation():
    text = (
        "Orvane said its plant had passed every inspection.\n\n"
        "On Friday, Energy Minister Paul Dorn was asked about the plant.\n\n"
        '"I learned about the leak last week," he said.'
    )
    reading = read_article(text, "Orvane")
    assert [s.speaker for s in reading.statements] == ["Orvane"]
    assert [s.speaker for s in reading.other_statements] == ["Paul Dorn"]


def test_a_role_phrase_that_introduces_a_person_links_later_pronouns_to_the_principal():
    text = (
        "Orvane's chief executive, Lena Ruiz, has made similar promises. "
        '"We have never sold customer data," she said.'
    )
    statement = only_statement(text, "Orvane")
    assert (statement.speaker, statement.on_behalf_of) == ("Lena Ruiz", "Orvane")


@pytest.mark.parametrize(
    "text",
    [
        "Brackley Rovers president Ian Moss said the club had received an offer of 18 million euros.",
        "A Brackley opposition spokesman said police had raided the party offices.",
    ],
)
def test_an_officer_of_another_body_does_not_speak_for_the_subject(text):
    reading = read_article(text, "Orvane Athletic")
    assert not reading.statements and len(reading.other_statements) == 1


def test_a_european_executive_still_speaks_for_the_company():
    statement = only_statement("European operations chief Anke Brenner said no jobs would be cut at the plant.", "Veltra Motors")
    assert statement.on_behalf_of == "Veltra Motors"


def test_a_but_clause_with_its_own_speaker_is_read_separately():
    text = "A union spokesman said guards stormed the depot on Sunday - but the ministry flatly denied any raid took place."
    reading = read_article(text, "Transport Ministry")
    (statement,) = reading.statements
    assert statement.span.text == "the ministry flatly denied any raid took place."
    assert statement.is_denial
    (other,) = reading.other_statements
    assert other.speaker == "A union spokesman" and other.span.text.endswith("on Sunday")


def test_a_but_clause_without_a_speaker_continues_the_first():
    text = "Okafor denied the payments, but said he had met the broker twice."
    statement = only_statement(text, "Okafor")
    assert statement.span.text == text


def test_a_relative_clause_with_a_reporting_verb_is_the_antecedents_statement():
    text = "The board agreed to pay the legal fees of the trustee, Lena Vogt, who denied any wrongdoing."
    statement = only_statement(text, "Lena Vogt")
    assert statement.span.text == "Lena Vogt, who denied any wrongdoing"
    assert statement.speaker == "Lena Vogt" and statement.is_denial


@pytest.mark.parametrize("opening", ["According to a Brightwell statement on Monday,", "According to Brightwell,"])
def test_an_opening_according_to_attributes_the_main_clause(opening):
    text = f"{opening} its staff did not know of the fault until late 2019."
    statement = only_statement(text, "Brightwell Corp")
    assert statement.span.text == "its staff did not know of the fault until late 2019."
    assert statement.speaker == "Brightwell Corp"


def test_time_phrase_and_abbreviation_between_speaker_and_verb():
    text = "Kestrel Freight Lines (KFL) on Tuesday declined to comment on the merger report."
    statement = only_statement(text, "Kestrel Freight Lines")
    assert statement.is_non_denial and statement.speaker == "Kestrel Freight Lines"


def test_an_adverb_after_a_possessive_role_is_not_part_of_the_speaker():
    (statement,) = read_article("Rovers' manager also said he had not been approached.", None).all_statements
    assert statement.speaker == "Rovers’ manager".replace("’", "'")


def test_reports_claiming_something_inside_a_denial_are_a_report():
    text = "The bank denied reports claiming its servers were breached by an outside group."
    reading = read_article(text, "the bank")
    assert any(r.span.text.startswith("reports claiming its servers were breached") and r.hedged for r in reading.reports)


def test_a_role_phrase_with_a_name_inside_refers_back_to_the_person():
    text = 'Ruiz spoke to the press on Thursday. But the former Porto coach revealed that talks with the board have yet to start.'
    statement = only_statement(text, "Tomas Ruiz (Lyon manager)")
    assert statement.speaker == "Tomas Ruiz (Lyon manager)"
    assert statement.span.text.startswith("the former Porto coach revealed")


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("A cousin of Dunmore's tells the radio station that the singer is unwell.", "A cousin of Dunmore's"),
        ("A spokesperson for the Riverside Clinic said there was no sign of alcohol.", "A spokesperson for the Riverside Clinic"),
    ],
)
def test_a_name_after_of_or_for_is_not_the_speaker(text, speaker):
    reading = read_article(text, "Ada Dunmore")
    assert reading.statements == []
    assert [s.speaker for s in reading.other_statements] == [speaker]


def test_a_short_quote_that_opens_its_sentence_is_speech():
    text = 'Reports said the singer was expecting. "That is false," the publicist tells the paper.'
    statement = only_statement(text, "Ada Dunmore (via her publicist)")
    assert statement.span.text == "That is false" and statement.is_denial and statement.direct


def test_a_quote_cited_by_another_source_does_not_continue_the_last_speaker():
    text = (
        '"We found no such document," Halvorsen said.\n\n'
        'The network cited "two officials who had read the memo closely."'
    )
    reading = read_article(text, "Halvorsen")
    assert [s.span.text for s in reading.statements] == ["We found no such document"]
    assert any(r.span.text.startswith("The network cited") for r in reading.reports)


@pytest.mark.parametrize("verb, is_statement", [("refused to resign", False), ("declined to comment on the report", True)])
def test_refusing_an_act_is_not_speech_refusing_to_speak_is(verb, is_statement):
    reading = read_article(f"Brandt, who won the vote in May, has {verb}.", "Ilse Brandt")
    assert bool(reading.statements) == is_statement


def test_a_relative_clause_between_speaker_and_verb_keeps_the_speaker():
    text = (
        "In a statement, Dr Osei, who heads the cardiology unit at Harbour General Hospital, said the payments "
        'never reached him.\n\n"I have not taken any money from anyone," he said.'
    )
    reading = read_article(text, "Dr Osei (Harbour General Hospital cardiologist)")
    assert [s.span.text for s in reading.statements] == [
        "Dr Osei, who heads the cardiology unit at Harbour General Hospital, said the payments never reached him.",
        "I have not taken any money from anyone",
    ]


def test_a_backtick_can_stand_for_the_apostrophe_of_a_possessive():
    text = '"We have cancelled no flights this week," Mira Shah, SkyLark`s chief executive, said on Friday.'
    statement = only_statement(text, "SkyLark (chief executive Mira Shah)")
    assert statement.is_subject and statement.is_denial


def test_a_curly_opening_mark_may_close_with_a_straight_one():
    text = '“We will be closing two plants as a result," according to a Brightwell spokesperson. Unions were told on Monday.'
    statement = only_statement(text, "Brightwell")
    assert statement.span.text == "We will be closing two plants as a result" and "unbalanced-quote" not in statement.flags


def test_a_spaced_hyphen_inside_a_name_is_the_same_name():
    text = 'The ruling Kora Unity Front - West has dismissed as "utterly false and absurd" reports that its leader quit.'
    reading = read_article(text, "Kora Unity Front-West")
    assert reading.statements[0].span.text == text and reading.statements[0].is_denial
    assert [s.span.text for s in reading.other_statements] == []


@pytest.mark.parametrize("text", ["Alpha Beta " * 300 + "said it.", "A - " * 3000 + "x"])
def test_long_runs_of_capitalised_words_read_quickly(text):
    started = time.perf_counter()
    read_article(text, "Alan Grey")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "text, subject",
    [
        ("The trust also said a nurse checked on him before noon.", "Fenmoor Hospitals NHS Trust"),
        ("The carmaker said it first learned of the fault in May.", "Ostrava Motors"),
    ],
)
def test_an_organisation_noun_from_the_subjects_name_refers_back_to_it(text, subject):
    statement = only_statement(text, subject)
    assert statement.span.text == text and statement.cue == "said"


def test_a_day_is_not_a_speaker_and_an_introductory_phrase_holds_none():
    text = (
        "Lina Varga has rejected her former coach's claims.\n\n"
        "Speaking after her win at Roland Park on Tuesday, the world No. 9 said: «We agreed together that it was time to part.»"
    )
    reading = read_article(text, "Lina Varga")
    assert [s.span.text for s in reading.statements][-1] == "We agreed together that it was time to part."
    assert reading.statements[-1].speaker == "Lina Varga"


def test_a_report_sharing_a_sentence_with_the_statement_is_clipped_before_it():
    text = (
        "A Zambian opposition spokesman said police searched his party's headquarters on Saturday evening, "
        "three days before the vote - but the government swiftly denied any search had been carried out."
    )
    reading = read_article(text, "Zambian government")
    (statement,) = reading.statements
    assert statement.span.text.startswith("the government swiftly denied")
    (report,) = reading.reports
    assert report.span.text == (
        "A Zambian opposition spokesman said police searched his party's headquarters on Saturday evening, three days before the vote"
    )
    assert text[report.span.start : report.span.end] == report.span.text


def test_a_statements_own_attribution_is_not_clipped_into_a_report():
    text = "Sessions, who met Kislyak twice, said that he never discussed the campaign with Russian officials."
    reading = read_article(text, "Jeff Sessions")
    assert all(not r.span.text.endswith("said that") for r in reading.reports)


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("Officials who regularly read the cables told the Post that the envoy is accurate.", "Officials"),
        ("The envoy discussed the campaign with the senator, The Washington Post reported on Friday.", "The Washington Post"),
        ("The newspaper also noted that diplomats sometimes exaggerate their contacts.", "The newspaper"),
    ],
)
def test_the_source_of_a_report(sentence, source):
    reading = read_article('"I never met him," the senator, Ann Cole, said.\n\n' + sentence, "Ann Cole")
    (report,) = [r for r in reading.reports if r.span.text.startswith(sentence[:20])]
    assert report.source == source


def test_a_quotes_attribution_left_before_it_is_not_a_report():
    text = (
        "Cole, who chairs the board and has led it since 2019 through two mergers and a strike, "
        'said: "We never met the bidders before the vote."'
    )
    reading = read_article(text, "Ann Cole")
    assert [s.span.text for s in reading.statements] == ["We never met the bidders before the vote."]
    assert all(not r.span.text.rstrip(' :"').endswith("said") for r in reading.reports), reading.reports


def test_an_officer_named_with_the_bodys_head_noun_speaks_for_the_subject():
    text = (
        "GRONINGEN - Noordveld Medical Centre said on Monday that four patients had caught a resistant bacterium.\n\n"
        "'This is a small outbreak and the public is not at risk,' the hospital's director, Anneke Visser, said at a briefing.\n\n"
        'Visser insisted the children\'s ward had not been touched. "No child in our care has been exposed," she said.\n\n'
        "The company's finance director, Rohan Mehta, told analysts on a call that Noordveld had 'never lent a euro' to its owners."
    )
    reading = read_article(text, "Noordveld Medical Centre")
    said = {s.span.text: (s.speaker, s.is_subject) for s in reading.statements}
    assert said["This is a small outbreak and the public is not at risk"] == ("Anneke Visser", True)
    assert said["No child in our care has been exposed"] == ("Anneke Visser", True)
    assert any(s.speaker == "Rohan Mehta" and s.is_subject and "never lent" in s.span.text for s in reading.statements)
    # the quote and its attribution are the director's statement, not a report of the article
    assert not any("Anneke Visser, said" in r.span.text for r in reading.reports)


def test_a_role_noun_and_a_pronoun_refer_to_the_person_introduced_with_that_role():
    text = (
        "DURBAN - Mayor Thandiwe Mokoena has denied steering a tanker contract to her brother.\n\n"
        "Mokoena said she did not know that his firm had bid. In text messages from October, the mayor asked her "
        'brother whether he had "sent in the forms," the Coastal Herald reported.\n\n'
        'The mayor also disputed the value of the deal. "It was a small emergency contract," she told councillors.'
    )
    said = {s.span.text: s.speaker for s in read_article(text, "Thandiwe Mokoena").statements}
    assert said["The mayor also disputed the value of the deal."] == "Thandiwe Mokoena"
    assert said["It was a small emergency contract"] == "Thandiwe Mokoena"


def test_a_possessed_role_is_the_person_the_subject_description_gives_it_to():
    text = "Harry Redknapp has denied being offered a new contract. Spurs' manager also said he had not spoken to the board."
    statement = only_statement_containing(text, "Harry Redknapp (Tottenham manager)", "also said")
    assert statement.speaker == "Harry Redknapp (Tottenham manager)" and statement.is_subject


def test_an_adverb_such_as_further_may_part_speaker_and_verb():
    statement = only_statement("Langat further said the forest service had approved the excision.", "Peter Langat")
    assert statement.speaker == "Peter Langat"


def test_a_trailing_pronoun_refers_to_the_person_the_claim_names():
    text = "Actress Hannah Osei will leave the hospital drama Northgate General in June, she announced on Monday."
    statement = only_statement(text, "Hannah Osei")
    assert statement.speaker == "Hannah Osei" and statement.is_subject


def test_a_trade_noun_refers_to_the_company_unless_another_body_holds_it():
    article = "Veltro says its new handset is on schedule. The Finnish phone maker said talk of a delay was a misreading."
    assert only_statement_containing(article, "Veltro", "misreading").is_subject
    rival = (
        "Veltro says its new handset is on schedule. Korvia, the biggest phone maker, is not affected. "
        "The phone maker said talk of a delay was a misreading."
    )
    assert not only_statement_containing(rival, "Veltro", "misreading", subject_only=False).is_subject


def test_it_after_an_outlet_reported_is_the_outlet_and_its_claim_a_report():
    text = (
        "The Danish government on Friday denied a report in Politiken that the finance minister would be replaced. "
        '"No reshuffle is being planned," a government spokesman said.\n\n'
        "Politiken reported that the prime minister had settled on two new ministers. "
        "It said the new ministers might be named before the summer recess."
    )
    reading = read_article(text, "Danish government")
    assert not any("ministers might be named" in s.span.text for s in reading.statements)
    assert any("ministers might be named" in r.span.text for r in reading.reports)


def test_a_clause_after_but_that_names_its_own_source_is_a_report():
    text = (
        "Okafor had assured the inquiry that he had no dealings with ministry officials after the tender closed, "
        "but Okafor had spoken to officials as late as August, according to the court filing."
    )
    reading = read_article(text, "Daniel Okafor")
    assert [s.span.text for s in reading.statements] == [
        "Okafor had assured the inquiry that he had no dealings with ministry officials after the tender closed"
    ]
    [report] = reading.reports
    assert report.span.text == "Okafor had spoken to officials as late as August, according to the court filing"
    assert report.source == "the court filing"


@pytest.mark.parametrize(
    "lede",
    [
        "A landlord whose tenants have reported black mould in a block of 60 flats has denied ever receiving complaints about damp.",
        "The company named on Tuesday by the safety regulator has stressed it only kept the frozen stock for a client.",
        "The lawyer for a man questioned over last week's fire at a bakery said on Tuesday that her client was at home.",
    ],
)
def test_a_lede_that_describes_its_subject_at_length_is_the_subjects_statement(lede):
    text = lede + "\n\nCrestmoor said it would send inspectors on Monday."
    statement = only_statement_containing(text, "Crestmoor", lede[:40])
    assert statement.span.text == lede and statement.is_subject


def test_a_shared_surname_is_the_person_already_quoted():
    text = (
        "Rakesh Bhandari, the company's managing director, said Sanjeevani had never lent money to its founders.\n\n"
        "The company was founded by his father, Vinod Bhandari, in 1998.\n\n"
        "Bhandari said the company would commission its own review."
    )
    said = {s.span.text: s.speaker for s in read_article(text, "Sanjeevani Retail").all_statements}
    assert said["Bhandari said the company would commission its own review."] == "Rakesh Bhandari"


def test_a_newspaper_that_is_the_subject_makes_statements():
    statement = only_statement("The Coastal Herald said it had never paid a source for a story.", "The Coastal Herald")
    assert statement.is_subject


def test_it_after_a_newspaper_subject_spoke_is_still_the_subject():
    text = "The Coastal Herald said it had never paid a source. It said the editor had reviewed every invoice."
    said = {s.span.text: s.is_subject for s in read_article(text, "The Coastal Herald").all_statements}
    assert said == {
        "The Coastal Herald said it had never paid a source.": True,
        "It said the editor had reviewed every invoice.": True,
    }


def subject_statements(text, subject):
    return {s.span.text: s.speaker for s in read_article(text, subject).statements}


def test_an_age_between_name_and_verb_keeps_the_speaker():
    text = '"Those are not my initials. I never saw that ledger," Harlan Voss, 48, testified in federal court.'
    assert subject_statements(text, "Harlan Voss") == {"Those are not my initials. I never saw that ledger": "Harlan Voss"}


@pytest.mark.parametrize(
    "description", ["The 31-year-old also insisted", "The Democrat from Lorain County also said", "The 31-year-old sprinter said"]
)
def test_a_description_that_names_the_person_again_speaks_for_them(description):
    text = f"Marcy Hale said she had never met the lobbyists.\n\nRecords show Hale met two of them.\n\n{description} that she had drafted the bill herself."
    said = subject_statements(text, "Marcy Hale")
    assert said[f"{description} that she had drafted the bill herself."] == "Marcy Hale"


def test_the_company_is_the_subject_whose_name_could_be_a_persons():
    text = (
        "Orbita Hosting said on Tuesday that the outage lasted less than an hour.\n\n"
        '"This was a cooling failure, not a cyberattack," the company said in a blog post.'
    )
    assert "This was a cooling failure, not a cyberattack" in subject_statements(text, "Orbita Hosting")


def test_a_person_called_by_surname_is_not_taken_for_the_company():
    text = (
        "Orbita Hosting said on Tuesday that the outage lasted less than an hour.\n\n"
        "Hosting, a former engineer, said the firm had been warned. The company said it had not."
    )
    assert "The company said it had not." not in subject_statements(text, "Orbita Hosting")


def test_an_official_titled_by_office_speaks_for_a_government_body_subject():
    text = (
        "Peru's Health Ministry said on Monday that the vaccines would arrive next month.\n\n"
        '"Every dose has been released and will land by April 2," Deputy Minister Carla Rojas told reporters.\n\n'
        "Rojas also said no patient would miss an appointment."
    )
    said = subject_statements(text, "Peru Health Ministry")
    assert said["Every dose has been released and will land by April 2"] == "Carla Rojas"
    assert said["Rojas also said no patient would miss an appointment."] == "Carla Rojas"


def test_a_capitalised_title_in_a_company_story_is_a_public_office_not_the_companys():
    text = (
        "Orbita Hosting said the outage lasted an hour, the company said.\n\n"
        '"We will look into every cloud provider," President Dana Ruiz told reporters.'
    )
    assert "We will look into every cloud provider" not in subject_statements(text, "Orbita Hosting")


def test_a_pronoun_opening_a_sentence_is_the_person_the_sentence_before_was_about():
    text = (
        'Jan Nowicki denied he would resign. "I am staying," he said.\n\n'
        "Ministry spokeswoman Ewa Lis declined to comment on personnel matters.\n\n"
        "Jan Nowicki has been criticised over delays in a tax system. He said he had offered to brief the budget committee."
    )
    assert subject_statements(text, "Jan Nowicki")["He said he had offered to brief the budget committee."] == "Jan Nowicki"


def test_a_claim_before_a_possessive_double_role_and_name_is_the_named_persons():
    text = "ACCRA - Fintech firm Kiosa is not for sale, its co-founder and chief executive Ada Mensah said on Monday."
    assert subject_statements(text, "Ada Mensah") == {"Fintech firm Kiosa is not for sale": "Ada Mensah"}


def test_a_short_quote_that_is_its_own_sentence_continues_the_last_speaker():
    text = (
        "No pupils were hurt in a fire on Tuesday, the Pine Ridge School District said.\n\n"
        '"All 300 pupils were out in five minutes," district spokeswoman Lena Ortiz said. "Nobody was hurt."'
    )
    assert subject_statements(text, "Pine Ridge School District")["Nobody was hurt."] == "Lena Ortiz"


def test_another_speakers_clause_after_the_subjects_statement_is_a_report():
    text = "Jan Nowicki said he had offered to brief the budget committee, and the committee's chairman confirmed that a session was set for May 2."
    reading = read_article(text, "Jan Nowicki")
    assert [s.span.text for s in reading.statements] == ["Jan Nowicki said he had offered to brief the budget committee"]
    assert "the committee's chairman confirmed that a session was set for May 2." in [r.span.text for r in reading.reports]


def test_a_wire_dateline_with_the_agency_name_is_not_part_of_the_lede():
    text = "SYDNEY, May 3 AAP - Opposition Leader Dana Reeve denies leaking a memo to a newspaper.\n\nThe memo was published on Friday."
    reading = read_article(text, "Dana Reeve")
    assert [s.span.text for s in reading.statements] == ["Opposition Leader Dana Reeve denies leaking a memo to a newspaper."]
    assert reading.statements[0].is_denial


@pytest.mark.parametrize("verb, cue", [("is denying", "denies"), ("is insisting that", "insists")])
def test_the_progressive_of_a_verb_of_saying_makes_a_statement(verb, cue):
    statement = only_statement(f"Vexa {verb} its V9 tablet will not ship late.\n\nA blog reported that the V9 would slip.", "Vexa")
    assert statement.cue == cue and statement.is_denial


def test_a_new_spokesperson_right_after_another_body_spoke_is_that_bodys():
    text = "Kira Holm denied altering the photograph.\n\nThe federation said it had opened a case. It has not yet received an appeal, a spokesperson said."
    reading = read_article(text, "Kira Holm")
    assert [s.span.text for s in reading.statements] == ["Kira Holm denied altering the photograph."]
    assert "It has not yet received an appeal, a spokesperson said." in [r.span.text for r in reading.reports]


def test_the_spokeswoman_already_introduced_stays_the_subjects_after_another_body_spoke():
    text = (
        '"The officer did not fire his weapon," a police spokeswoman said.\n\n'
        "The Police Association said a second officer had fired. The spokeswoman said the officer had not been suspended."
    )
    said = subject_statements(text, "Victoria Police")
    assert "The spokeswoman said the officer had not been suspended." in said


def test_an_officer_of_a_body_named_by_its_head_noun_does_not_speak_for_a_person_subject():
    text = (
        "Mayor Mbali Ntuli denied awarding the tender to a relative.\n\n"
        "The municipality's acting municipal manager, Sipho Dube, confirmed that a forensic review had been commissioned."
    )
    assert list(subject_statements(text, "Mbali Ntuli")) == ["Mayor Mbali Ntuli denied awarding the tender to a relative."]


def test_an_opening_participle_phrase_is_not_the_speaker():
    text = (
        "Deputy Transport Minister Andrei Rusu rejected claims about his degree.\n\n"
        "Appearing before a committee, the deputy minister told MPs that he had studied abroad for two years."
    )
    said = subject_statements(text, "Andrei Rusu")
    assert said["the deputy minister told MPs that he had studied abroad for two years."] == "Andrei Rusu"


def test_a_nickname_inside_the_name_keeps_the_speaker():
    text = 'MANILA - Mayor Ramon "Boy" Cruz said the P30 million had been spent in full on drainage.'
    assert list(subject_statements(text, "Ramon Cruz").values()) == ["Ramon Cruz"]


def test_a_reflexive_between_name_and_verb_keeps_the_speaker():
    text = "Her lawyer said the panel had ignored the data. Halvorsen herself told a student paper that she had never been asked for the files."
    said = subject_statements(text, "Ingrid Halvorsen")
    assert "Halvorsen herself told a student paper that she had never been asked for the files." in said


def test_a_company_officer_with_two_roles_speaks_for_the_company():
    text = (
        "Lumora Pay's co-founder and chief executive, Ciaran Dole, told customers in an email "
        'that "no customer data was accessed" during the outage.'
    )
    reading = read_article(text, "Lumora Pay")
    assert reading.statements and all(s.on_behalf_of == "Lumora Pay" for s in reading.statements)


def test_a_capitalised_first_word_is_not_taken_for_a_person():
    text = (
        "Lumora Pay's chief executive, Ciaran Dole, said no data was lost.\n\n"
        "Access logs show the page was visited from 300 addresses.\n\n"
        'At a conference in May, he told the audience: "Nobody got in, nothing got out."'
    )
    assert subject_statements(text, "Lumora Pay")["Nobody got in, nothing got out."] == "Ciaran Dole"


def test_the_officer_of_a_body_named_after_an_adjective_speaks_for_that_body():
    text = "The president of Portuguese top-flight club FC Tejo, Rui Matos, told members that the signing had cost «€9 million, not a cent more»."
    reading = read_article(text, "FC Tejo")
    assert [s.on_behalf_of for s in reading.statements] == ["FC Tejo", "FC Tejo"]


def test_a_quote_opening_a_paragraph_after_said_and_a_colon_is_that_speakers():
    text = (
        "An actor was hurt on the set of a Kestrel Films drama in March.\n\n"
        "In a statement issued the next morning, the company said:\n\n"
        '"All safety rules were followed. Our coordinator was on set throughout."\n\n'
        '"We will cooperate with any inquiry."'
    )
    said = subject_statements(text, "Kestrel Films")
    assert set(said) == {"All safety rules were followed. Our coordinator was on set throughout.", "We will cooperate with any inquiry."}


def test_a_lede_that_introduces_its_subject_by_description_and_the_evidence_it_is_set_against():
    text = (
        "HANOI, Nov 20 - A Vietnamese textile maker has denied laying off workers at its plant, despite figures "
        "from provincial officials showing more than 900 employees lost their jobs last month.\n\n"
        "Minh Long Textiles said it had not dismissed anyone."
    )
    reading = read_article(text, "Minh Long Textiles")
    assert [s.span.text for s in reading.statements][0] == "A Vietnamese textile maker has denied laying off workers at its plant"
    assert "figures from provincial officials showing more than 900 employees lost their jobs last month." in [
        r.span.text for r in reading.reports
    ]


def test_a_but_clause_with_its_own_source_is_a_report():
    text = "The president of FC Tejo, Rui Matos, told members that the signing had cost €9 million, but league records show the outlay could reach €14 million."
    reading = read_article(text, "FC Tejo")
    assert [s.span.text for s in reading.statements] == ["The president of FC Tejo, Rui Matos, told members that the signing had cost €9 million"]
    report = next(r for r in reading.reports if r.span.text.startswith("league records"))
    assert report.source == "league records" and report.span.text.endswith("€14 million")


def test_a_dateline_in_a_language_with_diacritics_is_not_part_of_the_lede():
    text = "CHIȘINĂU — Deputy Infrastructure Minister Vitalie Moraru on Monday rejected accusations about his degree."
    assert list(subject_statements(text, "Vitalie Moraru")) == [
        "Deputy Infrastructure Minister Vitalie Moraru on Monday rejected accusations about his degree."
    ]


@pytest.mark.parametrize("intro, later", [("Deputy Infrastructure Minister", "the deputy minister"), ("Peruvian congresswoman", "The Cusco congresswoman")])
def test_a_role_noun_later_is_the_person_introduced_with_it(intro, later):
    text = (
        f"{intro} Rosa Moraru said on Monday that she paid for the trip herself.\n\n"
        "The programme's producers said in a statement that they had seen the documents.\n\n"
        f"{later} told reporters that she had asked for unpaid leave."
    )
    assert subject_statements(text, "Rosa Moraru")[f"{later} told reporters that she had asked for unpaid leave."] == "Rosa Moraru"


def test_a_spokesperson_of_a_body_whose_name_ends_like_an_adjective_is_that_bodys():
    text = (
        "Mayor Rogelio Vilar said the funds were spent.\n\n"
        "Ombudsman spokesperson Danilo Sarte said the office had received the complaint and was evaluating it."
    )
    assert list(subject_statements(text, "Rogelio Vilar")) == ["Mayor Rogelio Vilar said the funds were spent."]


def test_an_officer_named_by_the_first_of_two_surnames_or_a_given_name_is_the_person_named_in_full():
    text = (
        "Aguas del Valle, the city's water utility, denied rationing water in May.\n\n"
        '"No district went more than a day without water," said Mauricio Ledesma Arriaga, general director of Aguas del Valle.\n\n'
        "Ledesma said repairs would end in July. The utility's spokeswoman, Sari Wulandari, said pumps were running. Sari said the tanks were full."
    )
    said = subject_statements(text, "Aguas del Valle")
    assert said["Ledesma said repairs would end in July."] == "Mauricio Ledesma Arriaga"
    assert said["Sari said the tanks were full."] == "Sari Wulandari"


def test_police_officers_by_rank_speak_for_a_police_subject_and_the_police_minister_does_not():
    text = (
        'Acting Assistant Commissioner Jo Tarrant said the chase had been called off. "Our car was two kilometres away," she said.\n\n'
        'Police Minister Len Rook said he had "full confidence" in the inquiry.'
    )
    said = subject_statements(text, "Harbour Police Service")
    assert said["Our car was two kilometres away"] == "Jo Tarrant"
    assert not any("full confidence" in statement for statement in said)


def test_a_title_of_several_words_shortened_to_its_initials_is_the_person_introduced_with_it():
    text = (
        "Deputy Commissioner of Police (East) Arjun Mehra said the man was detained on Sunday night.\n\n"
        "The family said he was beaten. The DCP said an inquiry had been ordered."
    )
    said = subject_statements(text, "Mumbai Police")
    assert said["Deputy Commissioner of Police (East) Arjun Mehra said the man was detained on Sunday night."] == "Arjun Mehra"
    assert said["The DCP said an inquiry had been ordered."] == "Arjun Mehra"


def test_a_person_described_but_not_named_is_someone_new_and_his_quote_is_his():
    text = (
        "Inspector Ana Volk said officers had stopped the chase before the crash.\n\n"
        'The taxi driver, who asked not to be named, told the radio station he saw the police car. "It went past me with its siren on," he said.'
    )
    reading = read_article(text, "Tarn Valley Police")
    driver = [s for s in reading.all_statements if "siren" in s.span.text]
    assert [s.speaker for s in driver] == ["The taxi driver"] and not driver[0].is_subject


def test_a_capitalised_determiner_is_no_speaker():
    text = "Ion Vasile denied forging the diploma. The dispute began after a portal reported the diploma was bought."
    assert list(subject_statements(text, "Ion Vasile")) == ["Ion Vasile denied forging the diploma."]


def test_an_agent_who_did_not_dispute_it_speaks_for_his_client_and_so_does_his_next_quote():
    text = (
        'Tom Reyes insisted he had never asked to leave Dover Athletic. "I am happy here," he posted.\n\n'
        "Lucca sporting director Marco Gatti said the player wanted to come.\n\n"
        "Reyes's agent, Femi Cole, did not dispute that there had been contact. "
        '"Clubs talk to agents," he told this paper. "But Tom has not asked for anything."'
    )
    said = subject_statements(text, "Tom Reyes")
    assert said["Reyes's agent, Femi Cole, did not dispute that there had been contact."] == "Femi Cole"
    assert said["But Tom has not asked for anything."] == "Femi Cole"


def test_a_quote_running_over_two_sentences_is_not_read_again_as_indirect_speech():
    text = (
        "Sunrise Events said every fan had been refunded.\n\n"
        "The band's manager, Kay Lund, said that was fiction.\n\n"
        '"We never signed a contract. We told them in November we were not coming," she said.'
    )
    assert not any("We told them" in statement for statement in subject_statements(text, "Sunrise Events"))


def test_an_interview_printed_as_a_transcript_gives_each_turn_to_its_speaker():
    text = (
        "Senator Ray Dunne was pressed by presenter Amy Hart on Friday.\n\n"
        "Hart: Did you claim allowances for days you were abroad?\n\n"
        "Dunne: No. I never claimed a single euro for a day I was not in the chamber.\n\n"
        "Nairobi: a dateline is not a speaker."
    )
    reading = read_article(text, "Ray Dunne")
    assert [s.span.text for s in reading.statements] == ["No. I never claimed a single euro for a day I was not in the chamber."]
    assert [s.speaker for s in reading.other_statements] == ["Amy Hart"]


def test_a_reporting_clause_in_the_middle_gives_the_whole_sentence_to_its_speaker():
    text = "Deputy Minister Azman Rahim said the fund was paid out. The programme, he wrote, was launched in January."
    said = subject_statements(text, "Azman Rahim")
    assert "The programme, he wrote, was launched in January." in said


def test_speech_introduced_after_a_pause_is_the_speakers():
    text = (
        "Undersecretary Tomas Lazaro appeared before the Senate on Tuesday.\n\n"
        'Asked whether he had met the bidder, Lazaro paused before replying: "Never outside the formal process."\n\n'
        'Lazaro waited several seconds before saying the trip was "a family holiday I paid for myself."\n\n'
        '"I did not know who owned the firm," the undersecretary said.'
    )
    said = subject_statements(text, "Tomas Lazaro")
    assert said["Never outside the formal process."] == "Tomas Lazaro"
    assert any(statement.startswith("Lazaro waited several seconds before saying") for statement in said)
    assert said["I did not know who owned the firm"] == "Tomas Lazaro"


def test_its_spokesperson_right_after_another_body_spoke_is_that_bodys():
    text = (
        "Sunrise Events said all fans had been refunded.\n\n"
        "The consumer group Fair Deal said it had received 300 complaints. Its spokesperson, Ana Wu, said the company had sent no evidence."
    )
    assert not any("sent no evidence" in statement for statement in subject_statements(text, "Sunrise Events"))


def test_a_company_officer_by_corporate_title_and_by_company_name_speaks_for_the_company():
    text = (
        'Kanto Motor Corp. said it would recall 200,000 vans. "We have no reports of injuries," Executive Vice President Ken Oda told a news conference.\n\n'
        '"Since the pipe was sealed, nothing has leaked," PT Sulawesi Nikel (PSN) spokesperson Rina Sari said.'
    )
    assert subject_statements(text, "Kanto Motor Corp.")["We have no reports of injuries"] == "Ken Oda"
    assert subject_statements(text, "PT Sulawesi Nikel")["Since the pipe was sealed, nothing has leaked"] == "Rina Sari"


def test_the_spokesman_of_the_subjects_body_is_the_subjects_and_a_spokesman_for_another_is_not():
    text = (
        "The Ministry of Supply said wheat reserves were sufficient.\n\n"
        "The official spokesman of the ministry, Counsellor Samir Fahmy, said the reserves stood at 4 million tonnes.\n\n"
        "A spokeswoman for the bank dismissed the story as well."
    )
    said = subject_statements(text, "Ministry of Supply")
    assert said["The official spokesman of the ministry, Counsellor Samir Fahmy, said the reserves stood at 4 million tonnes."] == "Samir Fahmy"
    assert "A spokeswoman for the bank dismissed the story as well." not in said


def test_a_title_that_names_the_subjects_kind_of_body_speaks_for_it():
    text = (
        "Lakeside General Hospital said no surgery had been cancelled since March.\n\n"
        "Hospital Director Dr. (Mrs.) Anoma Perera told reporters the shortage had ended in February.\n\n"
        "University President Prof. Sami Nasser said the seats were filled by ranking."
    )
    assert subject_statements(text, "Lakeside General Hospital")[
        "Hospital Director Dr. (Mrs.) Anoma Perera told reporters the shortage had ended in February."
    ] == "Anoma Perera"
    assert not any("filled by ranking" in statement for statement in subject_statements(text, "Lakeside General Hospital"))


def test_police_rank_abbreviations_are_titles_of_officers_who_speak_for_the_police():
    text = (
        "The deputy police spokesperson, SP Okello Mugisha, said nine people were arrested.\n\n"
        '"Nine suspects. Not thirty. Nine," SP Mugisha told journalists.'
    )
    assert subject_statements(text, "Kampala Police Force")["Nine suspects. Not thirty. Nine"] == "Okello Mugisha"


def test_a_description_by_age_is_the_person_the_story_follows():
    text = (
        "Shuttler Amir Hakim insisted a knee injury forced him out, even as the Badminton Association said scans showed no damage.\n\n"
        "Speaking at a sponsor's event, the 23-year-old said doctors had told him to rest for six weeks."
    )
    said = subject_statements(text, "Amir Hakim")
    assert "the 23-year-old said doctors had told him to rest for six weeks." in said


def test_a_quote_standing_alone_after_reported_speech_continues_its_speaker():
    text = (
        "Mr Kofi Asante, Regional Communications Manager of the company, told journalists that the plant was working at full capacity.\n\n"
        '"We test at the plant every four hours. There has been no failure of chlorination this month."'
    )
    said = subject_statements(text, "Volta Water Company")
    assert said["We test at the plant every four hours. There has been no failure of chlorination this month."] == "Kofi Asante"


def test_a_chief_named_by_rank_and_later_called_the_chief_speaks_for_the_police():
    text = (
        "Marlow Falls Police Chief Dana Ortiz stood at a podium in April and made a promise.\n\n"
        '"Every officer on that scene had a working camera," the chief said at the news conference.'
    )
    assert subject_statements(text, "Marlow Falls Police Department")["Every officer on that scene had a working camera"] == "Dana Ortiz"


def test_a_spokesperson_for_the_subjects_office_named_with_a_possessive_is_the_subjects():
    text = "Lt. Rosa Kim, a spokesperson for the sheriff's office, said in an email that overtime came in under budget."
    assert subject_statements(text, "Brandt County Sheriff's Office")


def test_a_politician_described_by_place_and_party_is_the_person_the_story_follows():
    text = '"I have never accepted a trip from anybody who lobbies this building," the Prescott Republican said in February.'
    assert subject_statements(text, "Wade Holt") == {"I have never accepted a trip from anybody who lobbies this building": "Wade Holt"}


def test_an_abbreviated_title_later_called_by_its_role_noun_is_that_person():
    text = (
        "State Sen. Wade Holt filed his disclosure in March. Open Ledger's director, Simone Ash, said the group would complain.\n\n"
        "The senator also told reporters that he had voted against the bill."
    )
    assert subject_statements(text, "Wade Holt")["The senator also told reporters that he had voted against the bill."] == "Wade Holt"


def test_the_quote_after_someone_released_a_statement_is_theirs():
    text = (
        "Viewers complained all weekend.\n\n"
        'On Monday, general manager Brent Oates released a statement. "Dana was not fired. Her contract reached its natural end."'
    )
    said = subject_statements(text, "KQRS-TV")
    assert said["Dana was not fired. Her contract reached its natural end."] == "Brent Oates"


def test_a_quote_attributed_to_a_described_group_is_theirs_not_the_last_speakers():
    text = (
        "Vexa has denied a report by two analysts that it plans a phone.\n\n"
        '"We do not see this as a threat to anyone," the analysts wrote.'
    )
    assert "We do not see this as a threat to anyone" not in subject_statements(text, "Vexa")


def test_a_named_appositive_followed_by_of_is_the_speakers_name_not_a_role():
    text = "Ana Lima denied paying for silence. The senator, Rui Costa of the ruling party, told investigators she had offered money."
    reading = read_article(text, "Ana Lima")
    assert [s.speaker for s in reading.other_statements] == ["Rui Costa"]


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Dane was charged in May. One of his lawyers said the athlete had never owned a gun.",
        'Tomas Dane was charged in May. "He never owned a gun," one of his lawyers said.',
    ],
)
def test_one_of_the_subjects_lawyers_speaks_for_the_subject(text):
    statement = only_statement_containing(text, "Tomas Dane", "owned a gun")
    assert statement.is_subject
    assert statement.speaker == "his lawyer"


def test_one_of_the_companies_after_an_introductory_phrase_is_the_speaker():
    text = (
        "Halvern Pharma makes the inhaler. Despite reports of shortages across the country, one of the "
        "companies that makes the inhaler said it is shipping the product as normal."
    )
    statement = only_statement_containing(text, "Halvern Pharma", "shipping the product")
    assert statement.span.text.startswith("one of the companies that makes the inhaler said")


def test_an_outlet_relaying_a_speaker_is_not_the_speaker():
    text = (
        "Mr Dane's lawyers were in court on Monday. AFP reports Mr Dane's lawyer Pia Roux argued on Tuesday "
        "that the athlete had a loving relationship with his partner."
    )
    reading = read_article(text, "Tomas Dane")
    statement = only_statement_containing(text, "Tomas Dane", "loving relationship")
    assert statement.speaker == "Pia Roux" and statement.is_subject
    assert statement.span.text.startswith("Mr Dane's lawyer Pia Roux argued")
    assert [r.span.text for r in reading.reports] == ["Mr Dane's lawyers were in court on Monday."]


def test_a_relative_clause_between_the_subject_and_its_verb():
    text = (
        "Tarn Mining, which is majority-owned by a holding company and employs about 2,300 people, said in "
        "a statement on Sunday that no effluent had reached the river."
    )
    statement = only_statement_containing(text, "Tarn Mining", "no effluent")
    assert statement.speaker == "Tarn Mining"


def test_a_statement_owned_by_the_subject_speaks_for_it():
    text = "Tarn Mining reported a spill. The company's Sunday statement also said the town's water supply had not been affected."
    statement = only_statement_containing(text, "Tarn Mining", "water supply")
    assert statement.speaker == "Tarn Mining"


@pytest.mark.parametrize(
    "text, subject",
    [
        ("The governor of Norland, Ana Ruiz, on Tuesday defended the school-meals contract, saying it was awarded "
         "through a public tender with six bidders.", "Ana Ruiz"),
        ("The Norland State Government has defended the demolition of the waterfront houses, saying residents "
         "were served removal notices on February 1.", "Norland State Government"),
    ],
)
def test_a_participle_after_the_subjects_act_is_the_subjects_statement(text, subject):
    statement = only_statement(text, subject)
    assert statement.speaker == subject and "saying" in statement.span.text


def test_a_participle_after_another_speakers_act_is_theirs():
    reading = read_article("Police arrested the driver, saying he had been drinking.", "Tomas Dane")
    assert not reading.statements
    assert [s.speaker for s in reading.other_statements] == ["Police"]


@pytest.mark.parametrize(
    "text",
    [
        "Alasdair McKechnie owns the club. But McKechnie said no bid had been accepted.",
        "Alasdair McKechnie owns the club. In January McKechnie said no bid had been accepted.",
    ],
)
def test_words_opening_the_sentence_are_no_part_of_the_speakers_name(text):
    statement = only_statement_containing(text, "Alasdair McKechnie", "no bid")
    assert statement.speaker == "Alasdair McKechnie"


@pytest.mark.parametrize(
    "text, words",
    [
        ("Tarn Mining reported a spill. The company put the volume of the overflow at about 300 cubic metres.", "300 cubic"),
        ("Tarn Mining was hacked. The company had earlier written on its blog that all customer data remain protected.", "data remain"),
        ("Tarn Mining makes copper. In November the company announced it had raised 12 million euros.", "12 million"),
    ],
)
def test_more_ways_of_giving_the_subjects_word(text, words):
    statement = only_statement_containing(text, "Tarn Mining", words)
    assert statement.speaker == "Tarn Mining"


def test_putting_something_elsewhere_than_at_a_figure_is_no_statement():
    reading = read_article("The council put the plan on hold at the meeting.", "Norland Council")
    assert not reading.all_statements


def test_a_capitalised_adjective_in_an_appositive():
    text = "Ada Nwosu was charged. Her manager, Nairobi-based agent Peter Kiplagat, said the missed tests happened during a funeral."
    statement = only_statement_containing(text, "Ada Nwosu", "missed tests")
    assert statement.is_subject
