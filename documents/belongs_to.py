"""What a file may belong to besides the family as a whole. `documents` knows the family's
children (families is below it); the apps above register their own records from their
AppConfig.ready() (case_plans: a case-plan version; meetings: a meeting), so this app imports
none of them.

A kind answers, for one family, the records a file may be linked to (for the upload form),
and the labels of some of them (for the lists: one query per kind shown, whatever the number
of files)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BelongsTo:
    key: str  # stored in CaseFile.belongs_to_kind
    label: str  # the group's heading in the form ("Children")
    choices: Callable[..., Iterable[tuple[int, str]]]  # choices(family) -> [(id, label)]
    labels: Callable[..., dict[int, str]]  # labels(family, ids) -> {id: label}
    order: int = 50


registry: dict[str, BelongsTo] = {}


def register(kind: BelongsTo) -> None:
    registry[kind.key] = kind


def register_model(*, key: str, label: str, model, order: int) -> None:
    """A kind whose records are a model's rows of the family, each named by its str()
    (a case-plan version, a safety-plan version, a meeting)."""
    register(
        BelongsTo(
            key=key,
            label=label,
            choices=lambda family: [(row.pk, str(row)) for row in model.objects.filter(family=family)],
            labels=lambda family, ids: {
                row.pk: str(row) for row in model.objects.filter(family=family, pk__in=ids)
            },
            order=order,
        )
    )


def kinds() -> list[BelongsTo]:
    return sorted(registry.values(), key=lambda kind: kind.order)


def form_choices(family) -> list:
    """The choices of the upload form's "belongs to": the family as a whole, then a group per
    kind ("child:12")."""
    choices = [("", _("The family as a whole"))]
    for kind in kinds():
        options = [(f"{kind.key}:{pk}", label) for pk, label in kind.choices(family)]
        if options:
            choices.append((kind.label, options))
    return choices


def parse(value: str) -> tuple[str, int] | None:
    """ "child:12" -> ("child", 12); "" -> None. Raises ValueError for anything else."""
    if not value:
        return None
    key, _sep, pk = value.partition(":")
    if key not in registry or not pk.isdigit():
        raise ValueError(value)
    return key, int(pk)


def label_files(family, files) -> None:
    """Set `belongs_to_label` on each file (one query per kind among them)."""
    wanted: dict[str, set[int]] = {}
    for case_file in files:
        if case_file.belongs_to_kind:
            wanted.setdefault(case_file.belongs_to_kind, set()).add(case_file.belongs_to_id)
    found = {key: registry[key].labels(family, ids) if key in registry else {} for key, ids in wanted.items()}
    for case_file in files:
        case_file.belongs_to_label = found.get(case_file.belongs_to_kind, {}).get(case_file.belongs_to_id, "")


# --- The kind documents knows itself: a child of the family -------------------------------


def _children(family):
    from families.models import Child

    return [(child.pk, str(child)) for child in Child.objects.filter(family=family)]


def _child_labels(family, ids):
    from families.models import Child

    return {child.pk: str(child) for child in Child.objects.filter(family=family, pk__in=ids)}


CHILD = BelongsTo(key="child", label=_("A child"), choices=_children, labels=_child_labels, order=10)
