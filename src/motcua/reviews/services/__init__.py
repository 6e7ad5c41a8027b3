"""Writes of the review app, by subdomain: review plans (``plans``), reviews and their
recommendations (``reviews``) with their compliance cost (``costs``), simplification plans and their
outcomes (``simplification``), draft regulations (``drafts``), and the internal process after a
shorter time limit (``processes``).

Every function checks its input and raises a ``DomainError`` (Vietnamese message, machine code)
before it writes anything; multi-row writes happen in one transaction. Reads are in
``reviews.selectors``.
"""

from motcua.reviews.services.common import RECOMMENDATION_FIELDS, Kind, Outcome
from motcua.reviews.services.costs import recompute
from motcua.reviews.services.drafts import assess_draft_procedure, give_opinion, register_draft
from motcua.reviews.services.plans import assign, create_plan
from motcua.reviews.services.processes import QUARTER, scale_steps, shorten_process
from motcua.reviews.services.reviews import (
    change_recommendation,
    file_review,
    revise_recommendation,
)
from motcua.reviews.services.simplification import (
    add_to_plan,
    approve_plan,
    create_simplification_plan,
    propose_decision,
    record_outcome,
)

__all__ = [
    "QUARTER",
    "RECOMMENDATION_FIELDS",
    "Kind",
    "Outcome",
    "add_to_plan",
    "approve_plan",
    "assess_draft_procedure",
    "assign",
    "change_recommendation",
    "create_plan",
    "create_simplification_plan",
    "file_review",
    "give_opinion",
    "propose_decision",
    "recompute",
    "record_outcome",
    "register_draft",
    "revise_recommendation",
    "scale_steps",
    "shorten_process",
]
