"""The kinds of document the pipeline makes (documents.services, documents.tasks), and what
each is made from. `documents` knows none of them: the apps above register their own kind
from their AppConfig.ready() (case_plans: the case plan; safety_networks: the safety plan;
meetings: the meeting summary), as they register what a file may belong to
(documents.belongs_to). So the pipeline, its task and its views import none of those apps,
and those apps ask for a document through documents.services.document_request."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentSpec:
    key: str  # stored in Document.kind (at most 24 characters)
    label: str  # what the kind is called ("Case plan"), lazily translated
    template: str  # under templates/pdf/
    context: Callable  # (family, source_id) -> dict; raises the model's DoesNotExist
    # (context) -> the document's title, in the active language (the document's, while it is made)
    title: Callable
    # (family, source_id) -> the records whose text staff wrote that the document prints, each
    # in the family's words where it has them (families.family_wording), in a few queries.
    texts: Callable


registry: dict[str, DocumentSpec] = {}


def register(spec: DocumentSpec) -> None:
    if len(spec.key) > 24:
        raise ValueError(f"A document kind's key has at most 24 characters: {spec.key!r}")
    registry[spec.key] = spec


def spec_of(key: str) -> DocumentSpec:
    """The registered kind; KeyError for any other."""
    return registry[key]


def is_kind(key: str) -> bool:
    return key in registry


# What every document made for the family shows about the family whatever its kind, from
# an app that keeps those facts (placements: where the children live). facts(family) -> dict,
# merged into the document's context, in a fixed number of queries.
family_facts: list[Callable] = []


def register_family_facts(facts: Callable) -> None:
    if facts not in family_facts:
        family_facts.append(facts)


def facts_of(family) -> dict:
    facts: dict = {}
    for source in family_facts:
        facts.update(source(family))
    return facts
