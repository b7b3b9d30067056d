"""Every environment variable okrs reads is in the README, where operators look for it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A variable name in quotes: os.environ.get("OKRS_X"), env_int("OKRS_X", …), envvar="OKRS_X".
READ = re.compile(r"""["']((?:OKRS|DATABASE|SECRET|ALLOWED|CSRF)_[A-Z0-9_]*[A-Z0-9])["']""")
# Read by the test suite or the benchmarks only, not by a deployment.
NOT_FOR_OPERATORS = {"OKRS_TEST_EXPECT_VENDOR", "OKRS_TEST_POSTGRES_URL", "OKRS_BENCH_BASELINE"}


def test_every_variable_okrs_reads_is_documented():
    readme = (ROOT / "README.md").read_text()
    read = {
        name for path in (ROOT / "okrs").rglob("*.py") for name in READ.findall(path.read_text())
    }
    assert read, "the pattern found no variable at all"
    missing = sorted(name for name in read - NOT_FOR_OPERATORS if f"`{name}`" not in readme)
    assert not missing, f"variables read by okrs but not in the README: {missing}"
