"""Requests of the main stories, shared by the tests of both runtimes: the integration tests'
own requests (:mod:`tests.integration.world`), for a unit with the default program."""

from ..integration.world import agreement_data, goal_data

# The default program's first learning area (the demo unit's are others).
AREA = "direction"


def agreement(pair_id, version=0):
    return agreement_data(pair_id, version, cadence="Every two weeks")


def goal(pair_id, statement="Lead the quarterly churn analysis on my own", areas=(AREA,)):
    return goal_data(pair_id, statement, areas=list(areas))
