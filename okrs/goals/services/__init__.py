"""Every change to OKR data goes through here: validated, stored, audited and rolled up in
one transaction, so a bad input stores nothing and a good one leaves the figures right."""

from okrs.goals.services.alignments import accept_link, align, unalign
from okrs.goals.services.canvases import save_canvas
from okrs.goals.services.checkins import Pushed, give_feedback, push_value, record_check_in
from okrs.goals.services.cloning import clone_objectives
from okrs.goals.services.common import SYSTEM, Author, batch
from okrs.goals.services.key_results import add_key_result, delete_key_result, update_key_result
from okrs.goals.services.objectives import (
    close_objective,
    create_objective,
    delete_objective,
    reopen_objective,
    update_objective,
)
from okrs.goals.services.periods import (
    activate_period,
    create_focus_area,
    create_period,
    delete_focus_area,
    suggested_period,
    update_focus_area,
    update_period,
)

__all__ = [
    "SYSTEM",
    "Author",
    "Pushed",
    "accept_link",
    "activate_period",
    "add_key_result",
    "align",
    "batch",
    "clone_objectives",
    "close_objective",
    "create_focus_area",
    "create_objective",
    "create_period",
    "delete_focus_area",
    "delete_key_result",
    "delete_objective",
    "give_feedback",
    "push_value",
    "record_check_in",
    "reopen_objective",
    "save_canvas",
    "suggested_period",
    "unalign",
    "update_focus_area",
    "update_key_result",
    "update_objective",
    "update_period",
]
