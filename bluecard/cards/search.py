"""Finding a card at the window without the worker's phone at hand (issue 12 §1).

A query is read as one of: a card number (16 digits: district code + year + serial), a full
身份证号 (18 characters, check character verified), a mobile number (11 digits starting 1),
a card id (``#17``), or else a full name. Names, phones and 身份证号 are stored encrypted, so
they are found through keyed HMACs (``Cipher.lookup_hash``) of the normalised value:
``id_number_hash`` (since 0003), ``name_hash`` and ``phone_hash`` (0006). A name is therefore
matched exactly and whole (王建国 finds 王建国, not 王建); a fuzzy or partial search would need
the names in clear, which the cards table does not keep. Every search is limited to the
actor's district and audited (``card.search``, the kind of query, never its text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from bluecard.cards.lookup import name_key, normalise_name, phone_key
from bluecard.cards.models import BlueCard
from bluecard.cards.services import CardView, _view
from bluecard.runtime import current_runtime
from bluecard.services.errors import Refused
from bluecard.staff.audit import Actor
from bluecard.uow import unit_of_work
from policy_kb.identifiers import id_check_char

CARD_NO_RE = re.compile(r"^\d{16}$")
PHONE_RE = re.compile(r"^1\d{10}$")
ID_NUMBER_RE = re.compile(r"^\d{17}[\dX]$")
CARD_ID_RE = re.compile(r"^#(\d{1,18})$")
MAX_QUERY_CHARS = 64
MAX_RESULTS = 50

#: query kind → what the clerk reads (the result page says how the query was understood).
QUERY_KIND_LABELS = {
    "card_no": "卡号",
    "id_number": "身份证号",
    "phone": "手机号",
    "card_id": "卡片编号",
    "name": "姓名",
}


@dataclass(frozen=True)
class SearchResult:
    """Cards found (newest first, at most MAX_RESULTS), the ``kind`` the query was read as
    (a key of QUERY_KIND_LABELS) and ``total`` found."""

    kind: str
    items: list[CardView]
    total: int

    @property
    def kind_label(self) -> str:
        """How the query was understood, in Chinese (卡号 / 身份证号 / 手机号 / 姓名)."""
        return QUERY_KIND_LABELS[self.kind]


def classify(query: str) -> tuple[str, str]:
    """``(kind, value)`` of a search query: kind one of QUERY_KIND_LABELS, value normalised
    (spaces and dashes out of numbers, 身份证号 upper-cased). Raises Refused(code=
    "invalid_query") for an empty or over-long query or an 18-character number whose check
    character is wrong (a typo: say so rather than find nothing)."""
    text = unicodedata.normalize("NFKC", query or "").strip()
    if not text:
        raise Refused("请输入卡号、身份证号、手机号或姓名", code="invalid_query")
    if len(text) > MAX_QUERY_CHARS:
        raise Refused(f"查询内容最多 {MAX_QUERY_CHARS} 个字", code="invalid_query")
    if m := CARD_ID_RE.match(text):
        return "card_id", m.group(1)
    compact = re.sub(r"[\s-]", "", text).upper()
    if CARD_NO_RE.match(compact):
        return "card_no", compact
    if ID_NUMBER_RE.match(compact):
        if id_check_char(compact[:17]) != compact[17]:
            raise Refused("身份证号校验位不对，请核对后再查", code="invalid_query")
        return "id_number", compact
    if PHONE_RE.match(compact):
        return "phone", compact
    if re.fullmatch(r"[\d\s-]+", text):
        raise Refused(
            "号码位数不对：卡号 16 位，身份证号 18 位，手机号 11 位", code="invalid_query"
        )
    return "name", normalise_name(text)


def search_cards(query: str, actor: Actor, *, limit: int = MAX_RESULTS) -> SearchResult:
    """Cards matching ``query`` (see the module docstring) inside ``actor``'s district, any
    state, newest first; at most ``limit`` (1-MAX_RESULTS) items, ``total`` all found.
    Personal data masked unless the role holds ``card.view_pii``. Needs ``card.scan``.
    Audited ``card.search`` with the kind and the count. Raises PermissionDenied,
    Refused(code="invalid_query")."""
    with unit_of_work(actor, "card.search", target_type="card") as uow:
        uow.require("card.scan")
        kind, value = classify(query)
        uow.detail["kind"] = kind
        cipher = current_runtime().cipher
        stmt = select(BlueCard).order_by(BlueCard.id.desc())
        if kind == "card_id":
            stmt = stmt.where(BlueCard.id == int(value))
        elif kind == "card_no":
            stmt = stmt.where(BlueCard.card_no == value)
        elif kind == "id_number":
            stmt = stmt.where(BlueCard.id_number_hash == cipher.lookup_hash(value))
        elif kind == "phone":
            stmt = stmt.where(BlueCard.phone_hash == phone_key(value))
        else:
            stmt = stmt.where(BlueCard.name_hash == name_key(value))
        if actor.district is not None:
            stmt = stmt.where(BlueCard.district == actor.district)
        rows = list(uow.session.execute(stmt).scalars())
        uow.audit(detail={"kind": kind, "found": len(rows)})
        reveal = actor.can("card.view_pii")
        shown = rows[: max(1, min(limit, MAX_RESULTS))]
        return SearchResult(kind, [_view(c, reveal=reveal) for c in shown], len(rows))


def backfill_lookup_hashes(batch: int = 500) -> int:
    """Fill ``name_hash`` and ``phone_hash`` of cards made before migration 0006 (decrypting
    each once). Returns how many cards were filled. One commit per ``batch`` cards."""
    filled = 0
    while True:
        with unit_of_work() as uow:
            rows = list(
                uow.session.execute(
                    select(BlueCard)
                    .where((BlueCard.name_hash.is_(None)) | (BlueCard.phone_hash.is_(None)))
                    .limit(batch)
                ).scalars()
            )
            cipher = current_runtime().cipher
            for card in rows:
                card.name_hash = name_key(cipher.decrypt(card.name_enc))
                card.phone_hash = phone_key(cipher.decrypt(card.phone_enc))
        filled += len(rows)
        if len(rows) < batch:
            return filled


__all__ = [
    "QUERY_KIND_LABELS",
    "SearchResult",
    "backfill_lookup_hashes",
    "classify",
    "name_key",
    "normalise_name",
    "phone_key",
    "search_cards",
]
