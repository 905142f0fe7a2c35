"""Console page of 免申即享 (reviewers: ``application.decide``): the benefits card holders'
verified facts prove (``bluecard.ledger.grants``), ticked and granted in a batch.

- ``GET  /console/grants``: the worklist (card, benefit, amount, period, rule and clause);
- ``POST /console/grants``: grant the ticked ones (``item`` = ``<card_id>:<rule_id>``); each
  outcome is flashed (granted, or why not).
"""

from __future__ import annotations

import re

from flask import Blueprint, flash, render_template, request
from flask.typing import ResponseReturnValue

from bluecard.ledger import grants
from console.auth import current_actor, require_permission

bp = Blueprint(
    "console_grants", __name__, url_prefix="/console/grants", template_folder="templates"
)
PERM = "application.decide"
_ITEM = re.compile(r"^(\d{1,18}):([A-Za-z0-9_.:-]{1,64})$")


def _page(status: int = 200) -> ResponseReturnValue:
    return render_template(
        "grants/index.html", worklist=grants.grant_worklist(current_actor())
    ), status


@bp.get("")
@require_permission(PERM)
def index() -> ResponseReturnValue:
    """The 免申即享 worklist."""
    return _page()


@bp.post("")
@require_permission(PERM)
def grant() -> ResponseReturnValue:
    """Grant the ticked benefits."""
    items = []
    for raw in request.form.getlist("item"):
        m = _ITEM.match(raw)
        if m is None:
            flash("所选项目无效", "error")
            return _page(400)
        items.append((int(m.group(1)), m.group(2)))
    if not items:
        flash("请至少勾选一项", "error")
        return _page(400)
    outcomes = grants.grant(current_actor(), items)
    done = [o for o in outcomes if o.application_id is not None]
    if done:
        flash(f"已发放（免申即享）{len(done)} 项，已通知持卡人", "ok")
    for o in outcomes:
        if o.application_id is None:
            flash(f"蓝卡 #{o.card_id} {o.rule_id}：{o.message}", "error")
    return _page()


__all__ = ["bp"]
