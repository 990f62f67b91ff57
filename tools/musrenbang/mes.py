"""The Method of Equal Shares over approval ballots, completed as the literature
does: "add1" (raise every voter's share step by step while the outcome stays
within the budget) and then greedy by approval count.

Cost utilities: a voter's utility from an approved project is its cost, so a
project's price is shared among its supporters in proportion to that. Exact
arithmetic (rationals) and a total tie-breaking order given by the caller make
the result deterministic; the semantics follow pabutools (`method_of_equal_shares`
with `Cost_Sat` and `voter_budget_increment`, then `greedy_utilitarian_welfare`),
against which the tests cross-check.

Bounded time. The stepping definition runs MES at the shares s, s + d, s + 2d, ...
until the outcome overspends or nothing more fits. A run at share s is a sequence
of comparisons between quantities that are linear in s (budgets, prices, payments).
`_run` computes every such quantity as a value and a slope, and returns besides
the outcome how far s can grow before any comparison could turn out differently:
every step inside that interval gives the very same run, so the completion jumps
to the first step beyond it. The steps it skips are exactly those whose outcome
equals the one just computed; the result is identical to stepping.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

try:  # gmpy2's exact rationals are several times faster than fractions.Fraction
    from gmpy2 import mpq as Fraction
except ImportError:  # pragma: no cover
    from fractions import Fraction

ZERO = Fraction(0)
INF = Fraction(10) ** 30

# A quantity linear in the share s, at the current s0: (value at s0, slope).
Linear = tuple


class _Stable:
    """The largest Δ such that every comparison made so far keeps its result for
    every share in [s0, s0 + Δ)."""

    def __init__(self) -> None:
        self.delta: Fraction | None = None  # None: for every larger share

    def record(self, left: Linear, right: Linear) -> None:
        """Note a comparison of two linear quantities (whatever its result)."""
        slope = left[1] - right[1]
        if slope == 0:
            return
        gap = left[0] - right[0]
        crossing = -gap / slope  # where left - right changes sign
        if gap == 0:
            crossing = ZERO  # equal only at s0 itself
        elif crossing < 0:
            return
        if self.delta is None or crossing < self.delta:
            self.delta = crossing


@dataclass(eq=False)
class _Project:
    name: str
    cost: int
    supporters: list[int]
    rank: int
    bound: Linear  # a lower bound on the price per unit of utility


def _affordability(project: _Project, budgets: list[Linear], stable: _Stable) -> Linear | None:
    """The smallest price per unit of utility at which the supporters can pay for
    the project (each pays at most what they have), or None if they cannot."""
    supporters = sorted(project.supporters, key=lambda i: budgets[i][0])
    for a, b in zip(supporters, supporters[1:]):
        stable.record(budgets[a], budgets[b])
    cost = project.cost
    paid_v, paid_b, weight = ZERO, ZERO, len(supporters) * cost
    for i in supporters:
        rho = ((cost - paid_v) / weight, -paid_b / weight)
        price = (rho[0] * cost, rho[1] * cost)
        stable.record(price, budgets[i])
        if price[0] <= budgets[i][0]:
            return rho
        paid_v, paid_b = paid_v + budgets[i][0], paid_b + budgets[i][1]
        weight -= cost
    return None


def _affordable(project: _Project, budgets: list[Linear], stable: _Stable) -> bool:
    total = (sum(budgets[i][0] for i in project.supporters), sum(budgets[i][1] for i in project.supporters))
    stable.record(total, (Fraction(project.cost), ZERO))
    return total[0] >= project.cost


class Batas:
    """A cap on the number of selected projects per group (per desa); no cap when
    `cap` is None. Counts what has been taken so far."""

    def __init__(self, groups: dict[str, str] | None = None, cap: int | None = None) -> None:
        self.groups, self.cap = groups or {}, cap
        self.taken: dict[str, int] = {}

    def copy(self) -> "Batas":
        twin = Batas(self.groups, self.cap)
        twin.taken = dict(self.taken)
        return twin

    def allows(self, name: str) -> bool:
        return self.cap is None or self.taken.get(self.groups.get(name, name), 0) < self.cap

    def take(self, name: str) -> None:
        group = self.groups.get(name, name)
        self.taken[group] = self.taken.get(group, 0) + 1


def _run(projects: list[_Project], voters: int, share: Fraction,
         batas: Batas) -> tuple[list[str], Fraction | None]:
    """One run of MES with every voter holding `share`; returns the selected names
    in order and how far the share can grow with the same run (None: for ever).

    Prices only grow as budgets shrink, so a stored price is a lower bound: a heap
    on (bound, rank) gives the projects in the order pabutools scans them, and a
    round stops at the first that can no longer beat the best found. A project
    whose desa has reached the cap is dropped (a decision that depends only on
    what was selected before, so it is the same over the whole interval).
    """
    stable = _Stable()
    budgets: list[Linear] = [(share, Fraction(1))] * voters
    heap = [(p.bound[0], p.rank, p) for p in projects]
    heapq.heapify(heap)
    sloped: set[_Project] = set()  # in the heap with a bound that falls as the share grows
    chosen: list[str] = []
    while heap:
        best, winner, seen = (INF, ZERO), None, []
        while heap and (heap[0][0], heap[0][1]) <= (best[0], winner.rank if winner else -1):
            _, _, project = heapq.heappop(heap)
            sloped.discard(project)
            if not batas.allows(project.name) or not _affordable(project, budgets, stable):
                continue  # can never be selected again in this run: dropped
            rho = _affordability(project, budgets, stable)
            project.bound = rho
            seen.append(project)
            if winner is not None:
                stable.record(rho, best)
            if winner is None or rho[0] < best[0] or (rho[0] == best[0] and project.rank < winner.rank):
                best, winner = rho, project
        if winner is None:
            return chosen, stable.delta
        for project in seen:
            if project is not winner:
                heapq.heappush(heap, (project.bound[0], project.rank, project))
                if project.bound[1] < 0:
                    sloped.add(project)
        # not scanned: their bound must stay above the price paid. Prices never rise
        # with the share (slope <= 0), so only bounds that fall faster can catch up.
        for project in (sloped if best[1] <= 0 else [entry[2] for entry in heap]):
            if project.bound[1] < best[1]:
                stable.record(project.bound, best)
        chosen.append(winner.name)
        batas.take(winner.name)
        price = (best[0] * winner.cost, best[1] * winner.cost)
        for i in winner.supporters:
            stable.record(budgets[i], price)
            if budgets[i][0] <= price[0]:
                budgets[i] = (ZERO, ZERO)
            else:
                budgets[i] = (budgets[i][0] - price[0], budgets[i][1] - price[1])
    return chosen, stable.delta


def run_at(costs: dict[str, int], ballots: list[set[str]], order: list[str],
           share: Fraction, batas: Batas | None = None) -> tuple[list[str], Fraction | None]:
    """MES with every voter holding `share`: the projects of positive cost selected,
    in order, and how far the share can grow before the run could change. `batas`
    holds what is already taken (it is updated with the selection)."""
    rank = {name: index for index, name in enumerate(order)}
    supporters: dict[str, list[int]] = {}
    for i, ballot in enumerate(ballots):
        for p in ballot:
            supporters.setdefault(p, []).append(i)
    projects = [_Project(p, costs[p], supporters[p], rank[p], (Fraction(1, len(supporters[p])), ZERO))
                for p in order if costs[p] > 0 and p in supporters]
    return _run(projects, len(ballots), share, batas if batas is not None else Batas())


# How each project ended, for reasons: (stage, pagu left when it was considered).
# Stages: "mes" selected by MES; "minimal" the desa's pick of the at-least-one
# rule; "greedy" selected by the greedy completion; "batas" refused by the cap;
# "pagu" refused because it costs more than the pagu left.
Jejak = dict


def equal_shares(costs: dict[str, int], ballots: list[set[str]], budget: int, order: list[str],
                 increment: Fraction | int | None = 1, groups: dict[str, str] | None = None,
                 cap: int | None = None, at_least_one: bool = False, jejak: Jejak | None = None) -> list[str]:
    """MES (add1 completion when `increment` is given) then greedy completion.

    `costs`: project → cost; `ballots`: one set of approved projects per voter
    (an empty set is a voter who approves nothing, and still holds a share);
    `order`: every project, best first, for breaking ties. Returns the selected
    projects in the order they were selected.

    With `groups` (project → desa): `cap` selected projects per desa at most, in
    MES and in the completion; `at_least_one`: after MES, each desa with nothing
    selected gets its most approved project that fits the pagu left (desa in the
    order of their best project), before the greedy completion.
    """
    approved = set().union(*ballots) if ballots else set()
    outcome = _mes(costs, ballots, budget, order, increment, Batas(groups, cap), approved) if ballots else []
    jejak = jejak if jejak is not None else {}
    jejak.update((p, ("mes", None)) for p in outcome)
    if at_least_one and groups:
        outcome = _at_least_one(costs, ballots, budget, order, outcome, groups, jejak)
    batas = Batas(groups, cap)
    for p in outcome:
        batas.take(p)
    return greedy(costs, ballots, budget, order, outcome, batas, jejak)


def _mes(costs: dict[str, int], ballots: list[set[str]], budget: int, order: list[str],
         increment: Fraction | int | None, batas: Batas, approved: set[str]) -> list[str]:
    """MES and its add1 completion: the share steps by `increment` while the
    outcome fits the budget, jumping over the steps that repeat an outcome."""
    free = []
    for p in order:
        if costs[p] == 0 and p in approved and batas.allows(p):
            free.append(p)
            batas.take(p)
    supported = [p for p in order if costs[p] > 0 and p in approved]
    start = Fraction(budget, len(ballots))
    steps, previous = 0, list(free)
    while True:
        taken = batas.copy()
        chosen, delta = run_at(costs, ballots, order, start + steps * Fraction(increment or 0), taken)
        outcome = free + chosen
        if increment is None:
            return outcome
        spent = sum(costs[p] for p in outcome)
        if spent > budget:
            return previous
        selected = set(outcome)
        if delta is None or all(p in selected or spent + costs[p] > budget or not taken.allows(p) for p in supported):
            return outcome  # nothing more fits, or no larger share changes the outcome
        # every step s with s - current < delta repeats this outcome: go to the first beyond
        steps += int(max(1, -(-delta // Fraction(increment)))) if delta > 0 else 1
        previous = outcome


def _at_least_one(costs: dict[str, int], ballots: list[set[str]], budget: int, order: list[str],
                  outcome: list[str], groups: dict[str, str], jejak: Jejak) -> list[str]:
    """Each desa with an approved project and none selected gets its most approved
    project (ties: `order`) among those that fit the pagu left."""
    votes = _votes(ballots)
    rank = {name: index for index, name in enumerate(order)}
    chosen, left = list(outcome), budget - sum(costs[p] for p in outcome)
    served = {groups.get(p, p) for p in chosen}
    for group in dict.fromkeys(groups.get(p, p) for p in order if p in votes):
        if group in served:
            continue
        own = sorted((p for p in order if p in votes and groups.get(p, p) == group), key=lambda p: (-votes[p], rank[p]))
        pick = next((p for p in own if costs[p] <= left), None)
        if pick is not None:
            jejak[pick] = ("minimal", left)
            chosen.append(pick)
            left -= costs[pick]
            served.add(group)
    return chosen


def _votes(ballots: list[set[str]]) -> dict[str, int]:
    votes: dict[str, int] = {}
    for ballot in ballots:
        for p in ballot:
            votes[p] = votes.get(p, 0) + 1
    return votes


def greedy(costs: dict[str, int], ballots: list[set[str]], budget: int, order: list[str],
           start: list[str] | None = None, batas: Batas | None = None, jejak: Jejak | None = None) -> list[str]:
    """Add projects by approvals per rupiah of cost (with cost utilities: by the
    number of approvals), best first, while they fit (and the desa's cap allows)."""
    chosen = list(start or [])
    taken = set(chosen)
    batas = batas if batas is not None else Batas()
    jejak = jejak if jejak is not None else {}
    left = budget - sum(costs[p] for p in chosen)
    rank = {name: index for index, name in enumerate(order)}
    votes = _votes(ballots)

    def density(p: str) -> Fraction:
        return Fraction(votes[p]) if costs[p] > 0 else INF

    for project in sorted((p for p in order if p not in taken and p in votes), key=lambda p: (-density(p), rank[p])):
        if not batas.allows(project):
            jejak[project] = ("batas", left)
        elif costs[project] > left:
            jejak[project] = ("pagu", left)
        else:
            jejak[project] = ("greedy", left)
            chosen.append(project)
            batas.take(project)
            left -= costs[project]
    return chosen
