"""The demo organisation, Lumen Software: a software company with a quarter of OKR history."""

from okrs.demo.builder import build_demo, demo_loaded, demo_now
from okrs.demo.catalogue import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME

__all__ = ["DEMO_PASSWORD", "DEMO_SLUG", "DEMO_USERNAME", "build_demo", "demo_loaded", "demo_now"]
