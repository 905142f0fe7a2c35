"""The 盖章 photo on a 375 px phone in a real headless Chromium: a photo of several MB is
shrunk in the browser and taken with the draft; a picture still too large is refused on the
spot with the form's own words; and a post too large for the server (a browser whose page
script did not run) is a page in Chinese saying go back, after which the typed values are
still there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from factories.browser import PHONE, screenshot, type_into, wait_text
from factories.console import actor_of, make_staff
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bluecard.extensions import db
from bluecard.surveys import services as surveys
from bluecard.surveys.seal import MAX_SEAL_BYTES

pytestmark = pytest.mark.e2e


def _phone_photo(tmp_path: Path) -> str:
    """A 'photo' of about 6 MB: noise does not compress, as a real photo hardly does."""
    path = tmp_path / "IMG_3307.png"
    Image.frombytes("RGB", (1600, 1300), os.urandom(1600 * 1300 * 3)).save(path, "PNG")
    assert path.stat().st_size > MAX_SEAL_BYTES
    return str(path)


def _form(app: Any, server: str) -> tuple[str, int]:
    with app.app_context():
        clerk = actor_of(make_staff("clerk", district="台儿庄区"))
        view = surveys.create_round(clerk, title="走访", enterprises=[("古城纸箱厂", None)])
        db.session.remove()
    return server + "/s/" + view.invitations[0].link.rsplit("/s/", 1)[1], view.id


def _chosen_type(driver: Any) -> str:
    return str(
        driver.execute_script(
            "var f = document.querySelector('input[name=seal]').files[0];"
            "return f ? f.type + ' ' + f.size : '';"
        )
    )


def test_a_phone_photo_is_shrunk_before_it_is_sent(app, server, browsers, tmp_path):
    url, round_id = _form(app, server)
    phone = browsers(PHONE)
    phone.get(url)
    wait_text(phone, "企业技能人才现状及需求情况调查表")
    type_into(phone, "leader", "王立新")
    phone.find_element(By.NAME, "seal").send_keys(_phone_photo(tmp_path))
    WebDriverWait(phone, 10).until(lambda d: _chosen_type(d).startswith("image/jpeg"))
    assert int(_chosen_type(phone).split()[1]) < MAX_SEAL_BYTES
    phone.find_element(By.ID, "save-draft").click()
    wait_text(phone, "草稿已保存")
    wait_text(phone, "已上传盖章图片", "#seal-kept")
    phone.execute_script("document.getElementById('seal-kept').scrollIntoView({block: 'center'})")
    screenshot(phone, "survey-seal-shrunk")
    with app.app_context():
        clerk = actor_of(make_staff("clerk", district="台儿庄区"))
        assert surveys.get_round(clerk, round_id).invitations[0].has_seal
        db.session.remove()


def test_a_picture_still_too_large_is_refused_on_the_spot(app, server, browsers, tmp_path):
    url, _ = _form(app, server)
    phone = browsers(PHONE)
    phone.get(url)
    wait_text(phone, "企业技能人才现状及需求情况调查表")
    # as if the shrunk picture were still over the limit
    phone.execute_script(
        "document.querySelector('input[name=seal]').setAttribute('data-max-bytes', '2000')"
    )
    phone.find_element(By.NAME, "seal").send_keys(_phone_photo(tmp_path))
    wait_text(phone, "盖章：盖章图片太大（最大 5 MB），请压缩后上传", "#seal-error")
    assert _chosen_type(phone) == ""
    phone.execute_script("document.getElementById('seal-error').scrollIntoView({block: 'center'})")
    screenshot(phone, "survey-seal-refused-in-browser")


def test_a_post_too_large_is_a_page_saying_go_back(app, server, browsers, tmp_path):
    url, _ = _form(app, server)
    phone = browsers(PHONE)
    phone.get(url)
    wait_text(phone, "企业技能人才现状及需求情况调查表")
    type_into(phone, "leader", "王立新")
    # a browser where the page's script did not shrink the picture: the input without it
    phone.execute_script(
        "var old = document.querySelector('input[name=seal]');"
        "old.parentNode.replaceChild(old.cloneNode(true), old);"
    )
    phone.find_element(By.NAME, "seal").send_keys(_phone_photo(tmp_path))
    phone.find_element(By.ID, "save-draft").click()
    wait_text(phone, "盖章图片太大，调查表没有提交", "#too-large")
    assert "返回" in phone.find_element(By.ID, "too-large").text
    assert phone.execute_script("return document.documentElement.scrollWidth") <= PHONE.width
    screenshot(phone, "survey-post-too-large")
    phone.back()
    wait_text(phone, "企业技能人才现状及需求情况调查表")
    assert phone.find_element(By.NAME, "leader").get_attribute("value") == "王立新"
