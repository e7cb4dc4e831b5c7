"""Scoring an assessment: each factor's mean of answered items, reverse scoring applied,
and its band. Pure functions of plain values (no models), tested by hand-worked examples
and by properties."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ItemSpec:
    code: str
    factor: str
    reverse: bool = False


@dataclass(frozen=True)
class BandSpec:
    band: str
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class FactorResult:
    factor: str
    mean: Decimal
    band: str
    answered: int
    items: int


class TooManyUnanswered(ValueError):
    def __init__(self, factor: str, unanswered: int, allowed: int):
        self.factor, self.unanswered, self.allowed = factor, unanswered, allowed
        super().__init__(f"{factor}: {unanswered} unanswered, at most {allowed} may be left")


class OutOfRange(ValueError):
    pass


def reverse(value: int, scale_min: int, scale_max: int) -> int:
    """The scale turned upside down: lowest ↔ highest."""
    return scale_min + scale_max - value


def band_for(mean: Decimal, bands: Sequence[BandSpec]) -> str:
    """The band holding the mean: low ≤ mean < high; the top band includes its high."""
    ordered = sorted(bands, key=lambda b: b.low)
    for band in ordered:
        if band.low <= mean < band.high:
            return band.band
    if ordered and mean == ordered[-1].high:
        return ordered[-1].band
    raise OutOfRange(f"{mean} is in no band")


def score(
    answers: Mapping[str, int | None],
    items: Sequence[ItemSpec],
    *,
    bands: Mapping[str, Sequence[BandSpec]],
    scale_min: int,
    scale_max: int,
    max_unanswered: int,
) -> list[FactorResult]:
    """Each factor's result, in the order factors first appear among the items."""
    by_factor: dict[str, list[ItemSpec]] = {}
    for item in items:
        by_factor.setdefault(item.factor, []).append(item)
    results = []
    for factor, factor_items in by_factor.items():
        values = []
        for item in factor_items:
            value = answers.get(item.code)
            if value is None:
                continue
            if not scale_min <= value <= scale_max:
                raise OutOfRange(f"{item.code}: {value} is outside {scale_min}–{scale_max}")
            values.append(reverse(value, scale_min, scale_max) if item.reverse else value)
        unanswered = len(factor_items) - len(values)
        if unanswered > max_unanswered or not values:
            raise TooManyUnanswered(factor, unanswered, min(max_unanswered, len(factor_items) - 1))
        mean = (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        results.append(
            FactorResult(factor, mean, band_for(mean, bands[factor]), len(values), len(factor_items))
        )
    return results
