"""Evidence uploads (issue 12 §2): type and size limits, images re-encoded without EXIF,
files outside the web root, shown only to staff of the card's district, every view audited."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from factories.console import actor_of, console_client, make_staff, pending_card
from PIL import Image
from sqlalchemy import select

from bluecard.evidence import services as evidence
from bluecard.extensions import db
from bluecard.services.errors import NotFound, Refused
from bluecard.staff.audit import PermissionDenied
from bluecard.staff.models import AuditLog

GPS_TAG = 0x8825
MODEL_TAG = 0x0110


def photo_with_exif(fmt: str = "JPEG", size: tuple[int, int] = (320, 200)) -> bytes:
    """A photo as a phone takes it: with the camera model and a GPS position in its EXIF."""
    image = Image.new("RGB", size, (200, 180, 40))
    exif = Image.Exif()
    exif[MODEL_TAG] = "PhoneCam 12"
    exif[GPS_TAG] = {1: "N", 2: (31.0, 49.0, 0.0), 3: "E", 4: (116.0, 1.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


@pytest.fixture
def ctx(make_app, echo_bot, tmp_path):
    app = make_app(
        bot=echo_bot, EVIDENCE_DIR=str(tmp_path / "evidence"), EVIDENCE_MAX_BYTES=200_000
    )
    with app.app_context():
        yield app
        db.session.remove()


def test_a_photo_loses_its_exif_and_is_kept_outside_the_web_root(ctx, tmp_path):
    card = pending_card()
    clerk = actor_of(make_staff("clerk"))
    sent = photo_with_exif()
    assert Image.open(io.BytesIO(sent)).getexif().get(MODEL_TAG) == "PhoneCam 12"

    item = evidence.upload_by_staff(card.id, sent, clerk, kind="certificate")
    assert item.content_type == "image/jpeg" and item.kind_label == "职业技能等级证书"

    files = list((tmp_path / "evidence").iterdir())
    assert len(files) == 1 and (files[0].stat().st_mode & 0o777) == 0o600
    stored = Image.open(files[0])
    assert stored.size == (320, 200)
    assert not stored.getexif()  # no camera, no GPS position
    static = Path(ctx.static_folder or "").resolve()
    assert static not in files[0].resolve().parents


def test_types_and_sizes_are_limited(ctx):
    card = pending_card()
    clerk = actor_of(make_staff("clerk"))
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    cases = {
        b"": "empty",
        b"<html>not a certificate</html>": "unsupported_type",
        gif.getvalue(): "unsupported_type",
        b"\xff\xd8\xff\xe0 broken jpeg": "unreadable",
        b"%PDF-1.4" + b"0" * 200_000: "too_large",
    }
    for data, code in cases.items():
        with pytest.raises(Refused) as err:
            evidence.upload_by_staff(card.id, data, clerk)
        assert err.value.code == code
    with pytest.raises(Refused) as kind:
        evidence.upload_by_staff(card.id, photo_with_exif(), clerk, kind="selfie")
    assert kind.value.code == "invalid_kind"
    pdf = evidence.upload_by_staff(card.id, b"%PDF-1.4\n%%EOF\n", clerk, kind="contract")
    assert pdf.content_type == "application/pdf" and not pdf.is_image


def test_the_worker_uploads_for_their_own_card_and_the_reviewer_sees_it(ctx):
    card = pending_card()
    with pytest.raises(NotFound):
        evidence.upload_by_worker("oNobody", photo_with_exif())
    png = evidence.upload_by_worker(card.openid, photo_with_exif("PNG"))
    assert png.uploaded_via == "worker" and png.content_type == "image/png"

    reviewer = actor_of(make_staff("reviewer"))
    listed = evidence.list_evidence(card.id, reviewer)
    assert [e.id for e in listed] == [png.id]
    _item, data = evidence.open_evidence(png.id, reviewer)
    assert data.startswith(b"\x89PNG") and not Image.open(io.BytesIO(data)).getexif()
    assert (
        db.session.execute(
            select(AuditLog).where(
                AuditLog.action == "evidence.view", AuditLog.target_id == str(png.id)
            )
        )
        .scalar_one()
        .actor
        == reviewer.username
    )


def test_other_districts_and_roles_do_not_see_the_files(ctx):
    card = pending_card()
    item = evidence.upload_by_worker(card.openid, photo_with_exif())
    elsewhere = actor_of(make_staff("reviewer", district="洪泽区"))
    assert evidence.list_evidence(card.id, elsewhere) == []
    with pytest.raises(NotFound):
        evidence.open_evidence(item.id, elsewhere)
    finance = actor_of(make_staff("finance"))
    assert evidence.list_evidence(card.id, finance) == []
    with pytest.raises(PermissionDenied):
        evidence.open_evidence(item.id, finance)
    with pytest.raises(NotFound):
        evidence.upload_by_staff(
            card.id, photo_with_exif(), actor_of(make_staff("clerk", district="洪泽区"))
        )


def test_the_clerk_picks_the_kind_of_a_file_by_its_chinese_name(ctx):
    """The upload form on the console's card page offers each kind by the label clerks read,
    the same labels the service names in its refusal (``kind_choices``)."""
    card = pending_card()
    browser, _clerk = console_client(ctx, "clerk")
    page = browser.get(f"/console/cards/{card.id}").get_data(as_text=True)
    form = page[page.index('id="evidence-kind"') :]
    offered = re.findall(r'<option value="(\w+)">([^<]+)</option>', form[: form.index("</select>")])
    assert offered == [
        ("certificate", "职业技能等级证书"),
        ("contract", "劳动合同"),
        ("insurance", "社保缴纳证明"),
        ("other", "其他材料"),
    ]
    assert dict(offered) == evidence.kind_choices()
