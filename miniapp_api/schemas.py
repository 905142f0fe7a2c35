"""Request and response models of the mini-program API (pydantic; they make the OpenAPI doc)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, field_validator

from policy_kb.chinatime import YEARS_TEXT, in_years
from policy_kb.regions import REGIONS, canonical_region

REGION_NAMES = ", ".join(r.name for r in REGIONS)


def fields_of(
    source: type,
    *,
    as_json: Mapping[str, Any] | None = None,
    properties: Mapping[str, str] | None = None,
) -> type[BaseModel]:
    """The fields of the JSON a service dataclass ``source`` is shown as, for a response model
    to extend — ``class WorkerItem(fields_of(WorkerView, as_json={"updated_at": str}))`` — so
    the shape is written once, in the dataclass, and the model adds only its docstring and
    field descriptions (the OpenAPI document's words).

    Every field of ``source``, in its order, required (the JSON always carries each one, so a
    dataclass default is not the API's), typed as in ``source`` unless ``as_json`` gives the
    type the JSON carries it as (a datetime shown as its China date: ``str``). ``properties``:
    read-only properties of ``source`` the JSON carries too, typed by their return annotation,
    each mapped to the field it follows (one a field). Raises KeyError naming a field or
    property ``source`` does not have.
    """
    hints = typing.get_type_hints(source)
    as_json = dict(as_json or {})
    follows = {field: name for name, field in (properties or {}).items()}
    unknown = sorted(as_json.keys() - hints.keys()) + sorted(follows.keys() - hints.keys())
    unknown += [p for p in properties or {} if not isinstance(getattr(source, p, None), property)]
    if unknown:
        raise KeyError(f"{source.__name__} has no {', '.join(unknown)}")
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(source):
        fields[f.name] = (as_json.get(f.name, hints[f.name]), ...)
        if f.name in follows:
            getter = getattr(source, follows[f.name]).fget
            fields[follows[f.name]] = (typing.get_type_hints(getter)["return"], ...)
    return create_model(f"{source.__name__}Fields", **fields)


_D = TypeVar("_D", bound=date)


def _in_years(value: _D) -> _D:
    if not in_years(value):
        raise ValueError(f"日期应在{YEARS_TEXT}之间")
    return value


#: A date a request names, in 2000–2100 (``chinatime.in_years``); else 422 naming the field.
Day = Annotated[date, AfterValidator(_in_years)]
#: A moment a request names, its year in 2000–2100.
Moment = Annotated[datetime, AfterValidator(_in_years)]


class LoginRequest(BaseModel):
    """``wx.login()``'s temporary code."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")


class LoginResponse(BaseModel):
    """Our own session token: send it as ``Authorization: Bearer <token>``."""

    token: str
    token_type: str = "Bearer"
    expires_at: datetime
    expires_in: int = Field(description="seconds")


class MeResponse(BaseModel):
    """Who the bearer token belongs to."""

    openid: str
    session_expires_at: datetime


class DocPath(BaseModel):
    """Path of a policy document."""

    doc_id: str = Field(max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")


class PolicySummary(BaseModel):
    """A policy document's metadata; anything the document does not print is null.

    status ``draft`` (征求意见稿) is flagged by ``draft: true``: never policy in force.
    """

    doc_id: str
    title: str
    citation: str = Field(description="文号, or the title in 《》 when no 文号 is printed")
    issuer: str | None
    wenhao: str | None = Field(description="文号 as printed")
    issued_on: date | None
    issued_note: str | None
    regions: list[str]
    status: str
    draft: bool
    horizon: str | None
    horizon_end: date | None


class PolicyList(BaseModel):
    """All policy documents, by doc_id."""

    count: int
    policies: list[PolicySummary]


class ClauseNode(BaseModel):
    """One clause and its sub-clauses, in reading order."""

    clause_id: str
    number: str
    heading: str
    text: str
    children: list[ClauseNode]


class PolicyDetail(PolicySummary):
    """A document's metadata and its clause tree."""

    clauses: list[ClauseNode]


class SearchQuery(BaseModel):
    """A question, optionally limited to one region."""

    q: str = Field(min_length=1, max_length=200, description="the question, as a user asks it")
    region: str | None = Field(None, description=f"one of {REGION_NAMES} (or an alias)")
    top: int = Field(3, ge=1, le=10)

    @field_validator("q")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        name = canonical_region(value)
        if name is None:
            raise ValueError(f"unknown region; known: {REGION_NAMES}")
        return name


class SearchResponse(BaseModel):
    """Clauses answering the question, best first; ``answered`` is false when nothing in the
    knowledge base answers it (``hits`` may then hold weak matches or nothing)."""

    query: str
    region: str | None
    answered: bool
    about_document: bool = Field(
        False, description="the question asks about a document itself; hits[0] is its 文件信息"
    )
    uncovered_places: list[str] = Field(
        default_factory=list, description="places named that no document covers (then unanswered)"
    )
    hits: list[dict[str, Any]] = Field(
        description="clauses best first, each with standing (draft | not_yet | in_force | "
        "expired | superseded | period_passed) and the warnings an answer quoting it must show"
    )


class EligibilityRequest(BaseModel):
    """A worker profile to evaluate (fields of docs/contracts.md "Worker profile"; region required)."""

    model_config = ConfigDict(extra="forbid")
    profile: dict[str, Any]


class QuestionnaireStart(BaseModel):
    """Optional facts known before the first question."""

    model_config = ConfigDict(extra="forbid")
    region: str | None = None

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if value is None:
            return None
        name = canonical_region(value)
        if name is None:
            raise ValueError(f"unknown region; one of {REGION_NAMES}")
        return name


class AnswerRequest(BaseModel):
    """An answer: ``text`` as typed, or a choice ``value``; or ``action`` back/cancel."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, max_length=200)
    value: Any = None
    action: str | None = Field(default=None, pattern=r"^(back|cancel)$")


class QuestionnaireStep(BaseModel):
    """Where the questionnaire is: a ``question`` to ask, or the ``result`` (kind)."""

    kind: str = Field(description="question | result | none | cancelled")
    question: dict[str, Any] | None = None
    hint: str | None = None
    result: dict[str, Any] | None = None
    answers: dict[str, Any] = Field(default_factory=dict)


class ProfileRequest(BaseModel):
    """A profile to keep, with the worker's explicit consent."""

    model_config = ConfigDict(extra="forbid")
    profile: dict[str, Any]
    consent: bool


class ProfileResponse(BaseModel):
    """The stored profile."""

    profile: dict[str, Any]
