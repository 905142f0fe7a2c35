"""Eligibility for the mini-program: one-shot evaluation, the adaptive questionnaire (the
same state machine as the chat), and the worker's stored profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_openapi3 import Tag

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody, FieldError
from bluecard.profiles import services as profiles
from bluecard.runtime import current_runtime
from bot.questionnaire import Questionnaire, Step
from miniapp_api.auth import BEARER, require_user
from miniapp_api.schemas import (
    AnswerRequest,
    EligibilityRequest,
    ProfileRequest,
    ProfileResponse,
    QuestionnaireStart,
    QuestionnaireStep,
)
from policy_kb.eligibility import ProfileError, evaluate, parse_profile

api = APIBlueprint(
    "eligibility",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="eligibility", description="subsidy eligibility and questionnaire")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody, "401": ErrorBody, "422": ErrorBody},
)


def _profile_error(err: ProfileError) -> ApiError:
    fields = [FieldError(field=f, message=m) for f, m in err.errors]
    return ApiError(
        422,
        "The profile is invalid: " + "; ".join(f for f, _ in err.errors),
        "invalid_profile",
        fields,
    )


def evaluate_profile(data: dict[str, Any]) -> dict[str, Any]:
    """Evaluate a profile dict; raises ApiError 422 naming every bad field."""
    current_runtime().live.current()  # the published lifecycle of the current version
    try:
        return evaluate(parse_profile(data)).to_dict()
    except ProfileError as err:
        raise _profile_error(err) from err


@api.post("/eligibility", responses={"200": None})
def eligibility(body: EligibilityRequest) -> dict[str, Any]:
    """Evaluate a worker profile (docs/contracts.md "Worker profile") against the rules catalogue;
    the result has the shape of "Eligibility result". No login needed: nothing is stored."""
    return evaluate_profile(body.profile)


def _questionnaire() -> Questionnaire:
    return Questionnaire(current_runtime().sessions, evaluate_profile, date.today)


def _user_key(openid: str) -> str:
    return f"mp:{openid}"


def _step_json(step: Step) -> dict[str, Any]:
    question = None
    if step.question is not None:
        q = step.question
        question = {
            "field": q.field,
            "prompt": q.prompt,
            "choices": [{"value": c, "label": q.labels.get(c, c)} for c in q.choices],
        }
    return QuestionnaireStep(
        kind=step.kind, question=question, hint=step.hint, result=step.result, answers=step.answers
    ).model_dump(mode="json")


@api.post("/questionnaire", security=BEARER, responses={"200": QuestionnaireStep})
def start_questionnaire(body: QuestionnaireStart) -> dict[str, Any]:
    """Start (or restart) the questionnaire; ``region`` may be given up front."""
    user = require_user()
    seed = {"region": body.region} if body.region else {}
    return _step_json(_questionnaire().start(_user_key(user.openid), seed))


@api.get("/questionnaire", security=BEARER, responses={"200": QuestionnaireStep})
def current_question() -> dict[str, Any]:
    """The question waiting for an answer (kind ``none`` when no questionnaire runs; it
    expires after 30 minutes without an answer)."""
    user = require_user()
    return _step_json(_questionnaire().current(_user_key(user.openid)))


@api.post("/questionnaire/answers", security=BEARER, responses={"200": QuestionnaireStep})
def answer(body: AnswerRequest) -> dict[str, Any]:
    """Answer the current question: ``text`` as a worker types it (「两年」, 「3」), or a
    choice ``value`` as listed in the question. Not understood: the same question with a
    ``hint``. ``action`` ``back`` or ``cancel`` instead goes back one question or stops."""
    user = require_user()
    quiz, key = _questionnaire(), _user_key(user.openid)
    if body.action == "back":
        return _step_json(quiz.back(key))
    if body.action == "cancel":
        return _step_json(quiz.cancel(key))
    current = quiz.current(key)
    if current.kind != "question" or current.question is None:
        raise ApiError(409, "No questionnaire is running; start one first.", "no_questionnaire")
    if body.value is not None:
        q = current.question
        if q.choices and body.value not in q.choices:
            raise ApiError(
                422,
                f"value must be one of the choices of {q.field}.",
                "invalid_answer",
                [FieldError(field="value", message="not one of the choices")],
            )
        return _step_json(quiz.set_value(key, q.field, body.value))
    return _step_json(quiz.answer(key, body.text or ""))


@api.get("/profile", security=BEARER, responses={"200": ProfileResponse, "404": ErrorBody})
def get_profile() -> dict[str, Any]:
    """The worker's stored profile."""
    user = require_user()
    stored = profiles.get_profile(user.openid)
    if stored is None:
        raise ApiError(404, "No profile is stored.")
    return ProfileResponse(profile=stored).model_dump(mode="json")


@api.put("/profile", security=BEARER, responses={"200": ProfileResponse})
def put_profile(body: ProfileRequest) -> dict[str, Any]:
    """Store the worker's profile; ``consent`` must be true (个人信息保护法: explicit consent
    to keeping it for notifications and the blue card)."""
    user = require_user()
    if not body.consent:
        raise ApiError(
            422,
            "Consent is required to store a profile.",
            "consent_required",
            [FieldError(field="consent", message="must be true")],
        )
    try:
        stored = profiles.save_profile(user.openid, body.profile)
    except ProfileError as err:
        raise _profile_error(err) from err
    return ProfileResponse(profile=stored).model_dump(mode="json")


@api.delete("/profile", security=BEARER, responses={"204": None})
def delete_profile() -> tuple[str, int]:
    """Delete the worker's stored profile (idempotent)."""
    user = require_user()
    profiles.delete_profile(user.openid)
    return "", 204
