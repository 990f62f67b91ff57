"""The Method of Equal Shares over approval ballots, completed as the literature
does: "add1" (raise every voter's share step by step while the outcome stays
within the budget) and then greedy by approval count.

Cost utilities: a voter's utility from an approved project is its cost, so a
project's price is shared among its supporters in proportion to that. Exact
arithmetic (fractions) and a total tie-breaking order given by the caller make
the result deterministic; the semantics follow pabutools (`method_of_equal_shares`
with `Cost_Sat` and `voter_budget_increment`, then `greedy_utilitarian_welfare`),
against which the tests cross-check.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

try:  # gmpy2's exact rationals are several times faster than fractions.Fraction
    from gmpy2 import mpq as Fraction
except ImportError:  # pragma: no cover
    from fractions import Fraction

INF = Fraction(10) ** 30


@dataclass
class _Project:
    name: str
    cost: int
    supporters: list[int]
    affordability: Fraction


def _affordability(project: _Project, budgets: list[Fraction]) -> Fraction | None:
    """The smallest price per unit of utility at which the supporters can pay for
    the project (each pays at most what they have), or None if they cannot."""
    supporters = sorted(project.supporters, key=lambda i: budgets[i] / project.cost)
    paid, weight = Fraction(0), Fraction(len(supporters) * project.cost)
    for i in supporters:
        rho = (project.cost - paid) / weight
        if rho * project.cost <= budgets[i]:
            return rho
        paid += budgets[i]
        weight -= project.cost
    return None


def _run(projects: list[_Project], budgets: list[Fraction], rank: dict[str, int]) -> list[str]:
    """One run of MES with the given voter budgets; returns the selected names in order.

    Affordabilities only grow as budgets shrink, so the stored value is a lower
    bound: a heap on it gives the projects in the order pabutools scans them, and a
    round stops at the first whose lower bound exceeds the best found.
    """
    heap = [(p.affordability, rank[p.name], p) for p in projects]
    heapq.heapify(heap)
    chosen: list[str] = []
    while heap:
        best, tied, seen = INF, [], []
        while heap and heap[0][0] <= best:
            _, _, project = heapq.heappop(heap)
            if sum(budgets[i] for i in project.supporters) < project.cost:
                continue  # can never be afforded again: dropped
            rho = _affordability(project, budgets)
            project.affordability = rho
            seen.append(project)
            if rho < best:
                best, tied = rho, [project]
            elif rho == best:
                tied.append(project)
        if not tied:
            return chosen
        winner = min(tied, key=lambda p: rank[p.name])
        for project in seen:
            if project is not winner:
                heapq.heappush(heap, (project.affordability, rank[project.name], project))
        chosen.append(winner.name)
        for i in winner.supporters:
            budgets[i] -= min(budgets[i], best * winner.cost)
    return chosen


def equal_shares(costs: dict[str, int], ballots: list[set[str]], budget: int, order: list[str],
                 increment: Fraction | int | None = 1) -> list[str]:
    """MES (add1 completion when `increment` is given) then greedy completion.

    `costs`: project → cost; `ballots`: one set of approved projects per voter;
    `order`: every project, best first, for breaking ties. Returns the selected
    projects in the order they were selected.
    """
    rank = {name: index for index, name in enumerate(order)}
    voters = len(ballots)
    free = [p for p in order if costs[p] == 0 and any(p in b for b in ballots)]
    supported = [p for p in order if costs[p] > 0 and any(p in b for b in ballots)]
    if not voters:
        return free
    share = Fraction(budget, voters)
    previous = list(free)
    supporters = {p: [i for i, b in enumerate(ballots) if p in b] for p in supported}
    while True:
        projects = [_Project(p, costs[p], supporters[p], Fraction(1, len(supporters[p]))) for p in supported]
        outcome = free + _run(projects, [share] * voters, rank)
        if increment is None:
            break
        spent = sum(costs[p] for p in outcome)
        if spent > budget:
            outcome = previous
            break
        if all(p in outcome or spent + costs[p] > budget for p in supported):
            break
        share += increment
        previous = outcome
    return greedy(costs, ballots, budget, order, outcome)


def greedy(costs: dict[str, int], ballots: list[set[str]], budget: int, order: list[str],
           start: list[str] | None = None) -> list[str]:
    """Add projects by approvals per rupiah of cost (with cost utilities: by the
    number of approvals), best first, while they fit."""
    chosen = list(start or [])
    left = budget - sum(costs[p] for p in chosen)
    rank = {name: index for index, name in enumerate(order)}

    def density(p: str) -> Fraction:
        votes = sum(p in b for b in ballots)
        if votes == 0:
            return Fraction(0)
        return Fraction(votes) if costs[p] > 0 else INF

    for project in sorted((p for p in order if p not in chosen and any(p in b for b in ballots)),
                          key=lambda p: (-density(p), rank[p])):
        if costs[project] <= left:
            chosen.append(project)
            left -= costs[project]
    return chosen
