"""Finance pays in a real headless Chromium (issue 12, done when): three applications approved
by a reviewer; finance makes a batch of one and marks it paid with a voucher number, then a
batch of the other two and imports the bank's result file in which one line failed. The
reconciliation report shows one paid and one failed with the bank's reason, and the failed
application is offered again for the next batch. Only what is on the screen is asserted."""

from __future__ import annotations

import pytest
from factories.browser import login, screenshot, wait_text
from factories.console import actor_of, make_staff
from factories.ledger import YEJI_CHIEF, YEJI_INTRODUCED, make_card, open_at_window
from selenium.webdriver.common.by import By

from bluecard.extensions import db
from bluecard.ledger.services import decide_application, get_application

pytestmark = pytest.mark.e2e


@pytest.fixture
def app(make_app, real_knowledge):
    return make_app(knowledge=real_knowledge)


def _approved(clerk, reviewer, profile, rule):
    holder = make_card(profile)
    app = open_at_window(holder.card_id, rule, clerk)
    decide_application(app.id, reviewer, approve=True)
    return app.id


def test_finance_pays_a_batch_and_reconciles_a_bank_file_in_chromium(app, server, driver, tmp_path):
    with app.app_context():
        clerk, reviewer = actor_of(make_staff("clerk")), actor_of(make_staff("reviewer"))
        first = _approved(clerk, reviewer, YEJI_INTRODUCED, "yeji-intro-living-housing")
        paid = _approved(clerk, reviewer, YEJI_CHIEF, "yeji-chief-technician-allowance")
        failed = _approved(clerk, reviewer, YEJI_CHIEF, "yeji-chief-technician-allowance")
        finance = make_staff("finance")
        db.session.remove()

    login(driver, server, finance.username, "叶集区财政所", shows="发放批次", where="nav")
    driver.find_element(By.LINK_TEXT, "发放批次").click()
    wait_text(driver, "生成发放批次")

    # Batch 1: only the first application, paid with a voucher number.
    for other in (paid, failed):
        driver.find_element(By.ID, f"pick-{other}").click()
    driver.find_element(By.CSS_SELECTOR, "#create-batch button").click()
    wait_text(driver, "已生成发放批次")
    assert driver.find_element(By.ID, "batch-total").text == "30000"
    driver.find_element(By.ID, "reference").send_keys("PZ-2026-1130-01")
    driver.find_element(By.CSS_SELECTOR, "#mark-paid button").click()
    wait_text(driver, "已整批标记为已发放")
    assert driver.find_element(By.ID, "batch-status").text == "已完成"
    row = driver.find_element(By.CSS_SELECTOR, f'tr[data-application="{first}"]')
    assert "已发放" in row.text and "PZ-2026-1130-01" in row.text

    # Batch 2: the other two; the bank pays one and returns the other.
    driver.find_element(By.LINK_TEXT, "← 全部批次").click()
    wait_text(driver, "生成发放批次")
    driver.find_element(By.CSS_SELECTOR, "#create-batch button").click()
    wait_text(driver, "共 2 笔")
    bank = tmp_path / "银行回盘.csv"
    bank.write_text(
        "申请编号,金额,结果,原因,流水号\n"
        f"{paid},600.00,成功,,B20261130001\n"
        f"{failed},600.00,失败,账户已冻结,B20261130002\n",
        encoding="utf-8",
    )
    driver.find_element(By.ID, "bank-file").send_keys(str(bank))
    driver.find_element(By.CSS_SELECTOR, "#bank-result button").click()
    wait_text(driver, "对账结果")
    summary = driver.find_element(By.ID, "recon-summary").text
    assert "已发放 1 笔" in summary and "发放失败，退回已批准 1 笔" in summary
    report = driver.find_element(By.ID, "reconciliation")
    failed_row = report.find_element(By.CSS_SELECTOR, f'tr[data-application="{failed}"]')
    assert "账户已冻结" in failed_row.text
    line = driver.find_element(By.CSS_SELECTOR, f'#lines tr[data-application="{failed}"]')
    assert "发放失败" in line.text and "账户已冻结" in line.text
    # The bank's result shows the list is at the bank though it never left through us.
    sent = driver.find_element(By.ID, "batch-sent").text
    assert "尚未报送" not in sent and "清单已在银行" in sent
    screenshot(driver, "payout-reconciliation")

    # The failed one is offered again for the next batch; the paid ones are not.
    driver.find_element(By.LINK_TEXT, "← 全部批次").click()
    wait_text(driver, "生成发放批次")
    offered = [e.get_attribute("value") for e in driver.find_elements(By.NAME, "application_id")]
    assert offered == [str(failed)]
    with app.app_context():
        assert get_application(paid).status == "paid"
        assert get_application(failed).status == "approved"
        db.session.remove()


def test_finance_takes_a_line_out_of_a_pending_batch_in_chromium(app, server, driver):
    """A payee's account is in doubt: finance removes that line with a reason before the
    list goes to the bank; the batch total drops, the application is offered for the next
    batch, and once the payee list is downloaded no line can be removed any more."""
    with app.app_context():
        clerk, reviewer = actor_of(make_staff("clerk")), actor_of(make_staff("reviewer"))
        keep = _approved(clerk, reviewer, YEJI_INTRODUCED, "yeji-intro-living-housing")
        doubt = _approved(clerk, reviewer, YEJI_CHIEF, "yeji-chief-technician-allowance")
        finance = make_staff("finance")
        db.session.remove()

    login(driver, server, finance.username, "叶集区财政所", shows="发放批次", where="nav")
    driver.find_element(By.LINK_TEXT, "发放批次").click()
    wait_text(driver, "生成发放批次")
    driver.find_element(By.CSS_SELECTOR, "#create-batch button").click()
    wait_text(driver, "共 2 笔")
    assert driver.find_element(By.ID, "batch-total").text == "30600"
    assert "尚未报送" in driver.find_element(By.ID, "batch-sent").text

    # The reason is required by the browser itself, then by the server.
    row = driver.find_element(By.CSS_SELECTOR, f'#lines tr[data-application="{doubt}"]')
    row.find_element(By.CSS_SELECTOR, "form.remove-line button").click()
    reason = row.find_element(By.NAME, "reason")
    assert driver.execute_script("return arguments[0].validity.valueMissing", reason)
    assert "待发放" in row.text  # nothing was sent
    reason.send_keys("收款账户待核实")
    row.find_element(By.CSS_SELECTOR, "form.remove-line button").click()
    wait_text(driver, f"已将申请 {doubt} 移出本批次")
    assert driver.find_element(By.ID, "batch-total").text == "30000"
    line = driver.find_element(By.CSS_SELECTOR, f'#lines tr[data-application="{doubt}"]')
    assert "已移出" in line.text and "收款账户待核实" in line.text
    kept = driver.find_element(By.CSS_SELECTOR, f'#lines tr[data-application="{keep}"]')
    assert "待发放" in kept.text
    screenshot(driver, "payout-line-removed")

    # Downloading the payee list sends the batch: the 移出 buttons are gone.
    batch_url = driver.current_url
    driver.get(driver.find_element(By.ID, "download-batch-payees").get_attribute("href"))
    driver.get(batch_url)
    wait_text(driver, "已下载本批发放清单", "#batch-sent")
    assert driver.find_elements(By.CSS_SELECTOR, "form.remove-line") == []

    driver.find_element(By.LINK_TEXT, "← 全部批次").click()
    wait_text(driver, "生成发放批次")
    offered = [e.get_attribute("value") for e in driver.find_elements(By.NAME, "application_id")]
    assert offered == [str(doubt)]
    with app.app_context():
        assert get_application(doubt).status == "approved"
        db.session.remove()
