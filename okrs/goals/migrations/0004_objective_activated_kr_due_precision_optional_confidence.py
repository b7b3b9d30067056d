"""Issue 12's rules for stored data: machine values lose the confidence nobody gave them,
and contribute links between periods that do not nest become support links (shown, not
counted). Run `okrs recompute` after migrating: stored figures follow the new rules then
(README, "How the numbers work")."""

from django.db import migrations, models


def forget_invented_confidence(apps, schema_editor):
    """A measured or pushed value (it names its source) carried a confidence on, or 5."""
    CheckIn = apps.get_model("goals", "CheckIn")
    CheckIn.objects.exclude(source="").update(confidence=None)


def links_across_periods_support(apps, schema_editor):
    """A child counts only towards a parent whose period holds its own (a quarter towards
    its year); other contribute links are kept as support links."""
    Alignment = apps.get_model("goals", "Alignment")
    links = Alignment.objects.filter(kind="contribute").select_related(
        "child__period", "parent_objective__period", "parent_key_result__objective__period"
    )
    for link in links:
        parent = link.parent_objective or link.parent_key_result.objective
        inner, outer = link.child.period, parent.period
        if not (outer.start <= inner.start and inner.end <= outer.end):
            link.kind = "support"
            link.save(update_fields=["kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0003_alignment_state_weight_bound"),
    ]

    operations = [
        migrations.AddField(
            model_name="keyresult",
            name="due",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="keyresult",
            name="precision",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="objective",
            name="activated_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="confidence",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(forget_invented_confidence, migrations.RunPython.noop),
        migrations.RunPython(links_across_periods_support, migrations.RunPython.noop),
    ]
