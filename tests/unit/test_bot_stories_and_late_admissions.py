"""Long stories ending in one question, a questionnaire given up with a question in the same
breath, 「那引进X呢」 staying on the introduction clause, and a correction said before its
admission (「是技师，写错了」). Real knowledge base and search, in-memory store; the phrasings
are our own."""

from __future__ import annotations

from datetime import date

import pytest

from bot.context import admission_first
from bot.dialogue import Bot
from bot.several import questions_in
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), today=lambda: TODAY)


def _first_lines(text: str, n: int = 3) -> str:
    return "\n".join(text.splitlines()[:n])


# -- 1a: the clause's sentence leads, the worker's facts are judged after it -----------------


@pytest.mark.parametrize(
    "story",
    [
        "我前年从省外被招进洪泽一家造电池的公司，手里是高级技师证书，劳动合同两年，社保缴了八个月，"
        "这笔引进补贴我能拿多少？",
        "俺是外地引进到洪泽的高级技师，在那边厂里劳动合同三年期，社保也缴满十个月了，引进的一次性补贴有多少",
    ],
)
def test_a_story_asking_one_benefit_gets_the_sentence_before_the_verdicts(bot, story):
    lines = bot.on_text("st1", story).text.splitlines()
    sentence = next(i for i, line in enumerate(lines) if "15000元、10000元、5000元" in line)
    verdicts = [i for i, line in enumerate(lines) if line.startswith(("✅", "❌"))]
    assert verdicts and sentence < min(verdicts)
    assert sentence <= 1  # after the worker's own amount at most


# -- 1b: a certificate just got by a local worker is the award, not the introduction ----------


@pytest.mark.parametrize(
    ("story", "amount", "clause"),
    [
        (
            "我在洪泽区一家私人老板的厂子里干了六年，社保一直交着，前几天刚拿到技师证，"
            "车间里说区里会发奖励，我这种情况能拿吗？",
            "3000元",
            "三（三）4",
        ),
        (
            "我在叶集一家民营的板材厂干了四年电工，社保没断过，今年考下了高级工证，"
            "有人讲只有国企的才奖励，民营企业到底有没有？",
            "1000元",
            "实施意见》三",
        ),
        (
            "俺在叶集私营家具厂做了五年木匠，保险一直在交，这回厂里组织考试俺考上了技师，听说有奖金，是真的不",
            "2000元",
            "实施意见》三",
        ),
    ],
)
def test_a_local_worker_newly_certified_gets_the_certificate_award(bot, story, amount, clause):
    text = bot.on_text("st2", story).text
    head = _first_lines(text, 8)
    assert amount in text.splitlines()[0]
    assert "引进" not in text.splitlines()[1]
    assert clause in head


def test_a_worker_who_was_brought_in_still_gets_the_introduction_clause(bot):
    text = bot.on_text(
        "st3", "我是从外地引进到洪泽的技师，劳动合同三年期，社保缴了一年，引进补贴能拿多少"
    ).text
    assert "10000元" in text.splitlines()[0]
    assert "引进" in _first_lines(text)


# -- 1c: one story, one question -------------------------------------------------------------


@pytest.mark.parametrize(
    "story",
    [
        "我在台儿庄做钳工，月初去了区里组织的比赛，捧回一个三等奖，不知道啥时候发钱，按文件能拿多少？",
        "我在洪泽一家私营厂干了六年，今年考上了技师，到现在什么都没拿到，厂里也说不清楚，到底有没有奖励？",
        "你好，我在宿迁做电焊，啥文凭也没有，就一本高级工证，干了五年了，能拿啥补贴？",
    ],
)
def test_a_story_ending_in_one_question_is_not_split(bot, story):
    assert questions_in(story) == []
    assert "①" not in bot.on_text("st4", story).text


def test_two_real_questions_are_still_answered_one_by_one():
    assert len(questions_in("学徒制补贴多少，要交啥材料")) == 2
    assert len(questions_in("洪泽引进技师给多少钱，不知道去哪领")) == 2
    # a time told inside a part that asks still leaves that part a question of its own
    assert len(questions_in("上个礼拜前几天刚考下高级工能给多少，落户又要啥条件")) == 2
    assert len(questions_in("这几年社保补贴有多少？蓝卡去哪办理")) == 2


# -- 1d: a district contest's prize ----------------------------------------------------------


@pytest.mark.parametrize(
    ("story", "amount"),
    [
        (
            "我在台儿庄一个修车厂上班，之前区里住建局搞了个焊工比赛，我得了二等奖，奖金一直没到手，"
            "照规定二等奖应该给多少？",
            "1000元",
        ),
        (
            "我是台儿庄一家机械厂的电工，去年工信局组织技能竞赛我拿了一等奖，说好的奖金没动静，一等奖按文件是多少",
            "2000元",
        ),
        ("我在台儿庄上班，区里的技能比赛我拿了个三等奖，按文件能拿多少？", "500元"),
    ],
)
def test_a_district_contest_prize_is_answered_by_the_prize_sentence(bot, story, amount):
    text = bot.on_text("st5", story).text
    assert amount in text.splitlines()[0]
    assert "2000、1000、500元" in _first_lines(text)
    assert "50万元" not in _first_lines(text)


# -- 2: giving up the questionnaire and asking in one message --------------------------------


@pytest.mark.parametrize(
    ("give_up", "expect"),
    [
        ("不算了 台儿庄学徒制补多少", "4000-6000元"),
        ("算了不测了，洪泽引进技师能拿多少钱", "10000元"),
        ("退出 叶集企业从区外引进技师工资补助按多少", "20%"),
        ("不想测了，台儿庄比赛一等奖发多少", "2000"),
    ],
)
def test_a_message_giving_up_the_questionnaire_with_a_question_is_answered(bot, give_up, expect):
    bot.on_text("st6", "测一测")
    reply = bot.on_text("st6", give_up)
    assert expect in _first_lines(reply.text)
    assert "你在哪个区" not in reply.text
    assert not bot.quiz_active("st6")


def test_a_bare_give_up_still_just_cancels(bot):
    bot.on_text("st7", "测一测")
    reply = bot.on_text("st7", "不测了")
    assert reply.intent == "quiz_cancel"


# -- 3: 「那引进X呢」 keeps the introduction clause --------------------------------------------


@pytest.mark.parametrize(
    "follow_up",
    [
        "那引进中华技能大奖得主呢",
        "要是引进来的是个全国技术能手呢",
        "那引进世界技能大赛中国队选手咧",
    ],
)
def test_introducing_a_title_stays_on_the_introduction_clause(bot, follow_up):
    bot.on_text("st8", "叶集企业从区外招技师，工资补助按多少比例")
    text = bot.on_text("st8", follow_up).text
    assert "50%" in text.splitlines()[0]
    assert "15万元" not in text and "10万元" not in text


# -- 4: the corrected fact first, the admission after it -------------------------------------


@pytest.mark.parametrize(
    ("fix", "amount"),
    [
        ("应该是技师，刚才打错了", "3000元"),
        ("是高级技师，写错了", "4000元"),
        ("哦 技师 刚才说错了", "3000元"),
        ("应该是高级技师 我搞错了", "4000元"),
    ],
)
def test_a_correction_with_the_admission_after_reanswers_the_last_question(bot, fix, amount):
    bot.on_text("st9", "我是高级工，洪泽企业职工拿证能奖多少")
    text = bot.on_text("st9", fix).text
    assert amount in text.splitlines()[0]


def test_the_admission_is_moved_only_after_a_short_fact():
    assert admission_first("俺是技师 打错了") == "打错了，俺是技师"
    assert admission_first("说错了，俺是技师") == "说错了，俺是技师"
    assert admission_first("洪泽引进技师多少") == "洪泽引进技师多少"
    assert admission_first("技师补多少 说错了") == "技师补多少 说错了"


# -- a city's title told with the worker's covered district in the same story ---------------


@pytest.mark.parametrize(
    "story",
    [
        "本人六安市首席技师，在叶集上班，每月补贴多少钱",
        "俺评的六安市首席技师，厂在叶集，按月发的钱有多少",
    ],
)
def test_a_city_title_told_with_the_district_is_that_districts_clause(bot, story):
    text = bot.on_text("st10", story).text
    assert "600元" in text.splitlines()[0]
    assert "暂时没有收录" not in text


def test_a_stacking_question_naming_another_place_is_asked_of_that_place(bot):
    bot.on_text("st-stack", "洪泽拿到技师证有多少奖励")
    reply = bot.on_text("st-stack", "那叶集几项补贴能同时享受吗").text
    first = reply.split("\n")[0]
    assert "不重复享受" in first  # 叶集's own ruling, not 洪泽's silence
    assert "洪泽区产业工人队伍建设实施方案》没有写" not in reply
