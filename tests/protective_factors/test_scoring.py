"""Scoring, by hand-worked examples and by properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protective_factors.scoring import (
    BandSpec,
    ItemSpec,
    OutOfRange,
    TooManyUnanswered,
    band_for,
    reverse,
    score,
)

BANDS = [
    BandSpec("area_to_build", Decimal("1"), Decimal("2.5")),
    BandSpec("emerging", Decimal("2.5"), Decimal("3.5")),
    BandSpec("strength", Decimal("3.5"), Decimal("5")),
]
ITEMS = [
    ItemSpec("PR1", "pr"),
    ItemSpec("PR2", "pr"),
    ItemSpec("PR3", "pr", reverse=True),
    ItemSpec("PR4", "pr"),
    ItemSpec("SC1", "sc"),
    ItemSpec("SC2", "sc"),
]


def run(answers, max_unanswered=1):
    return {
        r.factor: r
        for r in score(
            answers,
            ITEMS,
            bands={"pr": BANDS, "sc": BANDS},
            scale_min=1,
            scale_max=5,
            max_unanswered=max_unanswered,
        )
    }


def test_a_hand_worked_example_with_a_reverse_scored_item():
    # PR: 4, 5, reverse(2)=4, 3 → 16/4 = 4.00, a strength. SC: 2, 3 → 2.50, emerging (2.5 opens that band).
    results = run({"PR1": 4, "PR2": 5, "PR3": 2, "PR4": 3, "SC1": 2, "SC2": 3})
    assert (results["pr"].mean, results["pr"].band) == (Decimal("4.00"), "strength")
    assert (results["sc"].mean, results["sc"].band) == (Decimal("2.50"), "emerging")
    assert (results["pr"].answered, results["pr"].items) == (4, 4)


def test_one_unanswered_item_is_scored_from_the_others():
    # PR: 2, —, reverse(5)=1, 2 → 5/3 = 1.67, an area to build
    results = run({"PR1": 2, "PR3": 5, "PR4": 2, "SC1": 5, "SC2": 5})
    assert (results["pr"].mean, results["pr"].band, results["pr"].answered) == (
        Decimal("1.67"),
        "area_to_build",
        3,
    )
    assert results["sc"].band == "strength" and results["sc"].mean == Decimal("5.00")


def test_too_many_unanswered_says_how_many_may_be_left():
    with pytest.raises(TooManyUnanswered) as refused:
        run({"PR1": 2, "SC1": 3, "SC2": 3})
    assert (refused.value.factor, refused.value.unanswered, refused.value.allowed) == ("pr", 3, 1)


def test_an_answer_off_the_scale_is_refused():
    with pytest.raises(OutOfRange):
        run({"PR1": 6, "PR2": 5, "PR3": 2, "PR4": 3, "SC1": 2, "SC2": 3})


def test_the_top_of_the_scale_belongs_to_the_top_band():
    assert band_for(Decimal("5"), BANDS) == "strength" and band_for(Decimal("1"), BANDS) == "area_to_build"


scale_bounds = st.tuples(st.integers(-5, 5), st.integers(1, 10)).map(lambda t: (t[0], t[0] + t[1]))


@given(bounds=scale_bounds, data=st.data())
def test_reverse_scoring_maps_the_scale_onto_itself(bounds, data):
    low, high = bounds
    value = data.draw(st.integers(low, high))
    assert low <= reverse(value, low, high) <= high
    assert reverse(reverse(value, low, high), low, high) == value
    assert sorted(reverse(v, low, high) for v in range(low, high + 1)) == list(range(low, high + 1))


@given(mean=st.decimals(min_value=1, max_value=5, places=2))
def test_every_possible_score_falls_in_exactly_one_band(mean):
    holding = [b for b in BANDS if b.low <= mean < b.high or (b is BANDS[-1] and mean == b.high)]
    assert len(holding) == 1 and band_for(mean, BANDS) == holding[0].band


@given(
    values=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=4, max_size=4),
    flip=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_a_mean_never_leaves_the_scale(values, flip):
    items = [ItemSpec(f"I{i}", "f", reverse=r) for i, r in enumerate(flip)]
    answers = {f"I{i}": v for i, v in enumerate(values)}
    try:
        (result,) = score(answers, items, bands={"f": BANDS}, scale_min=1, scale_max=5, max_unanswered=2)
    except TooManyUnanswered:
        assert sum(v is None for v in values) > 2
        return
    assert Decimal(1) <= result.mean <= Decimal(5)
    assert result.answered == sum(v is not None for v in values)
