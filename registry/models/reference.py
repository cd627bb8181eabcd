"""Reference data that ships with Shafaf (spec section 2): counties, sectors, minerals, offices."""

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from registry.models.base import RegistryModel
from registry.querysets import CountyQuerySet
from registry.rules import Rule


class ReferenceModel(RegistryModel):
    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=False)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta(RegistryModel.Meta):
        abstract = True
        ordering = ("code",)

    def __str__(self):
        return self.name_en if translation.get_language() == "en" else self.name_fa


class County(ReferenceModel):
    population = models.PositiveIntegerField(_("population"))
    census_year = models.PositiveSmallIntegerField(_("census year"), help_text=_("Jalali year of the census."))

    objects = CountyQuerySet.as_manager()

    class Meta(ReferenceModel.Meta):
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            Rule(name="registry_county_population_positive", field="population",
                 condition=Q(population__gt=0), message=_("The population of a county must be greater than zero.")),
        ]


class Sector(ReferenceModel):
    smuggling_prone = models.BooleanField(
        _("prone to smuggling"), default=False,
        help_text=_("Goods of this sector are subject to anti-smuggling rules."),
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Mineral(ReferenceModel):
    group = models.PositiveSmallIntegerField(_("exploration group"), help_text=_("1 to 6."))
    rubble_stone = models.BooleanField(_("rubble stone"), default=False)

    class Meta(ReferenceModel.Meta):
        verbose_name = _("mineral")
        verbose_name_plural = _("minerals")
        constraints = [
            Rule(name="registry_mineral_group_1_6", field="group",
                 condition=Q(group__gte=1, group__lte=6),
                 message=_("The exploration group of a mineral is a number from 1 to 6.")),
        ]


class Office(ReferenceModel):
    is_self = models.BooleanField(
        _("this directorate"), default=False,
        help_text=_("Marks the Directorate General of Industry, Mine and Trade itself."),
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(
                fields=("is_self",), condition=Q(is_self=True), name="registry_office_one_self",
                violation_error_message=_("Only one office can be this directorate."),
            ),
        ]
