"""Lumen Software: its units, its people, the period themes and the teams' OKR canvases."""

from __future__ import annotations

DEMO_SLUG = "demo"
DEMO_NAME = "Lumen Software"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "okrs-demo"

LEAD = "lead"
MEMBER = "member"

# (slug, name, kind, parent slug): parents come before their children.
UNITS = [
    ("lumen", "Lumen Software", "company", None),
    ("engineering", "Engineering", "department", "lumen"),
    ("product", "Product", "department", "lumen"),
    ("platform", "Platform & Infrastructure", "department", "lumen"),
    ("customer-success", "Customer Success", "department", "lumen"),
    ("engineers", "Software Engineers", "role", "lumen"),
    ("web-app", "Web App", "team", "engineering"),
    ("mobile", "Mobile", "team", "engineering"),
    ("payments", "Payments", "team", "engineering"),
    ("search", "Search & Discovery", "team", "engineering"),
    ("growth", "Growth", "team", "product"),
    ("onboarding", "Onboarding", "team", "product"),
    ("analytics", "Product Analytics", "team", "product"),
    ("devex", "Developer Experience", "team", "platform"),
    ("sre", "Site Reliability", "team", "platform"),
    ("data", "Data Platform", "team", "platform"),
    ("support", "Support", "team", "customer-success"),
    ("education", "Customer Education", "team", "customer-success"),
]

# (username, first name, last name, {unit slug: role}); the first unit is the person's home.
PEOPLE = [
    ("maya.lindqvist", "Maya", "Lindqvist", {"lumen": LEAD}),
    ("jonas.berg", "Jonas", "Berg", {"engineering": LEAD, "lumen": MEMBER}),
    ("aisha.okafor", "Aisha", "Okafor", {"product": LEAD, "lumen": MEMBER}),
    ("tomasz.nowak", "Tomasz", "Nowak", {"platform": LEAD, "lumen": MEMBER}),
    ("lucia.fernandez", "Lucía", "Fernández", {"customer-success": LEAD, "lumen": MEMBER}),
    (DEMO_USERNAME, "Alex", "Morgan", {"web-app": LEAD, "engineers": MEMBER}),
    ("priya.raman", "Priya", "Raman", {"web-app": MEMBER, "engineers": MEMBER}),
    ("kenji.sato", "Kenji", "Sato", {"mobile": LEAD, "engineers": MEMBER}),
    ("sofia.rossi", "Sofia", "Rossi", {"mobile": MEMBER, "engineers": MEMBER}),
    ("daniel.osei", "Daniel", "Osei", {"payments": LEAD, "engineers": MEMBER}),
    ("emma.larsen", "Emma", "Larsen", {"payments": MEMBER, "engineers": MEMBER}),
    ("hannah.schmidt", "Hannah", "Schmidt", {"search": LEAD, "engineers": MEMBER}),
    ("omar.haddad", "Omar", "Haddad", {"search": MEMBER, "engineers": MEMBER}),
    ("sam.patel", "Sam", "Patel", {"engineers": LEAD, "search": MEMBER}),
    ("liam.oconnor", "Liam", "O'Connor", {"growth": LEAD}),
    ("chloe.martin", "Chloé", "Martin", {"growth": MEMBER, "onboarding": MEMBER}),
    ("nadia.petrova", "Nadia", "Petrova", {"onboarding": LEAD}),
    ("ben.carter", "Ben", "Carter", {"onboarding": MEMBER, "engineers": MEMBER}),
    ("ravi.iyer", "Ravi", "Iyer", {"analytics": LEAD}),
    ("ingrid.holm", "Ingrid", "Holm", {"devex": LEAD, "engineers": MEMBER}),
    ("mateo.silva", "Mateo", "Silva", {"devex": MEMBER, "engineers": MEMBER}),
    ("femi.adeyemi", "Femi", "Adeyemi", {"sre": LEAD, "engineers": MEMBER}),
    ("julia.novak", "Julia", "Novak", {"sre": MEMBER, "engineers": MEMBER}),
    ("wei.chen", "Wei", "Chen", {"data": LEAD, "engineers": MEMBER}),
    ("grace.kim", "Grace", "Kim", {"support": LEAD}),
    ("marco.bianchi", "Marco", "Bianchi", {"support": MEMBER}),
    ("zoe.williams", "Zoe", "Williams", {"education": LEAD}),
]
ADMINS = {DEMO_USERNAME, "maya.lindqvist"}

# Focus areas per period, by the key the objective tables use.
ACTIVE_FOCUS = {
    "code": ("Code health", "Every team can change the code safely; tests catch regressions."),
    "love": ("Customers love the product", "Satisfaction, retention and word of mouth."),
    "ship": ("Ship value faster", "Shorter way from idea to customer, measured end to end."),
    "fast": ("Fast everywhere", "Pages and APIs that feel instant on a mid-range phone."),
}
PREVIOUS_FOCUS = {
    "code": ("Code health", "Fewer surprises after a release."),
    "love": ("Customers recommend us", "Promoters, not just users."),
    "ship": ("Ship value faster", "Less waiting between merge and customer."),
    "fast": ("Speed is a feature", "The dashboard and the API answer before people notice."),
}

# Unit slug -> (current state, impacts we can achieve, plausible blockers), active quarter.
CANVASES = {
    "web-app": (
        "Dashboard LCP p75 is 3.8 s on mid-range Android. Half the weight is the charting "
        "bundle; web fonts block the first render. Frontend coverage sits below 50%.",
        [
            "Customers on phones see their dashboard in under 2.5 s",
            "Releases of the web app stop needing a manual smoke test",
            "Removing the blocking font load is the cheapest win we have",
        ],
        [
            "Charting library upgrade needs a design review first",
            "No field data from Safari yet, so we are partly blind on iOS",
        ],
    ),
    "payments": (
        "Checkout completes for 71% of people who start it. Card payments still run on the "
        "old PSP, whose contract ends next quarter. Billing causes a third of support tickets.",
        [
            "Upgrading to a paid plan takes one minute, on any device",
            "Billing tickets drop enough that Support notices",
        ],
        [
            "New PSP sandbox access depends on their onboarding team",
            "Tax rules for three new EU countries are not settled",
        ],
    ),
    "sre": (
        "We burned 92% of the error budget last quarter. Median time to restore is 90 minutes "
        "and on-call gets paged 35 times a week, mostly for alerts nobody acts on.",
        [
            "Outages are short enough that customers rarely notice them",
            "On-call is quiet enough that people volunteer for it",
            "Runbooks for every tier-1 service remove the hero dependency",
        ],
        [
            "Alert ownership is unclear for services from the old monolith",
            "Two of us are also on the data migration this quarter",
        ],
    ),
    "onboarding": (
        "64% of new users finish the setup checklist. Most drop at the data-import step, and "
        "effort scores (CES) for onboarding are the lowest in the product.",
        [
            "New teams reach their first report on day one",
            "Import works without a support ticket for CSV and Google Sheets",
        ],
        [
            "Import errors are not tracked as analytics events yet",
            "Design capacity is shared with Growth",
        ],
    ),
}
