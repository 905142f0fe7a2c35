"""运营统计 names card states as every other page does (``CARD_STATUS_LABELS``): a pending
card is 审核中 in the cards table and the chart, never 待审核."""

from __future__ import annotations

import pytest
from factories.console import console_client, pending_card

pytestmark = pytest.mark.e2e


def test_the_stats_page_labels_a_pending_card_as_everywhere_else(ctx):
    pending_card()
    admin, _ = console_client(ctx, "admin")
    html = admin.get("/console/stats").get_data(as_text=True)
    table = html.split('id="cards-table"', 1)[1].split("</section>", 1)[0]
    assert '<th class="count">审核中</th>' in table and "待审核" not in table
    assert "已发卡（有效）" in table
