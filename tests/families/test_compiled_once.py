"""The querysets kept for the day make each annotation's SQL once, and give what the same
queryset built afresh gives: run twice, narrowed, or used inside another query."""

import pytest
from django.db import connection
from django.db.models import OuterRef

from families.compiled_once import CompiledOnce, compiled_once
from families.models import Family
from families.selectors import caseload_rows, count_of, overview_rows
from tests.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def _sql(queryset) -> str:
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql % tuple(repr(p) for p in params)


def _with_children():
    from families.models import Child

    return Family.objects.annotate(children_count=count_of(Child.objects.filter(family=OuterRef("pk"))))


def test_the_sql_is_what_django_makes_and_is_made_once(monkeypatch):
    FamilyFactory()
    fresh = _with_children()
    kept = compiled_once(_with_children())
    assert _sql(kept) == _sql(fresh)

    wrapper = kept.query.annotations["children_count"]
    assert isinstance(wrapper, CompiledOnce)
    calls = []
    original = wrapper.expression.as_sql

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(wrapper.expression, "as_sql", counting)
    for _ in range(3):
        list(kept.filter(pk__gt=0))
    assert calls == []  # made when first compiled above, kept since


def test_narrowed_copies_and_subqueries_give_the_same_rows_as_a_fresh_queryset():
    big, small, none = FamilyFactory(), FamilyFactory(), FamilyFactory()
    ChildFactory.create_batch(3, family=big)
    ChildFactory(family=small)
    kept = compiled_once(_with_children())
    counts = dict(kept.values_list("pk", "children_count"))
    assert counts == {big.pk: 3, small.pk: 1, none.pk: 0}
    assert list(kept.filter(children_count__gte=1).order_by("pk").values_list("pk", flat=True)) == [
        big.pk,
        small.pk,
    ]
    # Used as a subquery of another query, the annotations are relabelled: copies, made anew.
    inside = Family.objects.filter(pk__in=kept.filter(children_count=3).values("pk"))
    assert list(inside) == [big]
    assert kept.order_by("-children_count").first() == big


def test_the_day_rows_are_kept_with_their_sql_made_once(alice):
    family = FamilyFactory(assigned_caseworker=alice)
    assert all(isinstance(e, CompiledOnce) for e in caseload_rows(alice).query.annotations.values())
    assert not any(isinstance(e, CompiledOnce) for e in overview_rows().query.annotations.values())
    assert list(caseload_rows(alice)) == [family]
    assert overview_rows().get(pk=family.pk) == family
