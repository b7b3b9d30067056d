"""An admin binds a key result to a coverage report; a team member measures it in place."""

import json
import re
import shutil
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, shoot, sign_in

SAMPLE_JSON = Path(__file__).parents[1] / "metrics" / "data" / "coverage" / "sample.json"
OBJECTIVE = "Web releases stop breaking things for customers"
KEY_RESULT = "Frontend test coverage"


def test_an_admin_binds_a_key_result_and_measures_it_now(page, site, tmp_path):
    report = tmp_path / "coverage.json"
    shutil.copy(SAMPLE_JSON, report)
    sign_in(page, site)
    page.locator("summary").filter(has_text="Web App").click()
    page.get_by_role("link", name=OBJECTIVE).first.click()
    kr = page.locator("article.kr").filter(has_text=KEY_RESULT)
    kr.get_by_role("link", name="Measure this key result from a metric source").click()

    page.get_by_label("Metric kind").select_option("coverage")
    page.get_by_label("Input").fill(str(report))
    page.get_by_label(re.compile("^Options")).fill("colour=blue")
    page.get_by_role("button", name="Bind the key result").click()
    expect(page.locator("#options-error")).to_contain_text("'colour' is not an option")
    expect(page.get_by_label("Input")).to_have_value(str(report))
    shoot(page, "binding-form-error")
    page.get_by_label(re.compile("^Options")).fill("")
    page.get_by_role("button", name="Bind the key result").click()

    binding = kr.locator(".binding")
    expect(binding).to_contain_text("Measured from coverage")
    expect(binding).to_contain_text("not measured yet")
    page.evaluate("window.stillHere = 'yes'")
    binding.get_by_role("button", name="Measure now").click()
    expect(kr.get_by_role("status")).to_contain_text("New value stored: 66 %")
    expect(kr.locator(".binding")).to_contain_text("sha256:36182c55351f")
    expect(kr.locator("dl.figures").first).to_contain_text("66 %")  # figures moved in place
    assert page.evaluate("window.stillHere") == "yes"
    shoot(page, "binding-measured")

    report.write_text(json.dumps({"meta": {}})[:5])
    kr.locator(".binding").get_by_role("button", name="Measure now").click()
    expect(kr.get_by_role("alert")).to_contain_text("Last measurement failed")
    expect(kr.locator(".binding")).to_contain_text("66 %")  # the earlier value stays
    page.set_viewport_size({"width": 375, "height": 800})
    kr.scroll_into_view_if_needed()
    shoot(page, "binding-failed-375")
    kr.locator(".binding").screenshot(path=str(SCREENSHOTS / "binding-block-375.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    done = site.okrs("measure", "--all")
    assert done.returncode == 1
    assert re.search(
        rf"error: KR \d+ \({KEY_RESULT}\): .*coverage.json: is not valid JSON", done.stderr
    )
