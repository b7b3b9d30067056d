"""The previous quarter's OKRs, closed and scored.

`final` is where each objective's key results ended (their mean progress, before a little
noise), chosen so the scores spread over Google's red, yellow and green bands. Every
objective carries its owner's closing note; committed ones below 1.0 need it anyway.
"""

from __future__ import annotations

from okrs.demo.spec import ASPIRATIONAL as ASP
from okrs.demo.spec import Story, band, down, milestone, supports, up
from okrs.demo.spec import objective as o

DONE = Story.FINISHED

# fmt: off
OBJECTIVES = [
    o("q-co-nps", "lumen", "Customers recommend Lumen to their peers",
      up("NPS from the in-app survey", 24, 35, "score"),
      up("90-day logo retention", 83, 88, "%"),
      kind=ASP, focus=("love",), story=DONE, final=0.62,
      score_note="NPS moved, retention lagged. Retention becomes its own KR next quarter."),
    o("q-eng-surprise", "engineering", "Releases stop surprising us",
      up("Total test coverage", 55, 62, "%"),
      down("Change failure rate", 32, 25, "%"),
      focus=("code",), story=DONE, final=0.78,
      score_note="Coverage hit its target; change failure rate stalled at 27% because of "
                 "the billing hotfixes."),
    o("q-web", "web-app", "The dashboard renders before users notice",
      down("LCP p75 on the dashboard", 4600, 3800, "ms"),
      down("JavaScript shipped on first load", 1100, 820, "KB"),
      kind=ASP, focus=("fast",), story=DONE, final=0.92,
      score_note="Code splitting did most of the work. Image resizing at the CDN is next."),
    o("q-mobile", "mobile", "Mobile crashes become rare",
      up("Crash-free sessions", 98.6, 99.5, "%"),
      up("App store rating", 3.8, 4.2, "stars"),
      focus=("love",), story=DONE, final=0.5,
      score_note="An Android 14 crash on older Samsungs took six weeks to pin down."),
    o("q-pay", "payments", "Annual plans are one click away",
      milestone("Annual billing live for all self-serve plans"),
      up("Upgrades that choose the annual plan", 4, 12, "%"),
      focus=("ship",), story=DONE, final=1.0,
      score_note="Shipped in week 7; annual take-up beat the target."),
    o("q-growth", "growth", "Signups come from the product, not from ads",
      up("Weekly self-serve signups", 900, 1200, "signups"),
      up("Signups from teammate invites", 18, 30, "%"),
      kind=ASP, focus=("love",), story=DONE, final=0.72,
      score_note="Invite loop worked; paid search cut back without losing volume."),
    o("q-onb", "onboarding", "New users finish setup without help",
      up("Setup task completion", 55, 70, "%"),
      down("Setup-related support tickets per month", 120, 60, "tickets"),
      focus=("love",), story=DONE, final=0.45,
      score_note="The new checklist shipped in week 10, so its effect shows only at the end."),
    o("q-devex", "devex", "CI stops being the bottleneck",
      down("CI pipeline p50 duration", 25, 15, "min"),
      down("Flaky test rate", 6.0, 3.0, "%"),
      focus=("ship",), story=DONE, final=0.2,
      score_note="Runner migration waited two months on a cloud quota request. Quota granted "
                 "now; carried over."),
    o("q-sre", "sre", "On-call stops burning people out",
      down("Paging alerts per on-call week", 60, 30, "alerts"),
      band("Error budget consumed", 0, 75, 96, "%"),
      kind=ASP, focus=("code",), story=DONE, final=0.6,
      score_note="Alert clean-up halved pages; the budget still ran hot in the last month."),
    o("q-support", "support", "Customers get answers the same day",
      down("Median open-to-closed ticket time", 48, 24, "hours"),
      up("Support CSAT", 79, 84, "%"),
      focus=("love",), story=DONE, final=0.86,
      score_note="Follow-the-sun rota made the difference. CSAT a bit short of target."),
    o("q-product", "product", "Roadmap bets are backed by data",
      up("Experiments ending with a validated or invalidated hypothesis", 20, 50, "%"),
      up("Features with a usage dashboard", 10, 35, "%"),
      kind=ASP, focus=("ship",), story=DONE, final=0.3,
      score_note="Too few experiments ran to conclusion; we need the data platform first."),
    o("q-role", "engineers", "Every bug fix proves itself with a test",
      up("Closed bugs with a regression test", 25, 40, "%"),
      up("Test coverage of the billing service", 41, 60, "%"),
      focus=("code",), links=(supports("q-eng-surprise"),), story=DONE, final=0.93,
      score_note="The PR template nudge worked. Billing coverage just short of 60%."),
    o("q-data", "data", "The warehouse is the single source of truth",
      milestone("Product events land in the warehouse within an hour"),
      up("Dashboards fed from the warehouse", 10, 40, "%"),
      kind=ASP, focus=("ship",), story=DONE, final=0.15,
      score_note="The event pipeline rewrite slipped; dashboards waited on it."),
]
# fmt: on
