"""The enterprise survey over the API (issue 14 §2).

POST /api/v1/surveys/{token}              submit a filled-in 企业技能人才现状及需求情况调查表 as JSON
                                          (the shape of ``bluecard.surveys.form.SurveyForm``);
                                          201 → the invitation's status; 422 ``validation_error``
                                          naming every bad field; 409 already submitted; 404 an
                                          unknown link. No login: the token is the enterprise's.
GET  /api/v1/staff/surveys/summary?region=  (Bearer, ``survey.manage``) → the 统计汇总 of the
                                          submitted forms of the account's district (or of
                                          ``region`` for staff of every district): ``{"region",
                                          "invited", "submitted", "overall", "by"}``.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_openapi3.models.tag import Tag
from pydantic import BaseModel, ConfigDict, Field

from bluecard.apidoc import APIBlueprint
from bluecard.errors import (
    COMMON_ERROR_RESPONSES,
    ApiError,
    ErrorBody,
    FieldError,
    register_service_errors,
)
from bluecard.surveys import services as surveys
from miniapp_api.auth import BEARER
from miniapp_api.staff import require_staff


def _responses(extra: dict[str, Any]) -> dict[str | int, Any]:
    """The error responses every operation documents, and ``extra``."""
    out: dict[str | int, Any] = {}
    out.update(COMMON_ERROR_RESPONSES)
    out.update(extra)
    return out


api = APIBlueprint(
    "surveys_api",
    __name__,
    url_prefix="/api/v1/surveys",
    abp_tags=[Tag(name="surveys", description="enterprise survey: submit a form by its link")],
    abp_responses=_responses({"409": ErrorBody}),
)
staff_api = APIBlueprint(
    "surveys_staff_api",
    __name__,
    url_prefix="/api/v1/staff/surveys",
    abp_tags=[Tag(name="staff", description="service-window staff")],
    abp_responses=_responses({"401": ErrorBody, "403": ErrorBody}),
)
register_service_errors(api)
register_service_errors(staff_api)


class TokenPath(BaseModel):
    """The token of an enterprise's form link (``/s/<token>``)."""

    token: str = Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")


class SummaryQuery(BaseModel):
    """A district (name or alias); default the account's own."""

    model_config = ConfigDict(extra="forbid")
    region: str | None = Field(default=None, min_length=1, max_length=32)


class SubmittedResponse(BaseModel):
    """The form was kept."""

    id: int
    enterprise_name: str
    status: str
    status_label: str
    submitted_at: str | None


@api.post("/<token>", responses={"201": SubmittedResponse, "409": ErrorBody, "422": ErrorBody})
def submit_survey(path: TokenPath) -> tuple[dict[str, Any], int]:
    """Submit the form behind a link. The body is the form as JSON (see the module docstring
    of ``bluecard.surveys.form``); every bad field is named in ``error.fields``."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(422, "请求体应为调查表 JSON 对象", "validation_error")
    try:
        view = surveys.submit(path.token, data)
    except surveys.SurveyInvalid as exc:
        fields = [FieldError(field=p.field, message=p.message) for p in exc.problems]
        raise ApiError(422, exc.message, "validation_error", fields) from None
    body = SubmittedResponse(
        id=view.id,
        enterprise_name=view.enterprise_name,
        status=view.status,
        status_label=view.status_label,
        submitted_at=view.submitted_at.isoformat() if view.submitted_at else None,
    )
    return body.model_dump(), 201


@staff_api.get("/summary", security=BEARER, responses={"200": None})
def survey_summary(query: SummaryQuery) -> dict[str, Any]:
    """统计汇总 of the district's submitted forms: counts by level, age, education, training
    measure, demand by 工种, and the same by 区县, 企业类型, 企业规模 and 经营领域."""
    actor = require_staff(surveys.PERM)
    return surveys.summary(actor, region=query.region).as_json()
