"""What a clerk or an admin trips over on a real screen (headless Chromium, 1400 px): menu
items and column headings never break one character a line, and the audit log's details
read in Chinese (金额（元）：600.00), not as program keys (amount_yuan=600.00)."""

from __future__ import annotations

import pytest
from factories.browser import login, screenshot, wait_text
from factories.console import CHIEF_RULE, active_card, actor_of, make_staff
from factories.ledger import open_at_window
from selenium.webdriver.common.by import By

from bluecard.extensions import db
from bluecard.ledger import services as ledger

pytestmark = pytest.mark.e2e

_LINES = """
return Array.from(document.querySelectorAll(arguments[0])).map(function (el) {
  var lh = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.6;
  var range = document.createRange(); range.selectNodeContents(el);
  return [el.textContent.trim(), Math.round(range.getBoundingClientRect().height / lh)];
});
"""


def _broken(driver, css: str) -> list[str]:
    """Texts of the elements matching ``css`` that take more than one line."""
    return [text for text, lines in driver.execute_script(_LINES, css) if text and lines > 1]


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(knowledge=real_knowledge)


def test_menus_and_headings_stay_on_one_line_and_the_audit_log_reads_chinese(app, server, driver):
    with app.app_context():
        clerk, reviewer = make_staff("clerk"), make_staff("reviewer")
        admin = make_staff("admin")
        card = active_card()
        opened = open_at_window(card.id, CHIEF_RULE, actor_of(clerk))
        ledger.decide_application(opened.id, actor_of(reviewer), approve=True)
        db.session.remove()

    login(driver, server, admin.username, shows="审计日志", where="header nav")
    assert len(driver.find_elements(By.CSS_SELECTOR, "header.top nav a")) >= 12
    assert _broken(driver, "header.top nav a") == []

    driver.get(f"{server}/console/cards/{card.id}")
    wait_text(driver, "补贴申请")
    assert _broken(driver, "th") == []
    assert _broken(driver, "td.state") == []

    driver.get(f"{server}/console/ledger")
    wait_text(driver, "资金发放台账", "h1")
    assert _broken(driver, "th") == []
    assert _broken(driver, "table.ledger td.state, table.ledger td.nowrap") == []

    driver.get(f"{server}/console/audit")
    wait_text(driver, "审计日志", "h1")
    assert _broken(driver, "th") == []
    row = driver.find_element(By.XPATH, "//tr[td[normalize-space()='受理补贴申请']]").text
    assert "金额（元）：600.00" in row and "已核对：" in row and "补贴规则：" in row
    assert "amount_yuan" not in row and "checklist" not in row
    approved = driver.find_element(By.XPATH, "//tr[td[normalize-space()='批准补贴申请']]").text
    assert "原状态：已提交" in approved and "新状态：已批准" in approved
    assert _broken(driver, "#audit-filters button, .filters button") == []
    viewed = driver.find_element(By.XPATH, "//tr[td[normalize-space()='查看蓝卡']]").text
    assert "查看完整个人信息：" in viewed and "False" not in viewed
    screenshot(driver, "audit-log-chinese")
