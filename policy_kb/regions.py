"""The districts (区/市) the knowledge base covers, their aliases and the provinces they sit in.

One registry for search (region awareness), eligibility (profile ``region``) and the bot
(「我在叶集」), so the same place is spelt the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """A district or city whose policy documents the knowledge base holds.

    name: canonical name used in profiles and results (e.g. ``"洪泽区"``).
    city: the prefecture-level city it belongs to (``"淮安市"``), or itself for a city.
    province: ``"江苏省"``, ``"山东省"`` or ``"安徽省"``.
    code: 6-digit administrative division code (GB/T 2260), used in card numbers.
    aliases: other ways people write it (淮安市洪泽区, 洪泽, hongze ...).
    """

    name: str
    city: str
    province: str
    code: str
    aliases: tuple[str, ...]


BUNDLED_REGIONS: tuple[Region, ...] = (
    Region("洪泽区", "淮安市", "江苏省", "320813", ("淮安市洪泽区", "洪泽", "hongze")),
    Region("台儿庄区", "枣庄市", "山东省", "370405", ("枣庄市台儿庄区", "台儿庄", "taierzhuang")),
    Region("宿迁市", "宿迁市", "江苏省", "321300", ("宿迁", "suqian")),
    Region("连云港市", "连云港市", "江苏省", "320700", ("连云港", "lianyungang")),
    Region("叶集区", "六安市", "安徽省", "341504", ("六安市叶集区", "叶集", "yeji")),
)

#: The covered regions: the bundled ones, then districts whose documents policy staff published
#: (``use_regions``). One list object for the whole process, so every module iterating it
#: sees the current set.
REGIONS: list[Region] = list(BUNDLED_REGIONS)

_BY_ALIAS: dict[str, Region] = {}
_LISTENERS: list[Callable[[], None]] = []


def _index_aliases() -> None:
    _BY_ALIAS.clear()
    for r in REGIONS:
        for a in (r.name, *r.aliases):
            _BY_ALIAS.setdefault(a.lower(), r)


_index_aliases()


def on_change(callback: Callable[[], None]) -> None:
    """Call ``callback`` after ``use_regions`` changed the registry (modules caching what
    they derive from REGIONS refresh it there)."""
    _LISTENERS.append(callback)


def use_regions(extra: Iterable[Region]) -> bool:
    """Make the registry the bundled regions plus ``extra`` (districts of published documents
    outside the bundled ones; one whose name is bundled is ignored). Returns True when the
    registry changed (its listeners were then called)."""
    wanted = list(BUNDLED_REGIONS)
    names = {r.name for r in wanted}
    for r in extra:
        if r.name not in names:
            wanted.append(r)
            names.add(r.name)
    if wanted == REGIONS:
        return False
    REGIONS[:] = wanted
    _index_aliases()
    for callback in list(_LISTENERS):
        callback()
    return True


def canonical_region(value: str) -> str | None:
    """Return the canonical region name for ``value`` (a name or an alias), or None if unknown.

    >>> canonical_region("淮安市洪泽区")
    '洪泽区'
    """
    r = _BY_ALIAS.get(value.strip().lower())
    return r.name if r else None


def region(name: str) -> Region:
    """The Region for a canonical name or alias. Raises KeyError for an unknown region."""
    r = _BY_ALIAS.get(name.strip().lower())
    if r is None:
        raise KeyError(name)
    return r


def find_region_in_text(text: str) -> str | None:
    """The canonical name of the first region mentioned in free text (longest alias wins), or None.

    Used to recognise 「我在叶集」 or 「洪泽引进技师补贴」; aliases are matched as substrings,
    ASCII (pinyin) aliases case-insensitively.
    """
    low = text.lower()
    best: tuple[int, int, str] | None = None  # (position, -length, name)
    for alias, r in _BY_ALIAS.items():
        pos = low.find(alias)
        if pos >= 0:
            cand = (pos, -len(alias), r.name)
            if best is None or cand < best:
                best = cand
    return best[2] if best else None
