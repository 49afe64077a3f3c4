"""Demo data for `make run`, marked as demo."""


def seed() -> None:
    """Nothing yet."""
