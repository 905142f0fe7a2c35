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


def test_a_question_with_a_spoken_verb_is_answered_not_rejected(index):
    result = index.search("洪泽的企业给技能人才加待遇，政府配多少补助")
    assert result.answered
    assert "50%" in result.hits[0].sentence


def test_function_words_and_doubled_characters_of_a_story_are_not_its_topic(index):
    q = index._analyse("想查查除了奖金以外这次评上技师还有啥", None)
    assert "查查" not in q.content and "除了" not in q.content and "这次" not in q.content
    assert "奖金" in q.content and "技师" in q.content


def test_a_long_story_with_chatty_words_is_answered_from_its_ask(index):
    result = index.search(
        "我爱人在洪泽一家机械厂上班，上个月厂里派他去参加区里的技能大赛，"
        "拿了个三等奖，想问问到底能奖多少钱，还能不能晋一级？"
    )
    assert result.answered
    assert result.hits[0].doc_id == "hongze-2021"
    assert "2000元" in result.hits[0].text


def test_how_many_of_a_thing_is_about_the_thing(index):
    # 任务数 (the number of tasks) is about 任务: a county's row of the target table answers
    result = index.search("泗洪县就业见习的任务数是多少")
    assert result.answered
    assert result.hits[0].text.startswith("泗洪县：")


def test_a_service_with_a_modifier_inside_its_name_is_still_that_service(index):
    from policy_kb.search.outside import outside_terms

    assert outside_terms("想办个创业担保贷款") == ["创业贷款"]
    assert outside_terms("住房公积金怎么取") == ["住房公积金"]
    assert not index.search("台儿庄的创业小额贷款能贷多少").answered


def test_hearsay_from_anyone_names_the_topic_of_a_bare_ask():
    from policy_kb.search.focus import focus_text

    story = (
        "我在叶集一家家具厂干了十来年木工，听老乡讲区里对技术能手有一笔奖金，"
        "这是真的吗？一年到底能发多少钱？"
    )
    assert "技术能手" in focus_text(story)


def test_a_bracketed_word_is_found_as_people_write_it_without_brackets(index):
    # the document prints 各县（区）; workers type 各县区
    result = index.search("宿迁各县区多久办一回技能竞赛")
    assert result.answered
    assert "每季度至少组织1次技能竞赛" in result.hits[0].text
