"""Benchmarks for issue 5: large inputs measured near the speed of only parsing them."""
