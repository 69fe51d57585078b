"""Finding quoted speech in a paragraph (the reading as a whole is tested in test_attribution.py)."""

from contradict.quotes import find_quotes, is_speech_quote, quote_speaker
from contradict.records import Span
from contradict.segment import sentences


def quoted(text: str) -> list[str]:
    return [q.span.text for q in find_quotes(text, 0, len(text))]


def test_quotes_keep_their_final_stop_and_drop_the_comma_before_the_attribution():
    assert quoted('"It is over," he said. "We lost."') == ["It is over", "We lost."]


def test_apostrophes_do_not_open_or_close_single_quoted_speech():
    text = "The chef's reply was short: 'We don't serve frozen fish, and we never have.'"
    assert quoted(text) == ["We don't serve frozen fish, and we never have."]


def test_a_quote_left_open_runs_to_the_paragraph_end_and_is_flagged():
    text = '"We will appeal the ruling in every court available to us'
    [quote] = find_quotes(text, 0, len(text))
    assert quote.span.text == "We will appeal the ruling in every court available to us"
    assert not quote.balanced


def test_guillemets_and_low_high_marks_are_quotes():
    assert quoted("«Das stimmt nicht», sagte er, und „Wir prüfen das“.") == ["Das stimmt nicht", "Wir prüfen das"]


def test_a_short_scare_quote_is_not_speech_but_a_short_reply_is():
    scare = 'The mayor called the audit a "witch hunt" on Monday.'
    [quote] = find_quotes(scare, 0, len(scare))
    assert not is_speech_quote(scare, quote, Span(0, len(scare), scare))
    reply = '"Absolutely not," she said.'
    [quote] = find_quotes(reply, 0, len(reply))
    assert is_speech_quote(reply, quote, Span(0, len(reply), reply))


def attribution(text: str):
    quotes = find_quotes(text, 0, len(text))
    return quote_speaker(text, quotes[0], sentences(text), quotes)


def test_the_attribution_is_read_after_the_quote_or_before_it():
    assert attribution('"We never met him," said Ana Ruiz, a spokeswoman.')[:2] == ("Ana Ruiz", "said")
    assert attribution('In a statement on Friday, the ministry said: "No permit was issued."')[:2] == ("the ministry", "said")
    assert attribution('The word "unprecedented" appears twice in the filing.') is None
