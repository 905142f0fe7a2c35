"""The blue-card form in chat when a worker types more than the field asked (name and 身份证号
together, with a phone), or asks a question in the middle of it (answered, then the step asked
again). Through ``Bot.on_text``, the service core replaced by ``FakeBotServices``."""

from __future__ import annotations

from datetime import date

import pytest
from factories.cards import credit_code, id_number, with_wrong_check
from fakes.bot_services import FakeBotServices

from bot.cardform import asks_instead, fields_in
from bot.dialogue import Bot
from bot.store import MemoryStore

TODAY = date(2026, 3, 1)
PERSON = id_number(birth="19870623", area="320102")
PHONE = "13611112222"


@pytest.fixture
def bot(kb_index):
    kb, index = kb_index
    return Bot(kb, index, MemoryStore(), services=FakeBotServices(), today=lambda: TODAY)


def start(bot, uid):
    reply = bot.on_text(uid, "我想办一张技工蓝卡")
    assert "（1/11）姓名" in reply.text
    return reply


# -- several fields in one message ---------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        f"孙晓峰 {PERSON}",
        f"孙晓峰，身份证号码是{PERSON}",
        f"孙晓峰{PERSON}",
        f"我叫孙晓峰；我的身份证：{PERSON}",
    ],
)
def test_name_and_id_number_in_one_message_fill_both(bot, message):
    start(bot, "f1")
    reply = bot.on_text("f1", message)
    assert reply.intent == "card_form"
    assert "姓名：孙*峰" in reply.text and "身份证号：3201" in reply.text
    assert "（3/11）手机号" in reply.text
    assert PERSON not in reply.text


def test_name_id_and_phone_together_go_on_to_the_skill_level(bot):
    start(bot, "f2")
    reply = bot.on_text("f2", f"姓名 欧阳娜娜 身份证 {PERSON} 电话 {PHONE}")
    assert "（4/11）技能等级" in reply.text
    assert "139" not in reply.text and PHONE not in reply.text and PERSON not in reply.text
    assert "136****2222" in reply.text


def test_a_bad_check_character_names_the_id_number_and_keeps_the_good_name(bot):
    start(bot, "f3")
    reply = bot.on_text("f3", f"钱晓东 {with_wrong_check(PERSON)}")
    assert "已记下 姓名：钱*东" in reply.text
    assert "身份证号校验位不对" in reply.text and "请重新输入身份证号" in reply.text
    assert "（2/11）身份证号" in reply.text
    assert with_wrong_check(PERSON) not in reply.text
    # the name is kept: the right number goes on to the phone
    reply = bot.on_text("f3", PERSON)
    assert "（3/11）手机号" in reply.text


def test_a_short_id_number_typed_with_the_name_says_its_length(bot):
    start(bot, "f4")
    reply = bot.on_text("f4", f"钱晓东 {PERSON[:16]}")
    assert "身份证号应为18位" in reply.text and "（2/11）身份证号" in reply.text


def test_an_id_number_typed_at_the_name_step_is_kept_and_the_name_asked_again(bot):
    start(bot, "f5")
    reply = bot.on_text("f5", PERSON)
    assert "已记下 身份证号：" in reply.text and "（1/11）姓名" in reply.text
    reply = bot.on_text("f5", "周杰")
    assert "（3/11）手机号" in reply.text


def test_employer_and_credit_code_together(bot):
    start(bot, "f6")
    for answer in ("吴敏", PERSON, PHONE, "高级工", "S123456789012", "合肥市职业技能鉴定中心"):
        bot.on_text("f6", answer)
    reply = bot.on_text("f6", "2021年5月20日")
    assert "（8/11）工作单位" in reply.text
    reply = bot.on_text("f6", f"安徽精密制造有限公司，{credit_code()}")
    assert "工作单位：安徽精密制造有限公司" in reply.text
    assert "（10/11）所在地区" in reply.text


def test_a_certificate_number_of_eighteen_digits_stays_the_certificate_number(bot):
    start(bot, "f7")
    for answer in ("吴敏", PERSON, PHONE, "技师"):
        bot.on_text("f7", answer)
    # 18 digits in an ID's shape whose check character is not one: a certificate number
    number = with_wrong_check(id_number(birth="20000101", area="110101"))
    reply = bot.on_text("f7", number)
    assert "（6/11）发证机构" in reply.text


def test_a_valid_id_number_at_the_certificate_step_is_asked_again_not_kept(bot):
    start(bot, "f7b")
    for answer in ("吴敏", PERSON, PHONE, "技师"):
        bot.on_text("f7b", answer)
    other = id_number(birth="19920415", area="341502")
    reply = bot.on_text("f7b", other)
    assert "（5/11）证书编号" in reply.text and "身份证号" in reply.text
    assert other not in reply.text and "已记下" not in reply.text


def test_a_poor_answer_at_a_later_step_is_not_taken_for_a_name(bot):
    start(bot, "f8")
    bot.on_text("f8", f"吴敏 {PERSON} {PHONE}")
    reply = bot.on_text("f8", "没有证书")
    assert "（4/11）技能等级" in reply.text and "已记下" not in reply.text
    # the name was not touched: going back reaches the phone typed last
    back = bot.on_text("f8", "上一步")
    assert "（3/11）手机号" in back.text


def test_fields_in_reads_labels_and_shapes():
    got = fields_in(f"你好，我是韩梅梅。手机号：{PHONE}，证件号{PERSON}", "name", TODAY)
    assert got == {"name": "韩梅梅", "phone": PHONE, "id_number": PERSON}
    # 「电话设备厂」 is an employer, not a phone label: no digits follow it
    assert fields_in("扬州电话设备厂", "employer_name", TODAY) == {
        "employer_name": "扬州电话设备厂"
    }
    # 「技师」 at the name step is a skill level, not a name
    assert fields_in("我是技师", "name", TODAY) == {"skill_level": "技师"}
    # a nod or a poor answer at another step states no field
    assert fields_in("沿用", "skill_level", TODAY) == {}
    assert fields_in("没有证书", "certificate_no", TODAY) == {}


# -- a question in the middle of the form --------------------------------------------------


@pytest.mark.parametrize("question", ["办这个蓝卡有什么好处", "技工蓝卡到底干什么用？"])
def test_a_question_at_the_name_step_is_answered_then_the_name_asked_again(bot, question):
    start(bot, "q1")
    reply = bot.on_text("q1", question)
    assert "社会保险" in reply.text or "社会保障卡" in reply.text
    assert "蓝卡申请还在继续" in reply.text and "（1/11）姓名" in reply.text
    assert "已记下" not in reply.text
    # it was not taken as the name: the next message is
    reply = bot.on_text("q1", "林志强")
    assert "姓名：林*强" in reply.text and "（2/11）身份证号" in reply.text


def test_a_question_naming_no_subject_is_read_as_about_the_card(bot):
    start(bot, "q2")
    bot.on_text("q2", f"林志强 {PERSON}")
    reply = bot.on_text("q2", "那这张卡平时有啥用处")
    assert "蓝卡" in reply.text and "社会保险" in reply.text
    assert "（3/11）手机号" in reply.text
    # inside the form, no tip to type 申请蓝卡
    assert "回复「申请蓝卡」即可" not in reply.text
    assert bot.card_form_active("q2")


def test_a_question_at_a_later_step_and_at_the_summary(bot):
    start(bot, "q3")
    bot.on_text("q3", f"林志强 {PERSON} {PHONE}")
    reply = bot.on_text("q3", "洪泽引进技师给多少钱？")
    assert "10000" in reply.text and "（4/11）技能等级" in reply.text
    for answer in (
        "技师",
        "S000011112222",
        "淮安市职业技能鉴定指导中心",
        "2020-10-01",
        "洪泽精工有限公司",
        credit_code(area="320813"),
        "洪泽",
        "320813000111222",
    ):
        reply = bot.on_text("q3", answer)
    assert reply.intent == "card_confirm"
    reply = bot.on_text("q3", "蓝卡审核要多久")
    assert "请核对你的蓝卡申请" in reply.text and "蓝卡申请还在继续" in reply.text
    assert PERSON not in reply.text and PHONE not in reply.text


def test_the_menu_at_a_form_step_is_shown_then_the_step_again(bot):
    start(bot, "q4")
    reply = bot.on_text("q4", "菜单")
    assert reply.intent == "topics" and "（1/11）姓名" in reply.text


def test_working_out_subsidies_waits_until_the_form_is_done(bot):
    start(bot, "q5")
    reply = bot.on_text("q5", "顺便帮我算算能领多少补贴")
    assert "测一测" in reply.text and "（1/11）姓名" in reply.text
    assert not bot.quiz_active("q5") and bot.card_form_active("q5")


@pytest.mark.parametrize("name", ["何平", "么丽", "钱多多", "包啥"])
def test_names_and_questions_at_the_name_step(bot, name):
    # 何 and 么 are surnames and only 啥 asks: a plausible name is a name
    start(bot, "n-" + name)
    reply = bot.on_text("n-" + name, name)
    if name == "包啥":
        assert "（1/11）姓名" in reply.text and "已记下" not in reply.text
    else:
        assert "已记下 姓名" in reply.text and "（2/11）身份证号" in reply.text


def test_what_counts_as_asking_instead_of_answering():
    for text in ("要收费吗", "卡丢了咋办", "这卡管啥的", "办下来要多久", "谁审核", "帮助"):
        assert asks_instead(text), text
    for text in ("何平", "么丽", "六安呢绒有限公司", "技师", "2024年3月1日", "确认提交", "是的"):
        assert not asks_instead(text), text
    # an identifier being typed is never searched, whatever follows it
    assert not asks_instead(f"身份证{PERSON}对吗")
