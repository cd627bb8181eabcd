"""Each rule a constraint of its own, with the field its error belongs to (registry.rules).

Seven constraints that held two rules each are split into one constraint per rule, so that each
error lands on its field. The constraints of a split refuse exactly the rows the one they replace
refused, NULLs included: `a OR (b AND c)` is `(a OR b) AND (a OR c)`, two areas both non-negative
are each non-negative, and a point with both coordinates or neither is "a latitude needs a
longitude" and "a longitude needs a latitude". The handovers' first date rule keeps its SQL and
takes the message the form always showed.
"""

import datetime

import django.db.models.expressions
from django.db import migrations, models

from registry import summaries
from registry.postgres import SqliteOnly


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0011_worklist'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='estate',
            name='registry_estate_areas_non_negative',
        ),
        migrations.RemoveConstraint(
            model_name='handover',
            name='registry_handover_relocated_after_notified',
        ),
        migrations.RemoveConstraint(
            model_name='handover',
            name='registry_handover_handed_over_after_relocated',
        ),
        migrations.RemoveConstraint(
            model_name='mine',
            name='registry_mine_licence_period',
        ),
        migrations.RemoveConstraint(
            model_name='mine',
            name='registry_mine_coordinates_pair',
        ),
        migrations.RemoveConstraint(
            model_name='shipment',
            name='registry_shipment_export_has_country_and_goods_id',
        ),
        migrations.AddConstraint(
            model_name='estate',
            constraint=models.CheckConstraint(condition=models.Q(('total_area_m2__gte', 0)), name='registry_estate_total_area_non_negative', violation_error_message='Areas cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='estate',
            constraint=models.CheckConstraint(condition=models.Q(('industrial_area_m2__gte', 0)), name='registry_estate_industrial_area_non_negative', violation_error_message='Areas cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='handover',
            constraint=models.CheckConstraint(condition=models.Q(('relocated_on__isnull', True), ('notified_on__isnull', False), _connector='OR'), name='registry_handover_relocated_needs_notified', violation_error_message='Fill in “%(earlier)s” before “%(later)s”: the stages follow each other.'),
        ),
        migrations.AddConstraint(
            model_name='handover',
            constraint=models.CheckConstraint(condition=models.Q(('relocated_on__isnull', True), ('relocated_on__gte', models.F('notified_on')), _connector='OR'), name='registry_handover_relocated_after_notified', violation_error_message='“%(later)s” cannot be before “%(earlier)s”.'),
        ),
        migrations.AddConstraint(
            model_name='handover',
            constraint=models.CheckConstraint(condition=models.Q(('handed_over_on__isnull', True), ('relocated_on__isnull', False), _connector='OR'), name='registry_handover_handed_over_needs_relocated', violation_error_message='Fill in “%(earlier)s” before “%(later)s”: the stages follow each other.'),
        ),
        migrations.AddConstraint(
            model_name='handover',
            constraint=models.CheckConstraint(condition=models.Q(('handed_over_on__isnull', True), ('handed_over_on__gte', models.F('relocated_on')), _connector='OR'), name='registry_handover_handed_over_after_relocated', violation_error_message='“%(later)s” cannot be before “%(earlier)s”.'),
        ),
        migrations.AddConstraint(
            model_name='mine',
            constraint=models.CheckConstraint(condition=models.Q(('licence_expires_on__isnull', True), ('licence_issued_on__isnull', True), ('licence_expires_on__gt', models.F('licence_issued_on')), _connector='OR'), name='registry_mine_licence_expiry_after_issue', violation_error_message='The licence expiry date must be after its issue date.'),
        ),
        migrations.AddConstraint(
            model_name='mine',
            constraint=models.CheckConstraint(condition=models.Q(('licence_expires_on__isnull', True), ('licence_issued_on__isnull', True), ('licence_expires_on__lte', django.db.models.expressions.CombinedExpression(models.F('licence_issued_on'), '+', models.Value(datetime.timedelta(days=9132)))), _connector='OR'), name='registry_mine_licence_at_most_25_years', violation_error_message='A mining licence runs at most 25 years after its issue date.'),
        ),
        migrations.AddConstraint(
            model_name='mine',
            constraint=models.CheckConstraint(condition=models.Q(('latitude__isnull', True), ('longitude__isnull', False), _connector='OR'), name='registry_mine_latitude_needs_longitude', violation_error_message='Give both latitude and longitude, or neither.'),
        ),
        migrations.AddConstraint(
            model_name='mine',
            constraint=models.CheckConstraint(condition=models.Q(('longitude__isnull', True), ('latitude__isnull', False), _connector='OR'), name='registry_mine_longitude_needs_latitude', violation_error_message='Give both latitude and longitude, or neither.'),
        ),
        migrations.AddConstraint(
            model_name='shipment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('destination', 'export'), _negated=True), models.Q(('destination_country', ''), _negated=True), _connector='OR'), name='registry_shipment_export_has_country', violation_error_message='An export needs its destination country.'),
        ),
        migrations.AddConstraint(
            model_name='shipment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('destination', 'export'), _negated=True), models.Q(('goods_id', ''), _negated=True), _connector='OR'), name='registry_shipment_export_has_goods_id', violation_error_message='An export needs the goods ID of a registered product.'),
        ),
        migrations.AlterConstraint(
            model_name='handover',
            name='registry_handover_notified_after_identified',
            constraint=models.CheckConstraint(condition=models.Q(('notified_on__isnull', True), ('notified_on__gte', models.F('identified_on')), _connector='OR'), name='registry_handover_notified_after_identified', violation_error_message='“%(later)s” cannot be before “%(earlier)s”.'),
        ),
        # SQLite rebuilds the product table to change its constraints: the product count triggers
        # (registry.summaries), which name the table, step aside meanwhile.
        SqliteOnly(summaries.SQLITE_TRIGGERS_REMOVED, reverse_sql=summaries.SQLITE_TRIGGERS),
        migrations.RemoveConstraint(
            model_name='product',
            name='registry_product_registered_has_id_and_date',
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'registered'), _negated=True), ('goods_id__isnull', False), _connector='OR'), name='registry_product_registered_has_goods_id', violation_error_message='A registered product needs its goods ID.'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'registered'), _negated=True), ('registered_on__isnull', False), _connector='OR'), name='registry_product_registered_has_date', violation_error_message='A registered product needs its registration date.'),
        ),
        SqliteOnly(summaries.SQLITE_TRIGGERS, reverse_sql=summaries.SQLITE_TRIGGERS_REMOVED),
    ]
