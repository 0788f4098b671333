"""Quotes: marks, cues and kinds, on sentences written for these tests and on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.extract.attribution import RULES, Attribution
from claimledger.extract.cues import load_lexicon
from claimledger.extract.pipeline import Extractor, Job, build_nlp
from claimledger.extract.quote_marks import find_marked
from claimledger.extract.quotes import FACTORY, join_runs
from claimledger.records import Quote, Speaker


def quotes(extractor: Extractor, text: str) -> list[Quote]:
    found = list(extractor.extract(Job(text)).quotes)
    for q in found:
        assert 0 <= q.span[0] < q.span[1] <= len(text)
        if q.cue is not None:
            assert 0 <= q.cue[0] < q.cue[1] <= len(text)
    return found


def texts(text: str, found: list[Quote]) -> list[str]:
    return [text[q.span[0] : q.span[1]] for q in found]


def starting(text: str, found: list[Quote], start: str) -> Quote:
    """The one row whose content, or one of whose quoted parts, starts with ``start``."""
    matches = [q for q in found if any(text[s:e].startswith(start)
                                       for s, e in (q.span, *q.quoted))]
    assert len(matches) == 1, (start, texts(text, found))
    return matches[0]


def quoted(text: str, q: Quote) -> list[str]:
    return [text[s:e] for s, e in q.quoted]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("She said “we are ready” today.", ["we are ready"]),
        ('He said "we are ready" and "so are they".', ["we are ready", "so are they"]),
        ("Er sagte „wir sind bereit“ gestern.", ["wir sind bereit"]),
        ("Il a dit «nous sommes prêts» hier.", ["nous sommes prêts"]),
        ("They were called ‘reckless gamblers’ by critics.", ["reckless gamblers"]),
    ],
)
def test_marks_of_every_style(text: str, inside: list[str]) -> None:
    assert [text[m.span[0] : m.span[1]] for m in find_marked(text)] == inside


def test_nested_quote_stays_inside_the_outer_one() -> None:
    text = "“They kept telling us ‘hold the line’ – and we did,” the sergeant said."
    (marked,) = find_marked(text)
    inside = text[marked.span[0] : marked.span[1]]
    assert inside == "They kept telling us ‘hold the line’ – and we did,"


def test_apostrophes_and_inches_are_not_quotes() -> None:
    assert find_marked("The farmers’ union can’t say it wasn’t a 5\" rainfall.") == []


def test_quote_over_several_paragraphs() -> None:
    text = "“The first part of the answer runs on.\n“And the second part ends it,” he said.\nAfter."
    (marked,) = find_marked(text)
    assert text[marked.span[0] : marked.span[1]].endswith("ends it,")
    assert marked.span[0] == 1 and marked.closed


def test_stray_mark_stops_at_its_paragraph() -> None:
    text = "The mayor said “we will rebuild the bridge by spring\nThe council met.\n“Yes.”"
    marked = find_marked(text)
    assert [text[m.span[0] : m.span[1]] for m in marked] == [
        "we will rebuild the bridge by spring",
        "Yes.",
    ]
    assert not marked[0].closed


def test_unbalanced_marks_never_crash() -> None:
    for text in ["“", "”", "“”", "'", "„a", "a«", "\n“\n“\n", "“a\n”b"]:
        find_marked(text)


def test_direct_quote_with_pronoun_cue(extractor: Extractor) -> None:
    text = (
        "Maria Lopez, the harbour master, inspected the damage on Friday.\n"
        "“The storm wrecked half of the moorings,” she said."
    )
    q = starting(text, quotes(extractor, text), "The storm")
    assert q.kind == "direct"
    assert text[q.span[0] : q.span[1]] == "The storm wrecked half of the moorings,"
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == "said"
    assert q.speaker is not None and q.speaker.name == "Maria Lopez"
    assert text[q.speaker.mention[0] : q.speaker.mention[1]] == "she"


def test_quote_interrupted_by_its_cue_is_one_attribution(extractor: Extractor) -> None:
    text = "“Nobody will come back,” Jonas Berg said, “unless the wages rise.”"
    (q,) = quotes(extractor, text)
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.name == "Jonas Berg"
    assert [text[s:e] for s, e in q.quoted] == ["Nobody will come back,", "unless the wages rise."]


def test_a_quote_inside_its_speakers_statement_is_part_of_it(extractor: Extractor) -> None:
    text = "Ines Duarte said the new levy would “cost jobs in every town” by next spring."
    (q,) = quotes(extractor, text)
    assert q.kind == "indirect" and q.speaker is not None and q.speaker.name == "Ines Duarte"
    assert text[q.span[0] : q.span[1]].startswith("the new levy")
    assert [text[s:e] for s, e in q.quoted] == ["cost jobs in every town"]


def test_a_nested_report_of_someone_else_stays_two_rows(extractor: Extractor) -> None:
    text = "The minister said the mayor believes the bridge will reopen in May."
    found = quotes(extractor, text)
    assert sorted(q.speaker.name for q in found if q.speaker) == ["The minister", "the mayor"]


def test_a_quote_going_on_in_its_paragraph_is_one_attribution(extractor: Extractor) -> None:
    text = ("“The river rose in an hour,” said Tomas Reyes. “We lost the bakery and the "
            "school.”\nThe rain stopped on Friday.")
    (q,) = quotes(extractor, text)
    assert q.speaker is not None and q.speaker.name == "Tomas Reyes"
    assert quoted(text, q) == ["The river rose in an hour,", "We lost the bakery and the school."]


def test_a_statement_and_a_quote_through_one_cue_are_one_attribution() -> None:
    """The parse may end a statement before the quote its cue reports as well ("told
    voters that he would be “in charge of the economy,” especially “in the towns”"):
    one speaker and one cue in a paragraph are one attribution."""
    text = "Lind told voters that he would be “in charge of the economy,” especially here."
    lind = Speaker("Lind", None, (0, 4))
    statement = Attribution((17, 33), "indirect", lind, (5, 9), rule="clause")
    quote = Attribution((35, 60), "direct", lind, (5, 9), rule="governor")
    (row,) = join_runs([statement, quote], text)
    assert row.content == (17, 60) and row.kind == "indirect" and row.rule == "clause"
    assert row.quoted == ((35, 60),)
    other = Attribution((35, 60), "direct", Speaker("Reyes", None, (70, 75)), (5, 9))
    assert len(join_runs([statement, other], text)) == 2, "another speaker: two rows"
    apart = text[:33] + "\n" + text[34:]
    assert len(join_runs([statement, quote], apart)) == 2, "another paragraph: two rows"


def test_a_quotation_mark_glued_to_its_cue_is_split_from_it(extractor: Extractor) -> None:
    """Scraped text loses the space after a comma: "said,“Look" is three tokens, so the
    quote keeps its cue and speaker."""
    text = "Mayor Anna Lind spoke on Friday. Lind said,“Look, the dikes will hold this winter.”"
    (q,) = quotes(extractor, text)
    assert q.speaker is not None and q.speaker.name == "Anna Lind"
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == "said"


def test_inverted_cue(extractor: Extractor) -> None:
    text = "“We ran out of water on the second day,” said Petra Novak, a volunteer medic."
    q = starting(text, quotes(extractor, text), "We ran out")
    assert q.speaker is not None and q.speaker.name == "Petra Novak"
    assert q.speaker.role == "volunteer medic"


def test_cue_after_a_long_apposition(extractor: Extractor) -> None:
    text = (
        "“The bus has not come on time once this winter,” Agnes Moller, 71, a retired "
        "school librarian from the northern suburbs of Aarhus, said on Tuesday."
    )
    q = starting(text, quotes(extractor, text), "The bus")
    assert q.speaker is not None and q.speaker.name == "Agnes Moller"


def test_quote_without_cue_continues_the_speaker(extractor: Extractor) -> None:
    text = (
        "Colonel Ruth Adeyemi spoke to reporters at the base. “Supplies are late,” she warned. "
        "“We cannot hold out for another month without them.”"
    )
    q = starting(text, quotes(extractor, text), "We cannot")
    assert q.speaker is not None and q.speaker.name == "Ruth Adeyemi"
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == "warned", "one row, one cue"
    assert quoted(text, q)[-1].startswith("We cannot")


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        (
            "The regional governor said that the dam would be repaired before winter.",
            "that the dam would be repaired before winter",
            "said",
            "The regional governor",
        ),
        (
            "Two thirds of the wells have dried up, according to aid workers in the area.",
            "Two thirds of the wells have dried up",
            "according to",
            "aid workers in the area",
        ),
        (
            "Ines Moreau told the committee the accounts had been falsified for years.",
            "the accounts had been falsified for years",
            "told",
            "Ines Moreau",
        ),
        (
            "Economists warned that prices would keep climbing through the spring.",
            "that prices would keep climbing through the spring",
            "warned",
            "Economists",
        ),
        (
            "The shelter is already full, the charity's director estimated.",
            "The shelter is already full",
            "estimated",
            "the charity's director",
        ),
        # a passive: the agent speaks, the subject is what they rejected
        (
            "The levy was rejected by 58 percent of voters in the canton.",
            "The levy",
            "rejected",
            "58 percent of voters in the canton",
        ),
        (
            "Grain exports will fall by a third this year, as the farm ministry noted on Monday.",
            "Grain exports will fall by a third this year",
            "noted",
            "the farm ministry",
        ),
        # a dateline ends before the story's first sentence, never its subject
        (
            "KHARKIV (Reuters) — Olena Shevchuk told reporters that the shelters were full.",
            "that the shelters were full",
            "told",
            "Olena Shevchuk",
        ),
        (
            "Flood warning\n\nRotterdam, Feb. 3 (AFP) – Two water boards and the port "
            "authority agreed that the barrier must close tonight.",
            "that the barrier must close tonight",
            "agreed",
            "Two water boards and the port authority",
        ),
        # the clause hangs on "statement", not on "said"
        (
            "The mayor said in a statement that the bridge would reopen in May.",
            "that the bridge would reopen in May",
            "said",
            "The mayor",
        ),
        ("Majorities in both parties said yes.", "yes", "said", "Majorities in both parties"),
        # the listener of "told" is no content alone, but with a request it is part of it
        (
            "The coach told the players to stay calm.",
            "the players to stay calm",
            "told",
            "The coach",
        ),
        # "to" after a speech verb names the listener, not what was said
        (
            "The governor complained bitterly about the budget to the council.",
            "the budget",
            "complained",
            "The governor",
        ),
        (
            "The mayor spoke to reporters about the flood defences.",
            "the flood defences",
            "spoke",
            "The mayor",
        ),
        # the phrases after an object complete it; when and where it was said do not
        (
            "The minister described the plan as a gamble with savings on Tuesday.",
            "the plan as a gamble with savings",
            "described",
            "The minister",
        ),
        (
            "Unions accused the airline of hiding its losses from regulators.",
            "the airline of hiding its losses from regulators",
            "accused",
            "Unions",
        ),
        (
            "The reporter asked if the border would stay closed.",
            "if the border would stay closed",
            "asked",
            "The reporter",
        ),
        (
            "The senator is calling for the government to release the files.",
            "for the government to release the files",
            "calling",
            "The senator",
        ),
        # "likely to" passes the subject of "were" on to the cue
        (
            "Younger voters were more likely to support the new levy.",
            "the new levy",
            "support",
            "Younger voters",
        ),
        # a verb outside the lexicon reports an explicit "that" clause
        (
            "Dock workers swore on Friday that the strike would go on.",
            "that the strike would go on",
            "swore",
            "Dock workers",
        ),
        # a passive participle with its agent reports the noun it describes
        (
            "The league chose a merger, an option seen by the club owners as a lifeboat.",
            "an option seen by the club owners as a lifeboat",
            "seen",
            "the club owners",
        ),
        # an object of its own beats the rest of the sentence, even after a comma
        (
            "The union pushed for a strike, while the mayor has dismissed the plan as reckless.",
            "the plan as reckless",
            "dismissed",
            "the mayor",
        ),
        (
            "Forty percent would vote for the mayor, whereas a mere six percent would vote "
            "for the challenger.",
            "the challenger",
            "vote",
            "a mere six percent",
        ),
        # the parser takes the "that" clause for a relative clause of "conference"
        (
            "Courted by every party in the region, the shipping magnate said on Friday during a "
            "press conference that he may wait until the spring primaries to decide who to back.",
            "that he may wait until the spring primaries to decide who to back",
            "said",
            "the shipping magnate",
        ),
        # a document speaks for whoever gave or issued it
        (
            "The dam will hold, according to a statement from the water ministry.",
            "The dam will hold",
            "according to",
            "the water ministry",
        ),
        # a bare "be": what the source says is the subject
        (
            "That’s according to new figures from the port authority.",
            "That",
            "according to",
            "new figures from the port authority",
        ),
        # the subject is found five heads up, and through a noun with an infinitive
        (
            "She will be able to sign up donors and win endorsements by citing her results.",
            "her results",
            "citing",
            "She",
        ),
        (
            "The two mayors made a promise to support the new tram line.",
            "the new tram line",
            "support",
            "The two mayors",
        ),
        # a light verb's noun reports its prepositional object, not a time
        (
            "The minister made a statement on Monday about the strike.",
            "the strike",
            "statement",
            "The minister",
        ),
        ("The mayor made the case for a new bridge.", "a new bridge", "case", "The mayor"),
        # a content ending inside a quote keeps the closing mark
        (
            "The minister signed the decree, which she described as “a last resort.”",
            "which she described as “a last resort.”",
            "described",
            "she",
        ),
    ],
)
def test_indirect_speech(
    extractor: Extractor, text: str, content: str, cue: str, speaker: str
) -> None:
    q = starting(text, quotes(extractor, text), content)
    assert q.kind == "indirect"
    assert text[q.span[0] : q.span[1]] == content
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == cue
    assert q.speaker is not None and text[q.speaker.mention[0] : q.speaker.mention[1]] == speaker


def test_nested_statement_is_kept_with_its_own_speaker(extractor: Extractor) -> None:
    text = "The minister said that economists believe prices will rise next year."
    found = quotes(extractor, text)
    outer = starting(text, found, "that economists believe")
    inner = starting(text, found, "prices will rise")
    assert outer.speaker is not None and outer.speaker.name == "The minister"
    assert inner.speaker is not None and inner.speaker.name == "economists"


def test_statement_reaching_past_a_partial_quote_is_kept(extractor: Extractor) -> None:
    text = (
        "The minister says he respects the unions and calls their leader "
        "“a tough but fair negotiator.”"
    )
    (q,) = quotes(extractor, text)
    assert text[q.span[0] : q.span[1]].startswith("he respects the unions")
    assert q.kind == "indirect" and quoted(text, q) == ["a tough but fair negotiator."]


def test_colon_attribution(extractor: Extractor) -> None:
    text = "Okafor: the ceasefire will not survive the week"
    q = starting(text, quotes(extractor, text), "the ceasefire")
    assert q.speaker is not None and q.speaker.name == "Okafor"


def test_the_verb_governing_a_quote_beats_a_nearer_verb(extractor: Extractor) -> None:
    text = (
        "Mayor Ilse Lind said, “The dikes will hold this winter and the next,” "
        "before the council voted."
    )
    (q,) = [q for q in quotes(extractor, text) if q.kind == "direct"]
    assert q.speaker is not None and q.speaker.name == "Ilse Lind"
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == "said"


def test_a_subordinate_clause_is_no_parenthetical_cue(extractor: Extractor) -> None:
    """", after the interview concluded," is when, not who said the sentence."""
    text = ("Later in the show, after the interview concluded, the host stated that the "
            "report was poor.")
    (q,) = quotes(extractor, text)
    assert text[q.span[0] : q.span[1]] == "that the report was poor"
    assert q.speaker is not None and q.speaker.name == "the host"


def test_adding_to_a_lead_says_nothing(extractor: Extractor) -> None:
    assert quotes(extractor, "The governor added to her lead with wins in three counties.") == []


def test_headline_surname_before_a_colon_speaks(extractor: Extractor) -> None:
    """The tagger reads a lone "Sanders" as a plural noun; the full name later in the
    article makes it a label. "Update:" stays an editorial label."""
    text = (
        "Sanders: the primary was rigged\n\nUpdate: the count resumes at noon.\n\n"
        "Bernie Sanders spoke in Iowa on Monday."
    )
    found = quotes(extractor, text)
    q = starting(text, found, "the primary")
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == ":"
    assert q.speaker is not None and text[q.speaker.mention[0] : q.speaker.mention[1]] == "Sanders"
    assert not [t for t in texts(text, found) if t.startswith("the count")]


def test_transcript_turn_runs_to_the_end_of_its_paragraph(extractor: Extractor) -> None:
    text = (
        "The panel met on Tuesday.\n\nMARTA OKONJO: The convoy left at dawn. It reached the "
        "border by noon.\n\nUpdate: the convoy has crossed."
    )
    found = quotes(extractor, text)
    q = starting(text, found, "The convoy")
    assert text[q.span[0] : q.span[1]] == "The convoy left at dawn. It reached the border by noon"
    assert q.speaker is not None and q.speaker.name == "MARTA OKONJO"
    assert not [t for t in texts(text, found) if t.startswith("the convoy has")]


@pytest.mark.parametrize(
    ("text", "start", "name", "cue"),
    [
        # a colon at the end of a paragraph introduces the block quote below it
        ("Mayor Ilse Vandermeer spoke to farmers in Dendermonde.\n\nVandermeer went on:\n\n"
         "“The dikes held this winter, and next winter they will hold again.”",
         "The dikes", "Ilse Vandermeer", "went"),
        # the nearest reporting verb, not any verb closer to the colon
        ("The union answered with words that might have come from the minister herself: "
         "“Do not lecture us about budgets we never saw.”", "Do not", "The union", "answered"),
        # a bare name and a colon, in a headline with single marks
        ("Okafor: ‘The ceasefire will not survive another week of shelling’",
         "The ceasefire", "Okafor", ":"),
        # a dash ends the clause a colon closes: the name after it speaks
        ("Turnout was lower in the north this year - Maria Kovacs: “The weather kept older "
         "voters at home, and the buses stopped early.”", "The weather", "Maria Kovacs", ":"),
        # the parser makes the lawyer an apposition of the newspaper, not the subject
        ("In an email to the\u00a0Courier, the club's lawyer, Anna Weiss, said: “The stadium "
         "deal was signed in good faith.”", "The stadium", "Anna Weiss", "said"),
        # “according to” before the quote gives its source
        ("According to the regional broadcaster, “the bridge will stay shut until the spring "
         "floods are over.”", "the bridge", "the regional broadcaster", "According to"),
    ],
)
def test_quote_introduced_before_it(extractor: Extractor, text: str, start: str, name: str,
                                    cue: str) -> None:
    q = starting(text, quotes(extractor, text), start)
    assert q.speaker is not None and q.speaker.name == name
    assert text[q.speaker.mention[0] : q.speaker.mention[1]].endswith(name.split()[-1])
    assert text[q.speaker.mention[0]].isalpha()
    assert q.cue is not None and text[q.cue[0] : q.cue[1]] == cue


def test_partial_quote_inside_a_statement(extractor: Extractor) -> None:
    text = "The villagers felt they had been “left to rot”, mayor Tomas Lind said."
    q = starting(text, quotes(extractor, text), "left to rot")
    assert q.kind == "indirect" and quoted(text, q) == ["left to rot"]
    assert q.speaker is not None and q.speaker.name == "Tomas Lind"


@pytest.mark.parametrize(
    ("text", "start", "name"),
    [
        # the parser hangs the "that" clause on the relative clause, not on "said"
        (
            "Mayor Ines Falk said following a debate in 2019 which the council lost that she "
            "had “grave doubts about the contractor.”",
            "grave doubts",
            "Ines Falk",
        ),
        (
            "The minister warned repeatedly during the session of “a reckless gamble with "
            "pensions.”",
            "a reckless gamble",
            "The minister",
        ),
    ],
)
def test_partial_quote_after_a_cue_whose_statement_was_missed(
    extractor: Extractor, text: str, start: str, name: str
) -> None:
    q = starting(text, quotes(extractor, text), start)
    assert q.kind == "partial"
    assert q.speaker is not None and q.speaker.name == name


def test_scare_quotes_and_titles_are_not_quotes(extractor: Extractor) -> None:
    text = "The so-called “peace dividend” never arrived, and the film “Dust” flopped."
    assert quotes(extractor, text) == []


def test_programme_titles_are_not_quotes(extractor: Extractor) -> None:
    text = ("The senator told CNN’s “State of the Union” that the bill was dead, and repeated "
            "it on “Meet the Press.” Critics called the bill “A Very Bad Deal” on Monday.")
    found = quotes(extractor, text)
    parts = texts(text, found) + [w for q in found for w in quoted(text, q)]
    assert not [t for t in parts if t.startswith(("State of", "Meet the"))]
    assert "A Very Bad Deal" in parts  # capitals alone do not make a title


def test_quoted_dates_and_numbers_are_not_quotes(extractor: Extractor) -> None:
    text = 'Archive entry\n\n"12 / 07 / 2016 - 14:05 / 0003"\n\nThe flood report follows.'
    assert quotes(extractor, text) == []


def test_stray_mark_does_not_swallow_the_article(extractor: Extractor) -> None:
    text = "The minister said “we will act\n" + "The weather stayed dry all week.\n" * 30
    for q in quotes(extractor, text):
        assert q.span[1] <= text.index("\n")


# The seed articles: rows A6-A11 and B6-B10 of ../shared/seed-articles/EXPECTED.md.

SEED_QUOTES = [
    ("000", "like animals", "partial", "Anna Skorokhod"),
    ("000", "Many will never return, because", "direct", "Anna Skorokhod"),
    ("000", "deserve the right to return home", "direct", "Anna Skorokhod"),
    ("000", "that while the figure does not represent", "indirect", "Anna Skorokhod"),
    ("000", "that another notable problem is corruption", "indirect", "Anna Skorokhod"),
    ("000", "The chief reasons for Ukrainian soldiers", "indirect", "local officials and media"),
    ("001", "The number of our deserters", "direct", "Ihor Romanenko"),
    ("001", "They think that from the legal standpoint", "direct", "Ihor Romanenko"),
    ("001", "They shouldn't be allowed to vote", "direct", "Yevhen Galasiyk"),
    ("001", "There's zero training", "direct", "Tymofey"),
    ("001", "They don't care that I won't survive", "direct", "Tymofey"),
]


@pytest.mark.shared
@pytest.mark.parametrize(("seed", "start", "kind", "speaker"), SEED_QUOTES)
def test_seed_quotes(
    extractor: Extractor, seeds: dict[str, str], seed: str, start: str, kind: str, speaker: str
) -> None:
    text = seeds[seed]
    q = starting(text, quotes(extractor, text), start)
    if kind == "partial":  # part of the speaker's statement, its words kept as quoted
        assert any(w.startswith(start) for w in quoted(text, q))
    else:
        assert q.kind == kind
    assert q.speaker is not None and q.speaker.name is not None
    assert q.speaker.name.startswith(speaker)


@pytest.mark.shared
def test_seed_nested_quote_is_one_quote(extractor: Extractor, seeds: dict[str, str]) -> None:
    text = seeds["000"]
    found = texts(text, quotes(extractor, text))
    assert not any(t.startswith("you will return only after victory") for t in found)
    assert any("you will return only after victory" in t for t in found)


@pytest.mark.shared
def test_seed_speaker_details(extractor: Extractor, seeds: dict[str, str]) -> None:
    text = seeds["001"]
    found = quotes(extractor, text)
    romanenko = starting(text, found, "The number of our deserters").speaker
    assert romanenko is not None and romanenko.role is not None
    assert "Lieutenant General" in romanenko.role and "former deputy head" in romanenko.role
    assert text[romanenko.mention[0] : romanenko.mention[1]] == "he"
    anonymous = starting(seeds["000"], quotes(extractor, seeds["000"]), "The chief reasons").speaker
    assert anonymous is not None and anonymous.anonymous


def test_a_lexicon_built_elsewhere_replaces_the_packaged_one(tmp_path: Path) -> None:
    """``bench/eval_quotes.py --cues`` measures rules against a lexicon that never saw
    the articles scored: the component's ``cues`` config names it."""
    packaged = load_lexicon()
    assert "grumble" not in packaged.verbs and "say" in packaged.frame_verbs("clause")
    lexicon = tmp_path / "cues.tsv"
    lexicon.write_text("# lemma\tpos\tas_cue\tseen\ngrumble\tVERB:clause\t3\t4\n", "utf-8")
    other = load_lexicon(lexicon)
    assert "grumble" in other.frame_verbs("clause") and "grumble" not in other.frame_verbs("object")
    assert "say" in other.verbs  # a news verb in any lexicon
    assert "endorse" not in other.verbs and "endorse" in packaged.verbs  # learnt only
    nlp = build_nlp()
    text = "The mayor grumbled the budget was too small."
    assert not list(nlp(text)._.quotes)
    nlp.replace_pipe(FACTORY, FACTORY, config={"cues": str(lexicon)})
    [row] = nlp(text)._.quotes
    assert text[slice(*row.span)] == "the budget was too small" and row.rule == "clause"


def test_rules_are_config_named_recorded_and_ordered() -> None:
    """Each row says which rule found it; a rule left out of the config finds nothing,
    and quote finders are tried in the configured order."""
    nlp = build_nlp()
    text = ("The mayor said that the levee would hold.\n"
            "Her deputy vowed to stay until dawn.\n"
            "Ann Lee told reporters in Leeds on Monday night: “We are ready for the water "
            "tonight and we will stay.”\n")
    rows = {text[slice(*q.span)]: q.rule for q in nlp(text)._.quotes}
    # The quote is the complement of "told": the statement's rule found its speaker.
    assert rows == {"that the levee would hold": "clause", "to stay until dawn": "object",
                    "We are ready for the water tonight and we will stay.": "clause"}
    nlp.replace_pipe(FACTORY, FACTORY, config={"rules": [r for r in RULES if r != "object"]})
    assert "object" not in {q.rule for q in nlp(text)._.quotes}
    finders = [r for r in RULES if r not in ("clause", "object", "governor")]
    nlp.replace_pipe(FACTORY, FACTORY, config={"rules": finders})
    assert [q.rule for q in nlp(text)._.quotes] == ["colon_intro"]
    later = [r for r in finders if r != "colon_intro"] + ["colon_intro"]
    nlp.replace_pipe(FACTORY, FACTORY, config={"rules": later})
    [row] = nlp(text)._.quotes
    assert row.rule == "cue_before" and row.speaker is not None and row.speaker.name == "Ann Lee"
    # With no finder but "unattributed" the quote stays, without a speaker; without it, it goes.
    nlp.replace_pipe(FACTORY, FACTORY, config={"rules": ["unattributed"]})
    assert [(q.rule, q.speaker) for q in nlp(text)._.quotes] == [("unattributed", None)]
    nlp.replace_pipe(FACTORY, FACTORY, config={"rules": ["according_to"]})
    assert not nlp(text)._.quotes
    with pytest.raises(ValueError, match="unknown attribution rules"):
        nlp.replace_pipe(FACTORY, FACTORY, config={"rules": ["clause", "telepathy"]})


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said the farmers want to build a second bridge over the river.",
        "The union said that the drivers had vowed to strike until the ferry sails again.",
    ],
)
def test_an_object_frame_inside_a_report_is_part_of_it(extractor: Extractor, text: str) -> None:
    """"want to build a bridge", "vowed to strike" inside what someone said are what was said,
    not a second statement with its own source."""
    (q,) = quotes(extractor, text)
    assert q.speaker is not None and q.speaker.name.lower().startswith("the ")
    assert q.rule == "clause"


@pytest.mark.parametrize("gap", [" ", "\n\n"])
def test_a_quote_going_on_after_a_nested_report_keeps_the_outer_speaker(
    extractor: Extractor, gap: str
) -> None:
    """The statement ending right before a quote with no cue of its own may hold another
    one ending at the same word; the quote goes on for the outermost speaker."""
    text = ("Ana Ruiz said that for years some critics had been predicting the closure of "
            f"the ferry, but this would not happen.{gap}“The boats will keep running all "
            "winter.”")
    q = starting(text, quotes(extractor, text), "The boats")
    assert q.speaker is not None and q.speaker.name == "Ana Ruiz"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("According to the ministry, the mayor said that the bridge will reopen in May.",
         "the ministry"),
        ("Mayor Lind: the engineers said the bridge will reopen in May.", "Lind"),
    ],
)
def test_a_statement_inside_a_whole_sentence_attribution_is_part_of_it(
    extractor: Extractor, text: str, speaker: str
) -> None:
    """"According to X, ..." and "X: ..." attribute the whole sentence; a report inside
    it is what X gives, not a second row."""
    (q,) = quotes(extractor, text)
    assert q.speaker is not None and q.speaker.name == speaker


def test_british_spellings_of_learnt_cues_are_cues(tmp_path: Path) -> None:
    lexicon = tmp_path / "cues.tsv"
    lexicon.write_text("# lemma\tpos\tas_cue\tseen\nscrutinize\tVERB:clause\t3\t4\n"
                       "analyze\tVERB:clause\t3\t4\n", "utf-8")
    found = load_lexicon(lexicon).frame_verbs("clause")
    assert {"scrutinize", "scrutinise", "analyze", "analyse"} <= found
    nlp = build_nlp()
    nlp.replace_pipe(FACTORY, FACTORY, config={"cues": str(lexicon)})
    text = "The auditor scrutinised whether the port had paid its debts."
    [row] = nlp(text)._.quotes
    assert text[slice(*row.cue)] == "scrutinised"


def test_words_of_a_statement_before_its_quote_stay_in_it(extractor: Extractor) -> None:
    """A statement mostly one direct quote is that quote only when it starts with it:
    "the farmers deserve" is part of what was said, not the reporter's words."""
    text = ("The harbour master said the farmers deserve “to know when the dredging of the "
            "channel will start.”")
    (q,) = quotes(extractor, text)
    assert text[slice(*q.span)].startswith("the farmers deserve “to know")
    assert quoted(text, q) == ["to know when the dredging of the channel will start."]
    assert q.speaker is not None and q.speaker.name == "The harbour master"



def test_a_verb_right_before_a_quote_gives_its_speaker(extractor: Extractor) -> None:
    """Any verb with a subject, a comma, then the quote: "continued" is in no lexicon."""
    text = ("The mayor of the river town continued, “We will rebuild every house before the "
            "winter comes.”")
    (q,) = quotes(extractor, text)
    assert q.rule == "verb_before"
    assert q.speaker is not None and q.speaker.name == "The mayor of the river town"


def test_a_title_case_headline_is_read_in_sentence_case(extractor: Extractor) -> None:
    """The tagger takes every capitalised word of a headline for a name; the copy in
    sentence case keeps the names the body writes with capitals (Tom Berg, Ilse Lind)."""
    text = ("Veteran Harbour Master Tom Berg Endorses Ilse Lind For Mayor.\n\n"
            "The harbour master, Tom Berg, backed Ilse Lind on Monday, a week before the vote.")
    found = quotes(extractor, text)
    head = [q for q in found if q.span[1] <= text.index("\n")]
    assert [(text[slice(*q.span)], q.rule) for q in head] == [("Ilse Lind For Mayor", "headline")]
    assert head[0].speaker is not None and head[0].speaker.name == "Tom Berg"
    assert head[0].cue is not None and text[slice(*head[0].cue)] == "Endorses"
    nlp = build_nlp()
    nlp.replace_pipe(FACTORY, FACTORY, config={"rules": [r for r in RULES if r != "headline"]})
    assert all(q.span[0] > text.index("\n") for q in nlp(text)._.quotes)
