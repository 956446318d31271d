"""The therapist's screens, one module each: a child's home program (and a game's options),
their goals in OT form (list, edit, GAS words, remove), and a graded task with its results.

Games, metrics and units come from the registry (``engine.registry.all_games()``), never
from a fixed list, so a new game shows up here by being installed. Numbers are set with
steppers; only the therapist's own words (GAS levels) are typed.
"""

from tinyhands.screens.therapist.game_options import GameOptionsScene
from tinyhands.screens.therapist.gas import GasScene
from tinyhands.screens.therapist.goal_edit import GoalEditScene
from tinyhands.screens.therapist.goal_remove import RemoveGoalScene
from tinyhands.screens.therapist.goals import GoalsScene
from tinyhands.screens.therapist.graded_results import GradedResultsScene
from tinyhands.screens.therapist.graded_task import GradedTaskScene
from tinyhands.screens.therapist.home_program import HomeProgramScene

__all__ = [
    "GameOptionsScene",
    "GasScene",
    "GoalEditScene",
    "GoalsScene",
    "GradedResultsScene",
    "GradedTaskScene",
    "HomeProgramScene",
    "RemoveGoalScene",
]
