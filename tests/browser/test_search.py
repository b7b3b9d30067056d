"""Finding an objective or a key result, and the alignment view, in a real browser."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in


def test_it_finds_an_objective_and_a_key_result_from_the_top_bar(page, site):
    sign_in(page, site)
    shoot(page, "home")
    box = page.get_by_label("Search objectives and key results")
    box.fill("codebase safe")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Search")).to_be_visible()
    page.get_by_role("link", name="Our codebase is safe to change").first.click()
    expect(page.get_by_role("heading", name="Our codebase is safe to change")).to_be_visible()

    box = page.get_by_label("Search objectives and key results")
    box.fill("regression test")
    box.press("Enter")
    page.get_by_role("link", name="Closed bugs with a regression test").first.click()
    expect(page).to_have_url(re.compile(r"/objectives/\d+/#kr-\d+$"))
    expect(page.get_by_role("heading", name="Closed bugs with a regression test")).to_be_visible()


def test_the_alignment_view_filters_as_one_types(page, site):
    sign_in(page, site)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alignment").click()
    expect(page.get_by_role("heading", name=re.compile("Alignment"))).to_be_visible()
    tree = page.locator("#alignment-tree")
    expect(
        tree.get_by_role("link", name="Customers love Lumen enough to recommend it")
    ).to_be_visible()
    page.get_by_label("Filter by title or owner").fill("instant")
    # HTMX swaps the tree in place; the parents stay for context, the rest goes.
    expect(
        tree.get_by_role("link", name="The product feels instant on every device")
    ).to_be_visible()
    expect(tree.get_by_role("link", name="Lumen grows through the product itself")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"filter=instant"))
    page.get_by_label("Filter by title or owner").fill("")
    expect(tree.get_by_role("link", name="Lumen grows through the product itself")).to_be_visible()
    shoot(page, "alignment")
