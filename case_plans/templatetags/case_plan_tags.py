from django import template

from case_plans.selectors import case_plan_due_of

register = template.Library()


@register.simple_tag
def case_plan_due(family):
    return case_plan_due_of(family)
