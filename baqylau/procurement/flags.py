"""The red flags of procurement: risk indicators of the Open Contracting Partnership's library,
computed over all the data at once (`compute`), each with its rule in plain words (`RULES`)."""

# code -> the rule as pages show it (filled in with the computation).
RULES: dict = {}


def frequency(code: str, run) -> dict | None:
    """How often the indicator fired in the computation `run`, and whether that says little."""
    return None
