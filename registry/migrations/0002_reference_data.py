"""The reference data that ships with Shafaf (spec section 2), with a history entry for each row."""

from django.db import migrations
from django.utils import timezone

CENSUS_YEAR = 1395  # the 2016 census

COUNTIES = [
    ("sanandaj", "سنندج", "Sanandaj", 501402),
    ("saqqez", "سقز", "Saqqez", 226451),
    ("marivan", "مریوان", "Marivan", 195263),
    ("baneh", "بانه", "Baneh", 158690),
    ("qorveh", "قروه", "Qorveh", 140192),
    ("kamyaran", "کامیاران", "Kamyaran", 102856),
    ("bijar", "بیجار", "Bijar", 89162),
    ("divandarreh", "دیواندره", "Divandarreh", 80040),
    ("dehgolan", "دهگلان", "Dehgolan", 64015),
    ("sarvabad", "سروآباد", "Sarvabad", 44940),
]

SECTORS = [
    ("home_appliances", "لوازم خانگی", "Home appliances", True),
    ("auto_parts", "قطعات خودرو", "Auto parts", True),
    ("mining", "معدن", "Mining", False),
    ("food", "صنایع غذایی", "Food", False),
    ("construction_materials", "مصالح ساختمانی", "Construction materials", False),
    ("textiles", "نساجی", "Textiles", False),
    ("chemicals", "شیمیایی", "Chemicals", False),
    ("other", "سایر", "Other", False),
]

MINERALS = [
    ("rubble_stone", "لاشه سنگ", "Rubble stone", 1, True),
    ("sand_gravel", "شن و ماسه", "Sand and gravel", 1, False),
    ("limestone", "سنگ آهک", "Limestone", 1, False),
    ("gypsum", "سنگ گچ", "Gypsum", 1, False),
    ("decorative_stone", "سنگ تزئینی", "Decorative stone", 1, False),
    ("granite", "گرانیت", "Granite", 1, False),
    ("travertine", "تراورتن", "Travertine", 1, False),
    ("industrial_clay", "خاک صنعتی", "Industrial clay", 1, False),
    ("iron_ore", "سنگ آهن", "Iron ore", 2, False),
    ("gold", "طلا", "Gold", 2, False),
]

OFFICES = [
    ("imt", "اداره کل صنعت، معدن و تجارت", "Industry, Mine and Trade", True),
    ("agri", "جهاد کشاورزی", "Agriculture", False),
    ("coop", "تعاون، کار و رفاه اجتماعی", "Cooperatives and Labour", False),
    ("tourism", "میراث فرهنگی و گردشگری", "Tourism", False),
    ("roads", "راه و شهرسازی", "Roads", False),
]

REASON = "reference data shipped with Shafaf"


def _create(apps, model_name, rows):
    model = apps.get_model("registry", model_name)
    history = apps.get_model("registry", f"Historical{model_name}")
    now = timezone.now()
    for row in rows:
        instance = model.objects.create(**row)
        values = {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields}
        history.objects.create(**values, history_date=now, history_type="+", history_change_reason=REASON)


def load(apps, schema_editor):
    _create(apps, "County", [
        {"code": code, "name_fa": fa, "name_en": en, "population": population, "census_year": CENSUS_YEAR}
        for code, fa, en, population in COUNTIES
    ])
    _create(apps, "Sector", [
        {"code": code, "name_fa": fa, "name_en": en, "smuggling_prone": prone} for code, fa, en, prone in SECTORS
    ])
    _create(apps, "Mineral", [
        {"code": code, "name_fa": fa, "name_en": en, "group": group, "rubble_stone": rubble}
        for code, fa, en, group, rubble in MINERALS
    ])
    _create(apps, "Office", [
        {"code": code, "name_fa": fa, "name_en": en, "is_self": is_self} for code, fa, en, is_self in OFFICES
    ])


def unload(apps, schema_editor):
    for model_name, rows in (("Office", OFFICES), ("Mineral", MINERALS), ("Sector", SECTORS), ("County", COUNTIES)):
        codes = [row[0] for row in rows]
        apps.get_model("registry", model_name).objects.filter(code__in=codes).delete()
        apps.get_model("registry", f"Historical{model_name}").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
