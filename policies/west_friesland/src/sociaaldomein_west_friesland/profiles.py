"""Support profiles and intensities: the typed keys of West-Friesland's arrangements.

Source: *Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021*, §3.2 and
bijlage 1. An arrangement is one support profile times one intensity
(*ondersteuningsprofiel x intensiteit = arrangement*, §3.2, WF-26). Youth has eleven
profiles with four intensities (WF-28), the Wmo five profiles with three (WF-29); the
intensity Acuut applies to youth only (bijlage 1, WF-87). That makes 44 + 15 = 59
arrangements (bijlage 1, WF-89).

Arrangement codes are ``J01-1`` .. ``J11-4`` (youth) and ``W01-1`` .. ``W05-3`` (Wmo): the
law's letter, the profile number and the intensity number of bijlage 1. The separate
hourly products (WF-30) and stays (WF-55) are in :mod:`sociaaldomein_west_friesland.catalog`.
"""

from __future__ import annotations

import enum
import re

import attrs

from sociaaldomein import InvalidValue, Law, UnknownCode

__all__ = [
    "ARRANGEMENTS",
    "Intensity",
    "ProfileArrangement",
    "SupportProfile",
    "WmoProfile",
    "YouthProfile",
    "profile_arrangements",
    "profile_of",
]


class Intensity(enum.Enum):
    """The four intensities of bijlage 1 (*De intensiteiten jeugd en Wmo*, WF-86), valued
    by their number. Ordered by intensity of care: Duurzaam lowest, Acuut highest (WF-88).
    """

    DUURZAAM = 1
    """Duurzaam: consolideren."""
    PERSPECTIEF = 2
    """Perspectief: beter worden/ontwikkelen."""
    INTENSIEF = 3
    """Intensief: stabiliseren/ontwikkelen."""
    ACUUT = 4
    """Acuut: bezweren crisis (youth only, WF-87)."""

    @property
    def dutch(self) -> str:
        """The name as bijlage 1 prints it."""
        return _INTENSITY_NAMES[self]

    @property
    def rank(self) -> int:
        """Position in the order of care intensity (WF-88): 1 lowest, 4 highest."""
        return self.value

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Intensity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Intensity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Intensity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Intensity):
            return NotImplemented
        return self.rank >= other.rank


_INTENSITY_NAMES = {
    Intensity.DUURZAAM: "Duurzaam: consolideren",
    Intensity.PERSPECTIEF: "Perspectief: beter worden/ontwikkelen",
    Intensity.INTENSIEF: "Intensief: stabiliseren/ontwikkelen",
    Intensity.ACUUT: "Acuut: bezweren crisis",
}


class YouthProfile(enum.Enum):
    """The eleven youth support profiles (*ondersteuningsprofielen jeugd*, bijlage 1,
    WF-70..WF-80), valued by their number. Their target groups and intended results, as
    printed, are in ``parameters/catalog.toml``."""

    PSYCHOSOCIAAL_EN_OUDERRELATIES = 1
    """1. Jeugdigen met psychosociale problemen en problematische relaties tussen ouders."""
    ONTWIKKELING_GEDRAG_EN_OPVOEDING = 2
    """2. Jeugdigen met ontwikkelings- en gedragsproblemen en ouders die problemen ervaren
    met opvoeden."""
    OUDERS_MET_ZIEKTE_OF_BEPERKING = 3
    """3. Jeugdigen met ouders met een ziekte of beperking."""
    OUDERS_MET_PSYCHIATRISCHE_PROBLEMEN = 4
    """4. Jeugdigen met ontwikkelings-, gedrags- en/of psychiatrische problemen met ouders
    met psychi(atri)sche problemen."""
    KINDFACTOREN = 5
    """5. Jeugdigen met ontwikkelings- en gedragsproblemen door kindfactoren (psychiatrisch
    en/of somatisch)."""
    MULTIPROBLEEMGEZIN = 6
    """6. Jeugdigen met ontwikkelings-, gedrags- en psychiatrische problemen binnen
    multi-probleem gezinnen."""
    BENEDENGEMIDDELDE_INTELLIGENTIE = 7
    """7. Jeugdigen met een benedengemiddelde intelligentie."""
    GEDRAG_EN_BENEDENGEMIDDELDE_INTELLIGENTIE = 8
    """8. Jeugdigen met ontwikkelings- en gedragsproblemen met een benedengemiddelde
    intelligentie."""
    LICHAMELIJKE_BEPERKING_EN_NAH = 9
    """9. Jeugdigen met een lichamelijke beperking en niet-aangeboren hersenletsel."""
    JONGE_KINDEREN_0_6 = 10
    """10. Jonge kinderen van 0-6 jaar en hun gezin (allocable only to children 0-6, WF-79)."""
    CRISIS = 11
    """11. Jeugdigen en gezin die in een crisissituatie terecht zijn gekomen."""

    @property
    def law(self) -> Law:
        return Law.JEUGDWET

    @property
    def letter(self) -> str:
        return "J"


class WmoProfile(enum.Enum):
    """The five Wmo support profiles (*ondersteuningsprofielen Wmo*, bijlage 1,
    WF-81..WF-85), valued by their number."""

    PSYCHOSOCIAAL = 1
    """1. Volwassenen met acute of chronische psychosociale problematiek."""
    VERSTANDELIJKE_BEPERKING = 2
    """2. Volwassenen met verstandelijke beperking."""
    COGNITIEVE_ACHTERUITGANG = 3
    """3. Volwassenen die problemen ondervinden als gevolg van een cognitieve achteruitgang
    en eventuele lichamelijke problematiek."""
    LICHAMELIJKE_BEPERKING = 4
    """4. Volwassenen met een lichamelijke/motorische beperking."""
    ZINTUIGLIJKE_BEPERKING = 5
    """5. Volwassenen met een zintuigelijke beperking (slechthorend of slechtziend)."""

    @property
    def law(self) -> Law:
        return Law.WMO

    @property
    def letter(self) -> str:
        return "W"


SupportProfile = YouthProfile | WmoProfile
"""A support profile of either law (separate sets per law, §3.2.1, WF-27)."""

_CODE = re.compile(r"^([JW])(\d{2})-(\d)$")


def _check_intensity(inst: ProfileArrangement, _attr: object, value: Intensity) -> None:
    if not isinstance(value, Intensity):
        raise InvalidValue(f"intensity must be an Intensity, got {value!r}")
    if isinstance(inst.profile, WmoProfile) and value is Intensity.ACUUT:
        raise InvalidValue(
            f"Wmo profile {inst.profile.value} has no intensity Acuut: it applies to youth "
            "only (Uitvoeringskader inkoop sociaal domein West-Friesland 2019-2021, "
            "bijlage 1, WF-87)"
        )


@attrs.frozen(order=False)
class ProfileArrangement:
    """One support profile times one intensity (§3.2, WF-26).

    Constructing Wmo x Acuut raises (bijlage 1, WF-87); validation reports an allocation
    with such a code as a violation instead.
    """

    profile: SupportProfile = attrs.field()
    intensity: Intensity = attrs.field(validator=_check_intensity)

    @profile.validator
    def _check_profile(self, _attr: object, value: object) -> None:
        if not isinstance(value, YouthProfile | WmoProfile):
            raise InvalidValue(f"profile must be a youth or Wmo support profile, got {value!r}")

    @property
    def law(self) -> Law:
        return self.profile.law

    @property
    def code(self) -> str:
        """``J01-1`` .. ``J11-4``, ``W01-1`` .. ``W05-3``."""
        return f"{self.profile.letter}{self.profile.value:02d}-{self.intensity.value}"

    @classmethod
    def parse(cls, code: str) -> ProfileArrangement:
        """The arrangement of a code. :class:`UnknownCode` for a code that names no
        profile or intensity; :class:`InvalidValue` for Wmo x Acuut (WF-87)."""
        match = _CODE.match(code.strip()) if isinstance(code, str) else None
        if not match:
            raise UnknownCode(
                f"{code!r} is not a West-Friesland arrangement code (J01-1 .. J11-4, "
                "W01-1 .. W05-3)"
            )
        letter, number, intensity = match.groups()
        kind: type[YouthProfile] | type[WmoProfile] = YouthProfile if letter == "J" else WmoProfile
        try:
            profile = kind(int(number))
            level = Intensity(int(intensity))
        except ValueError:
            raise UnknownCode(f"{code!r} names no support profile or intensity of bijlage 1") from None
        return cls(profile, level)

    def __str__(self) -> str:
        return self.code


def profile_arrangements(law: Law | None = None) -> tuple[ProfileArrangement, ...]:
    """The arrangements of bijlage 1: every youth profile with all four intensities (44)
    and every Wmo profile with Duurzaam, Perspectief, Intensief (15) (WF-89)."""
    youth = tuple(ProfileArrangement(p, i) for p in YouthProfile for i in Intensity)
    wmo = tuple(
        ProfileArrangement(p, i) for p in WmoProfile for i in Intensity if i is not Intensity.ACUUT
    )
    if law is Law.JEUGDWET:
        return youth
    if law is Law.WMO:
        return wmo
    return youth + wmo


def profile_of(code: str) -> ProfileArrangement | None:
    """The profile arrangement of an allocation's code, or ``None`` for a product, a stay
    or a code that names no valid arrangement."""
    try:
        return ProfileArrangement.parse(code)
    except (UnknownCode, InvalidValue):
        return None


ARRANGEMENTS = profile_arrangements()
"""All 59 profile arrangements, youth first."""
