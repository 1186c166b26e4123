"""The practical exam's state changes: rubrics and their versions, the cut, scheduling,
examiner assignment, the examiners' forms, the sitting's result and an admin's decision.

One module per part; the public names are re-exported here so that
`from exams.services import practical as services` keeps working.

Lock order, everywhere: the sitting row, then the assignment rows. Assigning an examiner
locks the examiner's user row first, so two assignments of one examiner at once are checked
for overlap one after the other.
"""

from .results import Combined, combine, resolve_flagged_sitting
from .rubrics import (
    CriterionData,
    apply_regression_cut,
    create_rubric,
    revise_rubric,
    set_cut_score,
)
from .scheduling import assign_examiner, remove_examiner, schedule_sitting
from .scoring import ScoreInput, missing_on_submit, save_draft, submit_scores

__all__ = [
    "Combined",
    "CriterionData",
    "ScoreInput",
    "apply_regression_cut",
    "assign_examiner",
    "combine",
    "create_rubric",
    "missing_on_submit",
    "remove_examiner",
    "resolve_flagged_sitting",
    "revise_rubric",
    "save_draft",
    "schedule_sitting",
    "set_cut_score",
    "submit_scores",
]
