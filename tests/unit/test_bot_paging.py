"""Long answers are paged to fit WeChat's 2048-byte passive reply."""

from bot.paging import MORE_HINT, paginate, utf8_len
from bot.reply import MAX_REPLY_BYTES


def test_short_text_is_one_page_without_hint():
    assert paginate("技师：10000元") == ["技师：10000元"]


def test_long_chinese_text_fits_every_page_and_loses_nothing():
    lines = [f"第{i}条：" + "对引进的高技能人才给予一次性补贴。" * 6 for i in range(40)]
    text = "\n".join(lines)
    pages = paginate(text)
    assert len(pages) > 1
    assert all(utf8_len(p) <= MAX_REPLY_BYTES for p in pages)
    assert all(p.endswith(MORE_HINT) for p in pages[:-1])
    assert not pages[-1].endswith(MORE_HINT)
    rebuilt = "".join(p.removesuffix("\n" + MORE_HINT).replace("\n", "") for p in pages)
    assert rebuilt == text.replace("\n", "")


def test_a_single_line_longer_than_a_page_is_cut_at_sentence_ends():
    sentence = "缴纳6个月以上社会保险的给予补贴。"
    text = sentence * 300  # one line, ~15 kB
    pages = paginate(text)
    assert all(utf8_len(p) <= MAX_REPLY_BYTES for p in pages)
    body = pages[0].removesuffix("\n" + MORE_HINT)
    assert body.endswith("。"), "a page should end at a sentence end when one is available"


def test_emoji_and_multibyte_are_never_split_mid_character():
    text = "🎉补贴" * 2000
    for page in paginate(text):
        page.encode("utf-8").decode("utf-8")  # would raise on a broken character
        assert utf8_len(page) <= MAX_REPLY_BYTES


def test_items_are_never_split_across_pages():
    from bot.paging import paginate_items

    items = [f"· 第{i}条相关条款：" + "对引进的高技能人才给予一次性补贴。" * 12 for i in range(8)]
    pages = paginate_items("👉 技师：10000元\n出处", items, first_hint="（回复「更多」看原文）")
    assert pages[0].startswith("👉 技师：10000元") and pages[0].endswith("（回复「更多」看原文）")
    assert all(utf8_len(p) <= MAX_REPLY_BYTES for p in pages)
    for item in items:
        assert sum(item in page for page in pages) == 1, "each item whole on exactly one page"


def test_packed_pages_fill_up_and_keep_items_whole():
    from bot.paging import paginate_packed

    items = [
        f"{i}. 补贴{i}：一次性5000元\n   依据：洪办发〔2021〕10号 三（三）1" * 6 for i in range(20)
    ]
    pages = paginate_packed(items)
    assert len(pages) > 1 and all(utf8_len(p) <= MAX_REPLY_BYTES for p in pages)
    assert items[0] in pages[0] and items[1] in pages[0], "the first page is filled"
    for item in items:
        assert sum(item in page for page in pages) == 1
