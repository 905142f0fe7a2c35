"""Redis pieces on the configured Redis (real with REDIS_URL, embedded otherwise)."""

from __future__ import annotations

import os
import threading
import time

import pytest
from factories.testapp import unique_prefix

from bluecard.stores import LockTimeout, RedisSessionStore, make_redis, redis_lock
from handlers.dedup import Deduplicator

pytestmark = pytest.mark.integration


@pytest.fixture
def redis_client(redis_cleanup):
    client = make_redis(os.environ.get("REDIS_URL"))
    yield client
    client.close()


def test_session_store_round_trip_and_expiry(redis_client):
    prefix = unique_prefix()
    store = RedisSessionStore(redis_client, prefix)
    assert store.get("bot:user:u1") is None
    store.set("bot:user:u1", {"region": "叶集区", "pages": ["一", "二"]})
    assert store.get("bot:user:u1") == {"region": "叶集区", "pages": ["一", "二"]}
    assert redis_client.exists(f"{prefix}:bot:user:u1")
    store.set("bot:pages:u1", {"pages": []}, ttl_seconds=1)
    assert 0 < redis_client.ttl(f"{prefix}:bot:pages:u1") <= 1
    store.delete("bot:user:u1")
    assert store.get("bot:user:u1") is None
    store.delete("never-set")  # no error


def test_session_store_tolerates_foreign_values(redis_client):
    prefix = unique_prefix()
    store = RedisSessionStore(redis_client, prefix)
    redis_client.set(f"{prefix}:k1", b"\x00not json")
    redis_client.set(f"{prefix}:k2", b"[1, 2]")
    assert store.get("k1") is None and store.get("k2") is None


def test_session_store_satisfies_the_bot_protocol(redis_client):
    from bot.store import SessionStore

    store: SessionStore = RedisSessionStore(redis_client, unique_prefix())
    assert all(callable(getattr(store, m)) for m in ("get", "set", "delete"))


def test_lock_is_exclusive_and_released(redis_client):
    name = f"{unique_prefix()}:lock"
    inside: list[int] = []
    overlaps: list[bool] = []

    def worker(n: int) -> None:
        with redis_lock(redis_client, name, ttl=5, wait=5):
            inside.append(n)
            overlaps.append(len(inside) > 1)
            time.sleep(0.05)
            inside.remove(n)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == [False] * 5
    assert not redis_client.exists(name)


def test_lock_wait_times_out_and_expired_lock_is_not_stolen_back(redis_client):
    name = f"{unique_prefix()}:lock"
    redis_client.set(name, "someone-else", px=300)
    with pytest.raises(LockTimeout), redis_lock(redis_client, name, ttl=1, wait=0.1):
        pass
    assert redis_client.get(name) == b"someone-else"  # not deleted by the loser
    time.sleep(0.35)
    with redis_lock(redis_client, name, ttl=1, wait=0.5):
        redis_client.set(name, "taken-over")  # as if our lock expired and another took it
    assert redis_client.get(name) == b"taken-over"  # release left the other holder alone


def test_deduplicator_claims_once_and_replays(redis_client):
    dedup = Deduplicator(redis_client, unique_prefix(), ttl=60, wait=0.2)
    assert dedup.claim("msg:1") is True
    assert dedup.claim("msg:1") is False
    assert dedup.wait_for("msg:1") is None  # still pending after the wait
    dedup.complete("msg:1", "<xml>回复</xml>")
    assert dedup.wait_for("msg:1") == "<xml>回复</xml>"
    dedup.complete("msg:2", "")
    assert dedup.wait_for("msg:2") == ""
    dedup.claim("msg:3")
    dedup.release("msg:3")
    assert dedup.claim("msg:3") is True  # a failed first attempt can be retried


def test_session_values_are_encrypted_in_redis_when_a_cipher_is_given(redis_client):
    """A card application in progress (身份证号, phone) is not readable in Redis."""
    from bluecard.config import load_settings
    from bluecard.crypto import PiiCipher

    cipher = PiiCipher.from_settings(load_settings({"SECRET_KEY": "k" * 32}))
    prefix = unique_prefix()
    store = RedisSessionStore(redis_client, prefix, cipher)
    store.set("bot:cardform:u1", {"id_number": "11010519491231002X"}, ttl_seconds=60)
    raw = redis_client.get(f"{prefix}:bot:cardform:u1")
    assert b"11010519491231002X" not in raw and b"id_number" not in raw
    assert store.get("bot:cardform:u1") == {"id_number": "11010519491231002X"}
    # Clear JSON in Redis was planted by whoever can write there: it reads as nothing.
    redis_client.set(f"{prefix}:bot:user:u1", '{"region": "叶集区"}')
    assert store.get("bot:user:u1") is None
    # Within a turn, a value written (held clear until the turn ends) is read back.
    pipe = redis_client.pipeline()
    store.read_on(pipe, ["bot:user:u2"])
    store.begin_turn(["bot:user:u2"], pipe.execute())
    store.set("bot:user:u2", {"region": "洪泽区"})
    assert store.get("bot:user:u2") == {"region": "洪泽区"}
    pipe = redis_client.pipeline()
    store.end_turn_on(pipe)
    pipe.execute()
    assert store.get("bot:user:u2") == {"region": "洪泽区"}


def test_session_values_are_sealed_with_aes_gcm_and_fernet_values_still_read(redis_client):
    """Dialogue state is sealed with AES-GCM bound to its key; a value Fernet sealed before
    (the format until then) is still read, and one copied under another key is not."""
    from bluecard.config import load_settings
    from bluecard.crypto import SEALED_PREFIX, PiiCipher

    cipher = PiiCipher.from_settings(load_settings({"SECRET_KEY": "k" * 32}))
    prefix = unique_prefix()
    store = RedisSessionStore(redis_client, prefix, cipher)
    store.set("bot:state:u1", {"v": 1, "parts": {"区": {"value": {"n": 3}, "exp": None}}})
    sealed = redis_client.get(f"{prefix}:bot:state:u1")
    assert sealed.startswith(SEALED_PREFIX) and "区".encode() not in sealed
    assert store.get("bot:state:u1") == {"v": 1, "parts": {"区": {"value": {"n": 3}, "exp": None}}}
    redis_client.set(f"{prefix}:bot:state:u2", sealed)  # moved under another worker's key
    assert store.get("bot:state:u2") is None
    old = cipher.encrypt('{"region": "洪泽区"}')  # how a value was stored before
    redis_client.set(f"{prefix}:bot:state:u3", old)
    assert store.get("bot:state:u3") == {"region": "洪泽区"}
    # After a key rotation (a new first key), values sealed with the old one still open.
    rotated = PiiCipher(cipher.fernet, cipher.hash_key, (b"n" * 32, *cipher.seal_keys))
    assert RedisSessionStore(redis_client, prefix, rotated).get("bot:state:u1") is not None


def test_session_values_round_trip_what_json_does(redis_client):
    """orjson writes the state; values it refuses (an integer beyond 64 bits) still go through,
    integer keys read back as strings, as with ``json``."""
    store = RedisSessionStore(redis_client, unique_prefix())
    store.set("k", {"big": 2**70, "nested": {1: [1.5, None, True, "两年"]}})
    assert store.get("k") == {"big": 2**70, "nested": {"1": [1.5, None, True, "两年"]}}
    store.set("k2", {1: "a", "t": (1, 2)})
    assert store.get("k2") == {"1": "a", "t": [1, 2]}


def test_deduplicator_takes_over_only_an_abandoned_claim(redis_client, monkeypatch):
    import handlers.dedup

    dedup = Deduplicator(redis_client, unique_prefix(), ttl=60, wait=0.1)
    assert dedup.claim("msg:live") is True
    assert dedup.take_over("msg:live") is False  # its worker may still be answering
    monkeypatch.setattr(handlers.dedup, "LEASE_SECONDS", -1.0)
    assert dedup.claim("msg:dead") is True  # a claim whose lease has already run out
    monkeypatch.setattr(handlers.dedup, "LEASE_SECONDS", 60.0)
    assert dedup.take_over("msg:dead") is True
    assert dedup.take_over("msg:dead") is False  # the new owner holds a fresh lease
    dedup.complete("msg:dead", "<xml/>")
    assert dedup.take_over("msg:dead") is False  # done: retries get the reply
    assert dedup.take_over("msg:never") is False
