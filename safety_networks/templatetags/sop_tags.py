"""The statements of the map as sentences, in templates (safety_networks.statements)."""

from django import template

from safety_networks.statements import danger_sentence, goal_sentence, harm_sentence

register = template.Library()


@register.simple_tag
def harm_text(statement) -> str:
    return harm_sentence(
        what_happened=statement.what_happened,
        child=statement.child.called if statement.child else "",
        caregiver=statement.caregiver.called if statement.caregiver else "",
        caregiver_action=statement.caregiver_action,
        effect=statement.effect,
    )


@register.simple_tag
def danger_text(statement) -> str:
    """Needs `statement.child_names` (set by safety_networks.selectors)."""
    return danger_sentence(
        who_is_worried=statement.who_is_worried,
        caregiver_behaviour=statement.caregiver_behaviour,
        children=statement.child_names,
        what_could_happen=statement.what_could_happen,
    )


@register.simple_tag
def goal_text(goal) -> str:
    return goal_sentence(
        caregivers_will=goal.caregivers_will,
        child_will_experience=goal.child_will_experience,
        agency_needs_to_see=goal.agency_needs_to_see,
        for_how_long=goal.for_how_long,
    )
