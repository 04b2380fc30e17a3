"""questions."""

__all__: list[str] = []
