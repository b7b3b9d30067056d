"""Creating, changing and removing a binding: validated field by field, audited."""

from datetime import UTC, datetime, timedelta

import pytest

from okrs.audit.models import AuditEntry
from okrs.bindings.models import Binding, Measurement
from okrs.bindings.runs import measure_binding
from okrs.bindings.services import BindingSpec, remove_binding, save_binding
from okrs.core.errors import InvalidInput

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def errors_of(key_result, spec):
    with pytest.raises(InvalidInput) as raised:
        save_binding(key_result, spec)
    assert not Binding.objects.exists()
    return raised.value.by_field()


def test_it_names_every_wrong_field(key_result):
    errors = errors_of(key_result, BindingSpec("coverge", "  ", "a=1\nnonsense", "fortnightly"))
    assert "is not a metric kind" in errors["kind"][0]
    assert "coverage" in errors["kind"][0]
    assert errors["input"] == ["is required: a file, folder or URL"]
    assert errors["options"] == ["line 2: write it as key=value"]
    assert "hourly, daily, weekly" in errors["cadence"][0]


def test_it_needs_an_absolute_path_or_a_url(key_result):
    errors = errors_of(key_result, BindingSpec("coverage", "build/coverage.json"))
    assert errors["input"] == ["use an absolute path (/srv/…) or a URL"]
    binding = save_binding(key_result, BindingSpec("http-json", "https://ci.example/x.json"))
    assert binding.input == "https://ci.example/x.json"


def test_it_refuses_options_the_kind_does_not_know(key_result):
    errors = errors_of(key_result, BindingSpec("coverage", "/ci/coverage.json", {"sinse": "x"}))
    assert "'sinse' is not an option of coverage" in errors["options"][0]


def test_a_window_needs_a_kind_with_dates(key_result):
    errors = errors_of(key_result, BindingSpec("coverage", "/ci/c.json", {}, window_days=28))
    assert errors["window_days"] == ["coverage has no since and until options"]
    errors = errors_of(
        key_result, BindingSpec("git", "/srv/app", {"since": "2026-10-01"}, window_days=7)
    )
    assert errors["window_days"] == ["leave since and until out of the options"]


def test_it_stores_the_cadence_in_hours(key_result):
    binding = save_binding(key_result, BindingSpec("coverage", "/ci/c.json", "measure=lines", "6h"))
    assert (binding.cadence_hours, binding.cadence) == (6, "every 6 hours")
    assert binding.options == {"measure": "lines"}
    binding = save_binding(key_result, BindingSpec("coverage", "/ci/c.json", {}, "weekly"))
    assert (Binding.objects.get().cadence_hours, binding.cadence) == (168, "weekly")


def test_a_changed_source_is_due_at_once_and_audited(key_result, world, coverage_json):
    from okrs.audit.services import Author

    by = Author(world.dave, "web")
    binding = save_binding(key_result, BindingSpec("coverage", str(coverage_json)), by=by)
    assert binding.created_by == world.dave
    measure_binding(binding, now=NOW)
    binding = save_binding(key_result, BindingSpec("coverage", str(coverage_json), {}, "hourly"))
    assert binding.next_due_at == NOW + timedelta(hours=24)  # only the cadence changed
    later = datetime.now(UTC)
    binding = save_binding(key_result, BindingSpec("coverage", "/ci/other.json", {}, "hourly"))
    assert binding.next_due_at >= later
    actions = AuditEntry.objects.filter(object_type="binding").values_list("action", flat=True)
    assert list(actions) == ["create", "update", "update"]


def test_removing_a_binding_keeps_the_provenance_of_its_check_ins(key_result, coverage_json):
    binding = save_binding(key_result, BindingSpec("coverage", str(coverage_json)))
    measure_binding(binding, now=NOW)
    remove_binding(binding)
    assert not Binding.objects.exists()
    assert Measurement.objects.get().digest.startswith("sha256:")
    assert AuditEntry.objects.filter(object_type="binding", action="delete").exists()
