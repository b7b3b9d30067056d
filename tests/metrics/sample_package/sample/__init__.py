"""A tiny package that the metric tests measure with coverage.py and pytest --junitxml."""
