"""What monitors and bodies said of the red flags on a process."""


def for_process(process, *, user) -> dict:
    """code -> what was said of that flag on the process and what `user` may add to it."""
    return {}
