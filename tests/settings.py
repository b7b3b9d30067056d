"""Settings for the test run: okrs.settings plus what only tests want."""

import os

# Read static files from the apps: tests don't run collectstatic.
os.environ.setdefault("OKRS_STATIC_FROM_APPS", "true")

from okrs.settings import *  # noqa: F403
from okrs.settings import PASSWORD_HASHERS as PRODUCTION_HASHERS

# Argon2 is deliberately slow; tests create many people. Production keeps Argon2 first,
# which tests/test_accounts.py checks through PRODUCTION_HASHERS.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PRODUCTION_HASHERS]

# A test database of its own per run, so two runs on one PostgreSQL server (a developer's
# and a helper's, say) never drop each other's database.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_okrs_{os.getpid()}"}  # noqa: F405

# The binding guard (docs/measure.md, "What a binding may read"): tests bind to temporary
# files, the tests' data folders and loopback servers; tests of a refusal override these.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# /ci and /srv: the imaginary server folders binding tests name without reading them.
BINDING_FILE_ROOTS = [
    str(Path(tempfile.gettempdir()).resolve()),
    str(Path(__file__).parent),
    "/ci",
    "/srv",
]
BINDING_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
