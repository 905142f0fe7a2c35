"""Pages in a real headless Chromium (Debian's chromium + chromedriver, driven by selenium)
against the app served over HTTP on a local port: the one set-up every browser test uses.

Fixtures (registered for every test by the root conftest's ``pytest_plugins``):
``server`` (the test's ``app`` behind a threaded werkzeug server; a module overrides ``app``
to serve another one), ``driver`` (a desktop Chromium, 1400×1000 px, one process for the
run, handed to each test as new) and ``browsers`` (a
factory of more Chromiums of a chosen window, e.g. ``browsers(PHONE)`` for the surveys' 375 px
form). Helpers: ``wait_text``, ``login`` / ``logout`` through the console's form,
``screenshot`` (kept for a person to look at, never asserted)."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from factories.testapp import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
#: seconds a page, an element or a text may take to appear
WAIT_SECONDS = 20


@dataclass(frozen=True)
class Window:
    """A browser window in CSS pixels; ``mobile`` emulates a phone's screen (touch, device
    pixel ratio 2), so the page lays out for that width as on the phone."""

    width: int
    height: int
    mobile: bool = False


DESKTOP = Window(1400, 1000)
#: the enterprises' phones of the survey form (`/s/<token>`, 375 px wide)
PHONE = Window(375, 812, mobile=True)


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` behind a threaded werkzeug server on 127.0.0.1 (random port): its base URL."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)


@contextmanager
def chromium(window: Window = DESKTOP) -> Iterator[webdriver.Chrome]:
    """A headless Chromium of ``window`` with a fresh profile and no network services of its
    own (no sync, updates or background requests), removed afterwards."""
    profile = tempfile.mkdtemp(prefix="bluecard-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    if window.mobile:
        # A desktop window cannot be made phone-narrow: the phone's screen is emulated inside
        # a desktop-sized window.
        options.add_argument(f"--window-size={DESKTOP.width},{DESKTOP.height}")
        metrics = {"width": window.width, "height": window.height, "pixelRatio": 2}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    else:
        options.add_argument(f"--window-size={window.width},{window.height}")
    chrome = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    chrome.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    """The test's ``app`` served over HTTP: its base URL."""
    with served(app) as base:
        yield base


@pytest.fixture(scope="session")
def _desktop_chromium() -> Iterator[webdriver.Chrome]:
    """The desktop Chromium ``driver`` lends each test: started once per run (a start costs
    about a second, more on a busy machine)."""
    with chromium(DESKTOP) as chrome:
        yield chrome


def _fresh(chrome: webdriver.Chrome) -> None:
    """Back to how a new Chromium starts: one blank tab, no cookies (they are per host, not
    per port, so one test's session would reach the next test's server), no dialog open.
    Pages of earlier tests were on other ports: other origins, their storage unseen."""
    with suppress(WebDriverException):  # no dialog open
        chrome.switch_to.alert.dismiss()
    first, *others = chrome.window_handles
    for handle in others:
        chrome.switch_to.window(handle)
        chrome.close()
    chrome.switch_to.window(first)
    chrome.get("about:blank")
    chrome.execute_cdp_cmd("Network.clearBrowserCookies", {})


@pytest.fixture
def driver(_desktop_chromium: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """A desktop headless Chromium (1400×1000 px) as new: one blank tab, no cookies. The
    same process serves every test of the run (``_fresh`` before and after each)."""
    _fresh(_desktop_chromium)
    yield _desktop_chromium
    _fresh(_desktop_chromium)


@pytest.fixture
def browsers() -> Iterator[Callable[..., webdriver.Chrome]]:
    """A factory of headless Chromiums, ``browsers(window=DESKTOP)``, each its own person
    (profile, cookies); all quit at the end of the test."""
    with ExitStack() as stack:

        def open_chromium(window: Window = DESKTOP) -> webdriver.Chrome:
            return stack.enter_context(chromium(window))

        yield open_chromium


def wait_text(driver: Any, text: str, css: str = "body") -> None:
    """Wait until the element at ``css`` shows ``text`` (fails naming the text after
    WAIT_SECONDS)."""
    # While the next page replaces the current one, chromedriver may report the old <body>
    # as "not belonging to the document": keep looking.
    WebDriverWait(
        driver,
        WAIT_SECONDS,
        ignored_exceptions=(StaleElementReferenceException, WebDriverException),
    ).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text),
        f"page never showed {text!r}",
    )


def type_into(driver: Any, name: str, value: Any) -> None:
    """Replace what the form field named ``name`` holds with ``value``."""
    box = driver.find_element(By.NAME, name)
    box.clear()
    box.send_keys(str(value))


def login(
    driver: Any,
    base: str,
    username: str,
    window: str | None = None,
    *,
    shows: str | None = None,
    where: str = "header .who",
    password: str = PASSWORD,
) -> None:
    """Log in through the console's form (所在窗口 typed when ``window`` is given) and wait
    until ``where`` shows ``shows`` (default: the window, as the header names it)."""
    driver.get(f"{base}/console/login")
    type_into(driver, "username", username)
    type_into(driver, "password", password)
    if window is not None:
        type_into(driver, "window", window)
    driver.find_element(By.ID, "login").click()
    expected = shows if shows is not None else window
    assert expected, "login() needs the window or the text to wait for"
    wait_text(driver, expected, where)


def logout(driver: Any) -> None:
    """Log out with the header's button."""
    driver.find_element(By.CSS_SELECTOR, "header .who button").click()
    wait_text(driver, "已退出登录")


def shots_dir() -> Path:
    """Where screenshots go: ``BROWSER_SHOTS_DIR`` when set, else the temp folder's
    ``bluecard-shots``."""
    folder = Path(
        os.environ.get("BROWSER_SHOTS_DIR") or Path(tempfile.gettempdir(), "bluecard-shots")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(driver: Any, name: str) -> Path:
    """Save what ``driver`` shows as ``<shots_dir>/<name>.png`` for a person to look at."""
    path = shots_dir() / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
