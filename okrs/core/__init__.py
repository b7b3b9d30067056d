"""The rules of the OKR method as pure functions over plain data.

Nothing in this package imports Django or touches I/O: progress, roll-up, health, score,
forecast and alignment checks live here once, and the web pages, the API and the CLI all
call them. `tests/core/test_purity.py` keeps it that way.
"""
