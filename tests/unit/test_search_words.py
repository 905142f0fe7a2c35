"""How a question's words are read: a lone verb stays a verb, a lone noun ends a compound."""

from __future__ import annotations

from policy_kb.search import lexicon, segment


def test_a_lone_verb_after_a_noun_stays_the_questions_verb():
    verbs = segment.single_verbs()
    assert {"配", "涨", "补"} <= verbs
    assert "金" not in verbs and "卡" not in verbs
    joined = lexicon.attach_single_nouns(
        ["政府", "配", "多少"], segment.is_word, lexicon.STOPWORDS, verbs=verbs
    )
    assert joined[:2] == ["政府", "配"]
    # a lone noun still ends the compound the segmenter did not know: 失业金 is not 失业
    assert (
        lexicon.attach_single_nouns(
            ["失业", "金", "怎么", "领"], segment.is_word, lexicon.STOPWORDS, verbs=verbs
        )[0]
        == "失业金"
    )


def test_a_question_with_a_spoken_verb_is_answered_not_rejected(kb_index):
    _kb, index = kb_index
    result = index.search("洪泽的企业给技能人才加待遇，政府配多少补助")
    assert result.answered
    assert "50%" in result.hits[0].sentence
