"""What the campaign page shows of the plans of public monitoring (see `monitoring/pages.py`)."""

from .selectors import campaign_plan_lines


def campaign_plan_context(user, campaign, rights) -> dict:
    """The lines the campaign carries out (one query), and whether the user may link it."""
    return {
        "plan_lines": campaign_plan_lines(user, campaign),
        "can_link_plan_line": rights.manage and not campaign.is_withdrawn,
    }
