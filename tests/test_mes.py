"""The Method of Equal Shares (add1 + greedy completion) and greedy selection,
cross-checked against pabutools on a few hundred generated instances, plus
small cases worked out by hand."""

from __future__ import annotations

import random

import pytest
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

from musrenbang import mes


def generated(seed: int, empty: bool = False, generous: bool = False):
    """A random instance; `empty`: some voters approve nothing (present delegations
    with empty ballots); `generous`: the budget covers every project."""
    rng = random.Random(seed)
    names = [f"p{i:02d}" for i in range(rng.randint(2, 14))]
    costs = {name: rng.choice([rng.randint(1, 20), rng.randint(1, 60)]) for name in names}
    ballots = [set(rng.sample(names, rng.randint(1, len(names)))) for _ in range(rng.randint(1, 8))]
    if empty:
        ballots += [set() for _ in range(rng.randint(1, 4))]
        rng.shuffle(ballots)
    supported = [n for n in names if any(n in b for b in ballots)]
    budget = rng.randint(max(costs.values()) // 2 + 1, sum(costs.values()))
    if generous:
        budget = sum(costs.values()) + rng.randint(0, 30)
    return costs, ballots, budget, supported


def stepping(costs, ballots, budget, order, increment):
    """The completion as defined: run MES at every step of the share, no jumps."""
    share, previous = mes.Fraction(budget, len(ballots)), []
    supported = [p for p in order if costs[p] > 0 and any(p in b for b in ballots)]
    while True:
        outcome = mes.run_at(costs, ballots, order, share)[0]
        spent = sum(costs[p] for p in outcome)
        if spent > budget:
            outcome = previous
            break
        if all(p in outcome or spent + costs[p] > budget for p in supported):
            break
        share += increment
        previous = outcome
    return mes.greedy(costs, ballots, budget, order, outcome)


def pabutools_instance(costs, ballots, budget, supported):
    projects = {name: Project(name, costs[name]) for name in supported}
    instance = Instance(projects.values(), budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot([projects[p] for p in b if p in projects]) for b in ballots])
    return instance, profile


KINDS = [("approving", s) for s in range(300)] + [(k, s) for k in ("empty-ballots", "generous") for s in range(120)]


@pytest.mark.parametrize("kind, seed", KINDS)
def test_equal_shares_agrees_with_pabutools(kind, seed):
    costs, ballots, budget, supported = generated(seed, empty=kind == "empty-ballots", generous=kind == "generous")
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
    mes_only, _ = mes.run_at(costs, ballots, sorted(costs), mes.Fraction(budget, len(ballots)))
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


@pytest.mark.parametrize("seed", range(200))
def test_jumps_give_exactly_the_stepping_result(seed):
    # finer costs and small steps: stepping walks hundreds of shares, the jumps
    # only the ones where the run changes; the selection order is the same
    rng = random.Random(seed)
    costs, ballots, budget, _ = generated(seed, empty=seed % 2 == 0, generous=seed % 5 == 0)
    costs = {p: c * 100 + rng.randint(0, 99) for p, c in costs.items()}
    budget, order = budget * 100, sorted(costs)
    increment = rng.choice([3, 17, 250])
    assert mes.equal_shares(costs, ballots, budget, order, increment) == stepping(costs, ballots, budget, order, increment)


def test_a_voter_with_an_empty_ballot_keeps_a_share():
    # 2 voters, budget 100: 50 each. Voter a approves a1 (cost 60) and a2 (cost 40);
    # voter b approves nothing. MES: a's 50 cannot pay a1 (60); a2 costs a 40.
    # Raising the share to 60 each makes a1 affordable, and a1 + a2 = 100 fits:
    # the add1 completion selects both. Counting only a as a voter would give a
    # the whole 100 at once, and a1 first.
    costs = {"a1": 60, "a2": 40}
    assert mes.run_at(costs, [{"a1", "a2"}, set()], ["a1", "a2"], mes.Fraction(50))[0] == ["a2"]
    assert mes.run_at(costs, [{"a1", "a2"}], ["a1", "a2"], mes.Fraction(100))[0] == ["a1", "a2"]


def test_the_run_reports_how_far_the_share_can_grow():
    # one voter approving p (cost 10) with a share of 4: p is not affordable until
    # the share reaches 10, so the run stays the same for 6 more rupiah
    outcome, delta = mes.run_at({"p": 10}, [{"p"}], ["p"], mes.Fraction(4))
    assert outcome == [] and delta == 6
    # at a share of 10 or more the run never changes again
    assert mes.run_at({"p": 10}, [{"p"}], ["p"], mes.Fraction(12)) == (["p"], None)


def test_a_step_of_one_over_a_large_pagu_finishes():
    # two voters, pagu Rp1.000.000.000: 500 million each. One approves p (the whole
    # pagu), the other nothing. p becomes affordable at a share of 1,000,000,000:
    # stepping by Rp1 would take 500 million runs; the jumps take two.
    runs = []
    original = mes._run

    def counted(*args):
        runs.append(1)
        return original(*args)

    mes._run = counted
    try:
        assert mes.equal_shares({"p": 10**9}, [{"p"}, set()], 10**9, ["p"], increment=1) == ["p"]
    finally:
        mes._run = original
    assert len(runs) == 2
