"""Schemathesis hooks for tests/api/test_schemathesis.py (loaded through SCHEMATHESIS_HOOKS).

gunicorn, in front of Django, refuses a request line longer than 4094 bytes with its own
HTML `414 URI Too Long` before the request reaches the API (negative fuzzing of array query
parameters makes such URLs). That answer comes from the HTTP server's limit, not from the
API the schema describes, so only that failure is dropped: every check still runs on every
response the API itself gave.
"""

import schemathesis


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    refused_by_gunicorn = (
        response is not None
        and response.status_code == 414
        and b"Request Line is too large" in (response.content or b"")
    )
    return not refused_by_gunicorn
