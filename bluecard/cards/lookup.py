"""Keyed hashes of a card holder's name and phone, for exact search without clear text."""

from __future__ import annotations

import re
import unicodedata

from bluecard.runtime import current_runtime


def normalise_name(name: str) -> str:
    """A name as hashed: NFKC, every space removed (「王 建国」 is 王建国), middle dots unified."""
    text = unicodedata.normalize("NFKC", name)
    text = text.replace("•", "·").replace("・", "·")
    return "".join(text.split())


def name_key(name: str) -> str:
    """The keyed hash of a full name (``BlueCard.name_hash``), hex, 64 characters."""
    return current_runtime().cipher.lookup_hash(normalise_name(name))


def phone_key(phone: str) -> str:
    """The keyed hash of a phone number, digits only (``BlueCard.phone_hash``)."""
    return current_runtime().cipher.lookup_hash(re.sub(r"\D", "", phone))


__all__ = ["name_key", "normalise_name", "phone_key"]
