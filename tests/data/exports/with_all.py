__all__ = ["shown"]
shown = 1
not_listed = 2
