"""Values on the objective page: rounded to the key result's precision, typed back as shown.

Issue 12: an NPS showed as 11.111111111111107, and the check-in form refused "2,530", the
format the page itself displays.
"""

import pytest
from django.urls import reverse

from okrs.audit.services import Author
from okrs.goals.models import CheckIn
from okrs.goals.services import add_key_result, create_objective, record_check_in

HTMX = {"HTTP_HX_REQUEST": "true"}
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.8"}


@pytest.fixture
def objective(world):
    return create_objective(world.period, "Customers recommend us", owner_unit=world.web_team)


def page(client, objective, **headers):
    return client.get(reverse("objective", args=[objective.pk]), **headers).content.decode()


def check_in(client, kr, value, **headers):
    data = {"value": value, "confidence": "7", "note": "", "signal": "none"}
    return client.post(reverse("check-in", args=[kr.pk]), data, **HTMX, **headers)


def test_it_shows_values_without_float_noise(client, world, objective):
    nps = add_key_result(objective, "NPS", start=0, target=30)
    record_check_in(nps, 11.111111111111107, 7, by=Author(world.bob))
    client.force_login(world.bob)
    html = page(client, objective)
    assert "11.1111" not in html
    assert "<dd>11.1 </dd>" in html  # the figures
    assert "latest 11.1 on" in html  # the chart's description
    assert (
        'name="value" type="text" inputmode="decimal" autocomplete="off" required value="11.1"'
        in html
    )


def test_it_shows_a_set_precision_with_fixed_decimals(client, world, objective):
    revenue = add_key_result(objective, "Revenue", start=0, target=5000, unit_label="k€")
    revenue.precision = 2
    revenue.save(update_fields=["precision"])
    record_check_in(revenue, 2530.5, 7, by=Author(world.bob))
    client.force_login(world.bob)
    assert "<dd>2,530.50 k€</dd>" in page(client, objective)


def test_it_accepts_a_value_typed_as_the_page_shows_it(client, world, objective):
    lcp = add_key_result(
        objective, "LCP p75", direction="decrease", start=3400, target=2500, unit_label="ms"
    )
    client.force_login(world.bob)
    response = check_in(client, lcp, "2,530")
    assert response.status_code == 200
    assert CheckIn.objects.get(key_result=lcp).value == 2530
    assert "Check-in saved: 2,530 ms" in response.content.decode()


def test_it_refuses_an_ambiguous_value_naming_the_formats(client, world, objective):
    lcp = add_key_result(objective, "LCP p75", direction="decrease", start=3400, target=2500)
    client.force_login(world.bob)
    response = check_in(client, lcp, "12,34")
    assert response.status_code == 422
    assert "Value must be a number such as 2530, 2,530" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_it_accepts_a_decimal_comma_in_a_decimal_comma_locale(client, world, objective):
    lcp = add_key_result(objective, "LCP p75", direction="decrease", start=3400, target=2500)
    client.force_login(world.bob)
    response = check_in(client, lcp, "2.530,5", **GERMAN)
    assert response.status_code == 200
    assert CheckIn.objects.get(key_result=lcp).value == 2530.5
    html = page(client, objective, **GERMAN)
    assert "<dd>2.530,5 </dd>" in html  # shown the way it was typed
    assert "<dd>3.400 </dd>" in html
    assert 'required value="2530,5"' in html  # and the form takes its own prefill back


def test_it_reads_a_comma_as_the_decimal_in_a_decimal_comma_locale(client, world, objective):
    ratio = add_key_result(objective, "Share of happy users", start=0.2, target=0.5)
    client.force_login(world.bob)
    assert check_in(client, ratio, "0,7", **GERMAN).status_code == 200
    assert CheckIn.objects.get(key_result=ratio).value == 0.7


def test_the_editor_takes_start_and_target_typed_as_the_page_shows_them():
    from okrs.web.forms import ValueField

    field = ValueField(required=False)
    assert field.clean("2,530") == 2530
    assert field.clean("1,234.5") == 1234.5
    field.decimal_comma = True
    assert field.clean("2.530,5") == 2530.5
