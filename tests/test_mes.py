"""The Method of Equal Shares (add1 + greedy completion) and greedy selection,
cross-checked against pabutools on a few hundred generated instances, plus
small cases worked out by hand."""

from __future__ import annotations

import random

import pytest
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

from musrenbang import mes


def generated(seed: int):
    rng = random.Random(seed)
    names = [f"p{i:02d}" for i in range(rng.randint(2, 14))]
    costs = {name: rng.choice([rng.randint(1, 20), rng.randint(1, 60)]) for name in names}
    ballots = [set(rng.sample(names, rng.randint(1, len(names)))) for _ in range(rng.randint(1, 8))]
    supported = [n for n in names if any(n in b for b in ballots)]
    budget = rng.randint(max(costs.values()) // 2 + 1, sum(costs.values()))
    return costs, ballots, budget, supported


def pabutools_instance(costs, ballots, budget, supported):
    projects = {name: Project(name, costs[name]) for name in supported}
    instance = Instance(projects.values(), budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot([projects[p] for p in b if p in projects]) for b in ballots])
    return instance, profile


@pytest.mark.parametrize("seed", range(300))
def test_equal_shares_agrees_with_pabutools(seed):
    costs, ballots, budget, supported = generated(seed)
    instance, profile = pabutools_instance(costs, ballots, budget, supported)
    theirs = completion_by_rule_combination(
        instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}])
    ours = mes.equal_shares(costs, ballots, budget, sorted(costs), increment=1)
    assert sorted(ours) == sorted(p.name for p in theirs)
    assert sum(costs[p] for p in ours) <= budget


@pytest.mark.parametrize("seed", range(100))
def test_plain_equal_shares_agrees_with_pabutools(seed):
    costs, ballots, budget, supported = generated(seed)
    instance, profile = pabutools_instance(costs, ballots, budget, supported)
    theirs = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    ours = mes.equal_shares(costs, ballots, budget, sorted(costs), increment=None)
    # without add1, greedy completion still follows in ours: compare the MES part
    mes_only = mes._run([mes._Project(p, costs[p], [i for i, b in enumerate(ballots) if p in b],
                                      mes.Fraction(1, sum(p in b for b in ballots))) for p in supported],
                        [mes.Fraction(budget, len(ballots))] * len(ballots), {n: i for i, n in enumerate(sorted(costs))})
    assert sorted(mes_only) == sorted(p.name for p in theirs)
    assert set(mes_only) <= set(ours)


@pytest.mark.parametrize("seed", range(100))
def test_greedy_agrees_with_pabutools(seed):
    costs, ballots, budget, supported = generated(seed)
    instance, profile = pabutools_instance(costs, ballots, budget, supported)
    theirs = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert sorted(mes.greedy(costs, ballots, budget, sorted(costs))) == sorted(p.name for p in theirs)


def test_equal_shares_gives_a_small_group_its_share():
    # 3 voters, budget 30 (10 each). Two voters approve a (cost 20) and b (cost 20);
    # one voter approves only c (cost 10). Greedy by votes would take a (2 votes) and
    # stop at 20 + c = 30; MES: a costs 20 = the two supporters' 20; c costs 10 = its
    # supporter's 10. Both a and c are chosen, b is not affordable.
    costs = {"a": 20, "b": 20, "c": 10}
    ballots = [{"a", "b"}, {"a", "b"}, {"c"}]
    assert mes.equal_shares(costs, ballots, 30, ["a", "b", "c"], increment=None) == ["a", "c"]


def test_large_group_cannot_take_everything():
    # 5 voters, budget 40: a share of 8 each. Four voters of a large desa approve
    # x1..x4 (cost 10 each); the small desa's voter approves s (cost 8).
    # Greedy by votes takes x1..x4 (40) and nothing fits after. Equal shares: each x
    # costs its 4 supporters 2.5 each, so they afford x1, x2, x3 (7.5 of their 8);
    # s costs its one supporter 8 of 8. Total 38; x4 no longer fits.
    costs = {"x1": 10, "x2": 10, "x3": 10, "x4": 10, "s": 8}
    ballots = [{"x1", "x2", "x3", "x4"}] * 4 + [{"s"}]
    assert mes.greedy(costs, ballots, 40, ["x1", "x2", "x3", "x4", "s"]) == ["x1", "x2", "x3", "x4"]
    assert sorted(mes.equal_shares(costs, ballots, 40, ["x1", "x2", "x3", "x4", "s"], increment=1)) == ["s", "x1", "x2", "x3"]
