"""Read-only policy endpoints: the documents, one document's clause tree, and search."""

from __future__ import annotations

from typing import Any

from flask_openapi3 import Tag

from bluecard.apidoc import APIBlueprint
from bluecard.errors import COMMON_ERROR_RESPONSES, ApiError, ErrorBody
from bluecard.runtime import current_runtime
from miniapp_api.schemas import (
    ClauseNode,
    DocPath,
    PolicyDetail,
    PolicyList,
    PolicySummary,
    SearchQuery,
    SearchResponse,
)
from policy_kb import docinfo
from policy_kb.chinatime import china_today

api = APIBlueprint(
    "policies",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="policies", description="policy documents and clause search")],
    abp_responses={**COMMON_ERROR_RESPONSES, "400": ErrorBody},
)


@api.get("/policies", responses={"200": PolicyList})
def list_policies() -> dict[str, Any]:
    """Every policy document's metadata, by doc_id. Drafts are listed with ``draft: true``."""
    kb = current_runtime().knowledge.kb
    items = [_summary(kb.documents[doc_id]) for doc_id in sorted(kb.documents)]
    return PolicyList(count=len(items), policies=items).model_dump(mode="json")


@api.get("/policies/<doc_id>", responses={"200": PolicyDetail, "404": ErrorBody})
def get_policy(path: DocPath) -> dict[str, Any]:
    """One document's metadata and clause tree."""
    kb = current_runtime().knowledge.kb
    doc = kb.documents.get(path.doc_id)
    if doc is None:
        raise ApiError(404, f"No policy document {path.doc_id!r}.")
    detail = PolicyDetail(**_summary(doc).model_dump(), clauses=_tree(doc, None))
    return detail.model_dump(mode="json")


@api.get("/search", responses={"200": SearchResponse})
def search(query: SearchQuery) -> dict[str, Any]:
    """The clauses that answer ``q`` (the same index the chatbot uses)."""
    knowledge = current_runtime().knowledge
    result = knowledge.index.search(query.q, top=query.top, region=query.region)
    today = china_today()
    hits = []
    for hit in result.hits:
        meta = knowledge.kb.document(hit.doc_id).meta
        hits.append(
            hit.to_json()
            | {"standing": docinfo.standing(meta, today), "warnings": docinfo.warnings(meta, today)}
        )
    return SearchResponse(
        query=query.q,
        region=query.region,
        answered=bool(result.answered),
        about_document=result.about_document,
        uncovered_places=list(result.uncovered_places),
        hits=hits,
    ).model_dump(mode="json")


def _summary(doc: Any) -> PolicySummary:
    meta = doc.meta
    return PolicySummary(
        doc_id=meta.doc_id,
        title=meta.title,
        citation=meta.citation(),
        issuer=meta.issuer,
        wenhao=meta.wenhao,
        issued_on=meta.issued_on,
        issued_note=meta.issued_note,
        regions=list(meta.regions),
        status=meta.status,
        draft=meta.status == "draft",
        horizon=meta.horizon,
        horizon_end=meta.horizon_end,
    )


def _tree(doc: Any, parent_id: str | None) -> list[ClauseNode]:
    """The clause tree below ``parent_id`` (None: the whole document)."""
    children: dict[str | None, list[Any]] = {}
    for clause in doc.clauses:
        children.setdefault(clause.parent_id, []).append(clause)

    def build(pid: str | None) -> list[ClauseNode]:
        return [
            ClauseNode(
                clause_id=c.clause_id,
                number=c.number,
                heading=c.heading,
                text=c.text,
                children=build(c.clause_id),
            )
            for c in children.get(pid, [])
        ]

    return build(parent_id)
