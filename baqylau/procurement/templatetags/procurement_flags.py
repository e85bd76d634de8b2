from django import template

from baqylau.procurement import flags

register = template.Library()


@register.inclusion_tag("procurement/_flag_rule.html")
def flag_rule(code, run=None, subject=None):
    """One red flag's rule in plain words, its thresholds and how often it fires (`run`: the
    latest computation, a FlagRun, or None before any). `subject` (a RiskFlag's: "process",
    "buyer", "procuring_entity", "tenderer") picks whose frequency is told, for an indicator that
    flags several; its first subject by default."""
    return {
        "code": code,
        "rule": flags.RULES.get(code),
        "frequency": flags.frequency(code, run, subject),
        "thresholds": flags.thresholds(code, run),
    }
