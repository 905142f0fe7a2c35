"""Targets in tests: the areas of 宿迁's target table (``policy_kb/data/targets.yaml``), in the
table's order: what the data holds and what the console lists, in that order."""

from __future__ import annotations

SUQIAN_AREAS = (
    "全市",
    "沭阳县",
    "泗阳县",
    "泗洪县",
    "宿豫区",
    "宿城区",
    "宿迁经济技术开发区",
    "市湖滨新区",
    "市洋河新区",
    "苏宿工业园区",
)
