"""What the demo's engineers write in check-ins and feedback.

Notes are picked by the key result's theme (found from words in its title), so a support
metric does not get a note about bundle sizes. Each phrase stays within PHRASE_MAX_LENGTH
so that, with the value in front ("At 2,940 ms. "), a note fits the 140-character limit.
"""

from __future__ import annotations

import re

PHRASE_MAX_LENGTH = 110

# One row per theme, its words on the row; keep the formatter from exploding the long ones.
# fmt: off
# First words that match decide; anything else is about delivery.
THEME_WORDS = [
    ("people", ("hired", "hires", "engineers who", "two or more engineers")),
    ("speed", ("LCP", "TTFB", "latency", "JavaScript", "Lighthouse", "CDN")),
    ("ops", ("alerts", "error budget", "restore", "runbooks", "invoice", "crash")),
    ("data", ("warehouse", "dashboard", "pipeline failures", "hypothes", "experiment",
              "adoption tracked", "epics")),
    ("quality", ("coverage", "bug", "test", "failure", "vulnerab", "secret", "SSO", "PRs")),
    ("customers", ("NPS", "CSAT", "CES", "retention", "adoption", "signups", "upgrades",
                   "completion", "checkout", "invites", "rating", "searches", "tickets",
                   "articles", "course", "screens", "drafts", "first reply", "resolution",
                   "ticket time")),
]
# fmt: on
DEFAULT_THEME = "delivery"

# The first check-in on a key result gives the baseline and says why the key result was
# chosen, as Node's check-in ritual asks.
WHY = [
    "We picked this one because customers feel it before anything else.",
    "This is the number Support keeps hearing about.",
    "Last quarter showed this is where we lose people.",
    "Chosen because it blocks the roadmap for the rest of the year.",
    "Agreed in planning that this is the lever that matters most.",
    "The canvas put this at the top of our impact list.",
]

MILESTONE_WHY = [
    "Kick-off. Without this, the rest of our plan can't land.",
    "Starting now; this unblocks two other teams.",
    "Chosen because we keep paying for not having it, every single week.",
]

# Weeks where nothing moved read the same whatever the metric.
FLAT = [
    "Flat this week; half the team was on incident duty.",
    "No change. Waiting for the data export to refresh.",
    "Sideways. The release slipped to next Tuesday.",
    "Holiday week, not much moved.",
    "Same as last week; the sprint went into migration prep.",
    "Quiet week. The change is in review, should land Monday.",
]

NOTES = {
    "speed": {
        "good": [
            "Deferred the charting bundle; first paint is visibly quicker.",
            "Edge caching for the app shell is live, the numbers dropped right away.",
            "Removed two render-blocking scripts. Nice drop on mid-range Android.",
            "Query plan fix on the feed endpoint landed; p75 follows.",
        ],
        "bad": [
            "Regressed after the new widgets shipped; bisecting the bundle now.",
            "Slower this week. A third-party tag crept back onto the dashboard.",
            "Latency went up after the region move. Looking into it.",
        ],
        "insight": [
            "Most slow loads come from one third-party script. Removing it next.",
            "The p95 spikes line up with the nightly batch jobs, not with user traffic.",
            "Field data is much worse than lab runs: our users have slower phones than we do.",
        ],
        "blocker": [
            "Blocked: staging has been down since Tuesday, can't run the perf suite.",
            "Blocked on the CDN contract change; the vendor needs a signed order first.",
        ],
    },
    "quality": {
        "good": [
            "Added tests around the billing edge cases; two old bugs surfaced and got fixed.",
            "The PR template now asks for a regression test. Uptake is good.",
            "Quarantined the worst flaky tests, the signal is clean again.",
            "Reviews got faster once we split the big PRs. Trend holds.",
        ],
        "bad": [
            "Went backwards after Thursday's hotfix skipped the usual checks.",
            "Two incidents this week, both from config changes. Not great.",
            "The legacy module pulled the number down once we started measuring it.",
        ],
        "insight": [
            "80% of our flaky tests share one fixture. Fixing that first.",
            "Half the bugs without a test are in code nobody owns. Need owners first.",
            "Most failed changes were config, not code. Config needs review too.",
        ],
        "blocker": [
            "Blocked on the security review of the new auth flow. Escalated to Platform.",
            "Blocked: the CI runners hit the cloud quota again, builds queue for an hour.",
        ],
    },
    "delivery": {
        "good": [
            "Merged the pipeline change; deploys are quicker and nobody noticed. Good sign.",
            "Smaller PRs pay off, work moves through review faster.",
            "Good sprint: everything we planned got closed, no carry-over.",
            "Two experiments concluded this week, both with a clear decision.",
        ],
        "bad": [
            "Behind. The vendor SDK upgrade ate most of the sprint.",
            "Slipping. We underestimated the legacy code paths.",
            "Lost ground: two people out sick and an on-call heavy week.",
        ],
        "insight": [
            "Most of our lead time is waiting for review, not building. Trying review slots.",
            "Stories stall at the QA handover. Pairing devs with QA this sprint.",
            "Estimates made before the epic starts are twice as accurate. Asking earlier.",
        ],
        "blocker": [
            "Blocked: release train frozen for the audit until Friday.",
            "Blocked: the shared staging environment is booked by the migration all week.",
        ],
    },
    "ops": {
        "good": [
            "Deleted 14 alerts nobody acted on. Quieter nights already.",
            "Postmortem actions from last month are done, and it shows.",
            "The new health checks are live; recoveries are quicker.",
        ],
        "bad": [
            "Rough week: two incidents, one of them at 3 am.",
            "Noisy week after the database failover, mostly false alarms.",
        ],
        "insight": [
            "Half the pages come from three services. Starting there.",
            "Most incidents start with a config change, not a deploy.",
        ],
        "blocker": [
            "Blocked: nobody owns the legacy queue service, so its alerts stay noisy.",
            "Blocked: waiting for the database vendor to confirm the failover fix.",
        ],
    },
    "data": {
        "good": [
            "Moved two more sources onto the new pipeline; the lag dropped with them.",
            "Backfill finished overnight, dashboards read from the warehouse now.",
            "Experiment review on Thursday closed two open questions with a clear yes or no.",
        ],
        "bad": [
            "The pipeline failed twice this week on schema drift. Adding contract tests.",
            "Backfill is slower than planned; the source database throttles us.",
        ],
        "insight": [
            "Experiments without a metric set up front never conclude. Making it a rule.",
            "Half the dashboard queries hit raw tables. A few models would cover most of them.",
        ],
        "blocker": [
            "Blocked on the warehouse schema change from the data team. No ETA yet.",
            "Blocked: the event SDK upgrade is stuck in mobile review, no new events yet.",
        ],
    },
    "customers": {
        "good": [
            "Survey responses are up after the in-app prompt change, and so is the score.",
            "The release on Tuesday helped; fewer people drop off halfway.",
            "Good week. The experiment variant is winning, ramping it to 50%.",
            "Customers noticed the fix: three tickets thanked us for it.",
        ],
        "bad": [
            "Dip after the pricing page change. Investigating before we revert.",
            "Dropped after Tuesday's outage, as expected. Should recover.",
            "Down a little. The import bug still hurts new teams.",
        ],
        "insight": [
            "Users who invite a teammate in week one retain twice as well. Doubling down.",
            "Churned accounts almost never opened the editor. Worth a look from Onboarding.",
            "Billing tickets take 3x longer than the rest. Routing them straight to Payments.",
        ],
        "blocker": [
            "Blocked: analytics events for this funnel are missing since the SDK bump.",
            "Blocked until the PSP sandbox credentials arrive. Chasing them daily.",
        ],
    },
    "people": {
        "good": [
            "Two offers out this week, one accepted.",
            "The buddy system cut the time to a first PR noticeably.",
            "Pairing rotation is working; two more people deployed a new service.",
        ],
        "bad": [
            "Two candidates dropped out late. The pipeline needs more senior profiles.",
            "Rotation paused for the release crunch. Picking it up next sprint.",
        ],
        "insight": [
            "Referred candidates accept twice as often. Asking the team for more referrals.",
            "People learn a service fastest by being on call for it with a buddy.",
        ],
        "blocker": [
            "Blocked: hiring for senior roles is paused until the budget review.",
        ],
    },
}

MILESTONE_DONE = [
    "Done and live in production. Write-up is in the team channel.",
    "Shipped! Rolled out to everyone on Thursday without incident.",
]

MILESTONE_KEPT = [
    "Still live, no follow-up issues.",
    "Done; now watching how people use it.",
]

MILESTONE_OPEN = [
    "Not done yet; about half of it is migrated.",
    "Still open. Last blockers are in review.",
    "In progress, behind the original plan.",
]

# The closing check-in of a quarter: the owner's final insight.
CLOSING = [
    "Final check-in. We learned what moves this; the rest carries into next quarter.",
    "Quarter closed. Most of the gain came from the one change we nearly skipped.",
    "Wrap-up: the estimate was optimistic, but the direction was right.",
    "Closing out. Keeping the weekly dashboard review, it made the difference.",
]

CONTINUE = [
    "Great momentum, keep the updates this crisp.",
    "Nice work. Could you demo this at Friday's show and tell?",
    "Love that you found the root cause instead of patching around it.",
    "This is exactly the pace we hoped for. Thank you!",
]

CONSIDER = [
    "Could we split this into smaller releases to lower the risk?",
    "Is this KR still the right measure? Let's talk about it in our 1-on-1.",
    "Maybe timebox the investigation and ship the simple fix first?",
    "Consider asking the team that solved this last year; no need to start from zero.",
]

# A lead's answer to a blocker: what they will do about it.
UNBLOCK = [
    "Thanks for flagging. I'll raise it at Monday's leads sync.",
    "Consider pulling in another team before this eats a second sprint. Happy to escalate.",
    "Consider writing down what blocks you so the other teams can help.",
    "Let's look at it together tomorrow; I can clear some of the way.",
]


def theme_of(title: str) -> str:
    for theme, words in THEME_WORDS:
        if any(_mentions(title, word) for word in words):
            return theme
    return DEFAULT_THEME


def _mentions(title: str, word: str) -> bool:
    # Acronyms match whole words only: "CES" must not match "services".
    if word.isupper():
        return re.search(rf"\b{word}\b", title) is not None
    return word.lower() in title.lower()
