"""Rules catalogue and eligibility engine: which benefits a worker gets, how much, and why not.

PURE: no Flask, no SQLAlchemy, nothing of this project's other packages.

    >>> from policy_kb.eligibility import evaluate, parse_profile
    >>> result = evaluate(parse_profile({"region": "叶集区", "skill_level": "技师"}))
    >>> result.to_dict()["unknown"][:1]
    ['honors']

- ``parse_profile(data) -> Profile`` validates a worker profile (raises ``ProfileError``).
- ``PROFILE_FIELDS`` describes each profile field for questionnaires.
- ``load_catalogue(rules_dir, kb) -> Catalogue`` loads ``policy_kb/rules/*.yaml`` and checks every
  quote and amount against the text (raises ``CatalogueError``); ``default_catalogue()`` caches it.
- ``evaluate(profile, catalogue=None) -> EligibilityResult``; ``.to_dict()`` is the JSON result.
- ``next_questions(profile, catalogue=None) -> list[str]``: fields to ask, most money first.
"""

from policy_kb.eligibility.catalogue import (
    Amount,
    AnyOf,
    Catalogue,
    CatalogueError,
    Condition,
    DocumentInfo,
    ExclusivityGroup,
    Rule,
    default_catalogue,
    load_catalogue,
)
from policy_kb.eligibility.engine import (
    Benefit,
    EligibilityResult,
    ExclusivityChoice,
    NearMiss,
    Pending,
    Programme,
    Proposed,
    Unmet,
    evaluate,
    next_questions,
)
from policy_kb.eligibility.profile import (
    COMPETITION_LEVELS,
    EMPLOYER_TYPES,
    HIGH_SKILL_LEVELS,
    KNOWN_HONORS,
    PROFILE_FIELDS,
    SKILL_LEVELS,
    Competition,
    FieldSpec,
    Profile,
    ProfileError,
    canonical_skill_level,
    parse_profile,
)

__all__ = [
    "COMPETITION_LEVELS",
    "EMPLOYER_TYPES",
    "HIGH_SKILL_LEVELS",
    "KNOWN_HONORS",
    "PROFILE_FIELDS",
    "SKILL_LEVELS",
    "Amount",
    "AnyOf",
    "Benefit",
    "Catalogue",
    "CatalogueError",
    "Competition",
    "Condition",
    "DocumentInfo",
    "EligibilityResult",
    "ExclusivityChoice",
    "ExclusivityGroup",
    "FieldSpec",
    "NearMiss",
    "Pending",
    "Profile",
    "ProfileError",
    "Programme",
    "Proposed",
    "Rule",
    "Unmet",
    "canonical_skill_level",
    "default_catalogue",
    "evaluate",
    "load_catalogue",
    "next_questions",
    "parse_profile",
]
