"""The order a build takes its languages in: two workers, neither left waiting on the other."""

from __future__ import annotations

from pathlib import Path

from parley.nlp.build import PlannedBuild, build_plan, default_build_languages, next_build


def test_a_borrower_brings_its_donor_and_comes_after_it(shared_dir: Path) -> None:
    plan = build_plan(["az"], shared_dir / "corpora")
    assert plan == [PlannedBuild("tr"), PlannedBuild("az", donor="tr")]


def test_donors_first_then_the_largest_training_data_first(shared_dir: Path) -> None:
    plan = build_plan(default_build_languages(), shared_dir / "corpora")
    order = [step.lang for step in plan]
    assert sorted(order) == sorted(default_build_languages())
    assert order[0] == "tr"  # az's donor
    assert order.index("en") < order.index("de") < order.index("kk")  # EWT + CoNLL > GSD + GermEval > KTB
    assert order[-1] == "az"


def test_a_worker_takes_a_ready_borrower_before_the_next_language() -> None:
    waiting = [PlannedBuild("de"), PlannedBuild("kk"), PlannedBuild("az", donor="tr")]
    assert next_build(waiting, built=set()) == PlannedBuild("de")
    assert next_build(waiting, built={"tr"}) == PlannedBuild("az", donor="tr")


def test_nothing_to_take_while_only_borrowers_of_an_unbuilt_donor_wait() -> None:
    assert next_build([PlannedBuild("az", donor="tr")], built={"en"}) is None
    assert next_build([], built=set()) is None
