"""Outbound WeChat client against recorded api.weixin.qq.com responses (``responses``): one
shared access_token for all processes, fetched under a lock, bounded 40001 retries, 45009."""

from __future__ import annotations

import json
import os
import threading
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from factories.testapp import WECHAT_APP_ID, WECHAT_APP_SECRET, recorded, unique_prefix
from wechatpy.exceptions import WeChatClientException

from bluecard.stores import make_redis
from bluecard.wechat import SharedTokenClient, WeChatQuotaError

pytestmark = pytest.mark.integration

TOKEN_URL = "https://api.weixin.qq.com/cgi-bin/token"
CUSTOM_SEND = "https://api.weixin.qq.com/cgi-bin/message/custom/send"
TEMPLATE_SEND = "https://api.weixin.qq.com/cgi-bin/message/template/send"


@pytest.fixture
def redis_client(redis_cleanup):
    client = make_redis(os.environ.get("REDIS_URL"))
    yield client
    client.close()


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def prefix():
    return unique_prefix()


def make_client(redis_client, prefix):
    return SharedTokenClient(WECHAT_APP_ID, WECHAT_APP_SECRET, redis_client, prefix, timeout=2)


def calls_to(api, url):
    return [c for c in api.calls if c.request.url.split("?")[0] == url]


def token_used(call):
    return parse_qs(urlparse(call.request.url).query)["access_token"][0]


def test_processes_share_one_token(api, redis_client, prefix):
    api.get(TOKEN_URL, json=recorded("token_ok"))
    api.post(CUSTOM_SEND, json=recorded("custom_send_ok"))
    worker_a, worker_b = make_client(redis_client, prefix), make_client(redis_client, prefix)
    worker_a.message.send_text("oUser", "你好")
    worker_b.message.send_text("oUser", "再见")
    assert len(calls_to(api, TOKEN_URL)) == 1
    sends = calls_to(api, CUSTOM_SEND)
    assert [token_used(c) for c in sends] == ["ACCESS_TOKEN_1", "ACCESS_TOKEN_1"]
    token_call = calls_to(api, TOKEN_URL)[0].request.url
    params = parse_qs(urlparse(token_call).query)
    assert params["appid"] == [WECHAT_APP_ID] and params["grant_type"] == ["client_credential"]
    # Stored under our prefix, expiring before WeChat expires it.
    key = f"{prefix}:wechatpy:{WECHAT_APP_ID}_access_token"
    assert json.loads(redis_client.get(key)) == "ACCESS_TOKEN_1"
    assert 7200 - 300 - 5 <= redis_client.ttl(key) <= 7200 - 300


def test_concurrent_workers_fetch_the_token_once(api, redis_client, prefix):
    api.get(TOKEN_URL, json=recorded("token_ok"))
    api.post(CUSTOM_SEND, json=recorded("custom_send_ok"))
    clients = [make_client(redis_client, prefix) for _ in range(8)]
    barrier = threading.Barrier(len(clients))
    errors: list[BaseException] = []

    def work(client):
        try:
            barrier.wait()
            client.message.send_text("oUser", "hi")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(calls_to(api, TOKEN_URL)) == 1
    assert len(calls_to(api, CUSTOM_SEND)) == 8


def test_invalid_token_is_refetched_once_then_succeeds(api, redis_client, prefix):
    api.get(TOKEN_URL, json=recorded("token_ok"))
    api.get(TOKEN_URL, json=recorded("token_ok_2"))
    api.post(TEMPLATE_SEND, json=recorded("invalid_credential_40001"))
    api.post(TEMPLATE_SEND, json=recorded("template_send_ok"))
    client = make_client(redis_client, prefix)
    result = client.message.send_template("oUser", "tplID", {"first": {"value": "通知"}})
    assert result["msgid"] == 200228332
    sends = calls_to(api, TEMPLATE_SEND)
    assert [token_used(c) for c in sends] == ["ACCESS_TOKEN_1", "ACCESS_TOKEN_2"]
    assert len(calls_to(api, TOKEN_URL)) == 2
    # The body is sent again intact on the retry.
    assert json.loads(sends[1].request.body)["template_id"] == "tplID"


@pytest.mark.parametrize("error", ["invalid_credential_40001", "expired_token_42001"])
def test_token_errors_are_retried_at_most_once(api, redis_client, prefix, error):
    api.get(TOKEN_URL, json=recorded("token_ok"))
    api.get(TOKEN_URL, json=recorded("token_ok_2"))
    api.post(CUSTOM_SEND, json=recorded(error))  # WeChat keeps refusing
    client = make_client(redis_client, prefix)
    with pytest.raises(WeChatClientException) as info:
        client.message.send_text("oUser", "hi")
    assert info.value.errcode == recorded(error)["errcode"]
    assert len(calls_to(api, TOKEN_URL)) == 2  # first fetch + exactly one refetch
    assert len(calls_to(api, CUSTOM_SEND)) == 2


def test_no_refetch_when_another_process_already_refreshed(api, redis_client, prefix):
    client = make_client(redis_client, prefix)
    key = f"{prefix}:wechatpy:{WECHAT_APP_ID}_access_token"
    redis_client.set(key, json.dumps("OLD_TOKEN"))

    def refused_and_refreshed_elsewhere(request):
        # While this call fails, another worker has already stored a new token.
        redis_client.set(key, json.dumps("NEW_TOKEN_FROM_OTHER_WORKER"))
        return 200, {}, json.dumps(recorded("invalid_credential_40001"))

    api.add_callback(responses.POST, CUSTOM_SEND, callback=refused_and_refreshed_elsewhere)
    api.post(CUSTOM_SEND, json=recorded("custom_send_ok"))
    client.message.send_text("oUser", "hi")
    assert calls_to(api, TOKEN_URL) == []
    assert [token_used(c) for c in calls_to(api, CUSTOM_SEND)] == [
        "OLD_TOKEN",
        "NEW_TOKEN_FROM_OTHER_WORKER",
    ]


def test_quota_reached_surfaces_as_quota_error(api, redis_client, prefix):
    api.get(TOKEN_URL, json=recorded("token_ok"))
    api.post(TEMPLATE_SEND, json=recorded("quota_45009"))
    client = make_client(redis_client, prefix)
    with pytest.raises(WeChatQuotaError) as info:
        client.message.send_template("oUser", "tplID", {})
    assert info.value.errcode == 45009
    assert len(calls_to(api, TEMPLATE_SEND)) == 1  # no retry on quota


def test_token_quota_and_bad_credentials(api, redis_client, prefix):
    api.get(TOKEN_URL, json=recorded("quota_45009"))
    with pytest.raises(WeChatQuotaError):
        make_client(redis_client, prefix).message.send_text("oUser", "hi")
    api.replace(responses.GET, TOKEN_URL, json=recorded("token_invalid_appid"))
    with pytest.raises(WeChatClientException) as info:
        make_client(redis_client, unique_prefix()).message.send_text("oUser", "hi")
    assert info.value.errcode == 40013
    assert calls_to(api, CUSTOM_SEND) == []


def test_app_builds_the_client_only_when_configured(make_app, echo_bot):
    from bluecard.runtime import Runtime

    configured: Runtime = make_app(bot=echo_bot).extensions["bluecard"]
    assert isinstance(configured.wechat, SharedTokenClient)
    bare: Runtime = make_app(bot=echo_bot, WECHAT_APP_SECRET=None).extensions["bluecard"]
    assert bare.wechat is None
