"""Instruments as data: checked, loaded, versioned."""

import json

import pytest
from django.core.management import CommandError, call_command

from protective_factors.instruments import DEMONSTRATION, InstrumentFileError, read_instrument
from protective_factors.models import FactorCode, Instrument, Item

pytestmark = pytest.mark.django_db

CODES = set(FactorCode.values)


def demo() -> dict:
    return json.loads(DEMONSTRATION.read_text(encoding="utf-8"))


def write(tmp_path, data) -> str:
    path = tmp_path / "instrument.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_demonstration_instrument_is_loaded_and_labelled_as_such():
    instrument = Instrument.objects.get(code="sop-demonstration")
    assert instrument.is_demonstration and instrument.version == 1
    per_factor = {}
    for item in instrument.items.select_related("factor"):
        per_factor[item.factor.code] = per_factor.get(item.factor.code, 0) + 1
    assert all(3 <= per_factor[code] <= 9 for code in CODES)  # 3 to 5 items each; children's per age band
    ages = set(
        instrument.items.filter(factor__code="social_emotional_competence").values_list("age_min", "age_max")
    )
    assert ages == {(0, 5), (6, 11), (12, 17)}


def test_a_file_with_errors_lists_every_problem_with_its_place_and_loads_nothing(tmp_path):
    data = demo()
    data["items"][0]["factor"] = "resilence"
    data["items"][2]["code"] = data["items"][1]["code"]
    data["scale"][3]["label"] = ""  # (a string: English only, so it also lacks its Spanish)
    data["bands"]["*"][1]["low"] = 2.6  # a gap after 2.5
    data["bands"]["*"].append({"band": "strength", "low": 4.5, "high": 5.0})  # an overlap
    with pytest.raises(InstrumentFileError) as refused:
        read_instrument(write(tmp_path, data), CODES)
    problems = refused.value.problems
    assert "items[0].factor: unknown factor 'resilence'" in problems
    assert "items[2].code: 'PR2' is used twice" in problems
    assert "scale[3].label: every answer on the scale needs a label" in problems
    assert any("gap between 2.5 and 2.6" in p for p in problems)
    assert any("overlap" in p for p in problems)
    with pytest.raises(CommandError, match="The file was not loaded"):
        call_command("load_instrument", write(tmp_path, data))
    assert Instrument.objects.count() == 1


def test_loading_the_same_file_again_changes_nothing_and_a_changed_file_is_a_new_version(tmp_path):
    call_command("load_instrument", str(DEMONSTRATION))
    assert Instrument.objects.count() == 1
    data = demo()
    data["items"][0]["wording"]["en"] = "When things go wrong, I find a way to keep going."
    call_command("load_instrument", write(tmp_path, data))
    versions = list(Instrument.objects.filter(code="sop-demonstration").values_list("version", flat=True))
    assert sorted(versions) == [1, 2]
    assert Item.objects.get(instrument__version=2, code="PR1").wording.startswith(
        "When things go wrong, I find"
    )
    assert Item.objects.get(instrument__version=1, code="PR1").wording.startswith(
        "When things go wrong, I can"
    )
