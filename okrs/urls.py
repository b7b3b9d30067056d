from django.urls import include, path

from okrs.api.app import api
from okrs.config import env_bool

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("okrs.sso.urls")),
    path("", include("okrs.web.urls")),
]

# Bench-only (`make bench`, benchmarks/bench_web.py): the minimal endpoint the figures are
# ratios against. Off unless OKRS_BENCH_BASELINE=1; never set it in a deployment.
if env_bool("OKRS_BENCH_BASELINE", default=False):
    from okrs.bench_baseline import api as baseline

    urlpatterns.insert(0, path("bench/v1/", baseline.urls))

# Refusals in the site's layout, saying why (the API answers in its own envelope).
handler403 = "okrs.web.views.errors.forbidden"
handler404 = "okrs.web.views.errors.not_found"
