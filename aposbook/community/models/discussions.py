"""discussions."""

__all__: list[str] = []
