"""The example caseload generator: realistic, deterministic, calibrated on national figures.

:func:`generate` builds a caseload that each installed region's policy accepts (apart
from the breaches it plants on purpose, listed in :attr:`Synthetic.breaches`);
:func:`translate` carries a caseload to another region's municipalities and catalog.
One module per concern: :mod:`~sociaaldomein.synth.calibration` (national figures),
:mod:`~sociaaldomein.synth.offers` (what a region offers), :mod:`~sociaaldomein.synth.allocations`,
:mod:`~sociaaldomein.synth.events`, :mod:`~sociaaldomein.synth.plans`,
:mod:`~sociaaldomein.synth.households`, :mod:`~sociaaldomein.synth.breaches`,
:mod:`~sociaaldomein.synth.generator` and :mod:`~sociaaldomein.synth.translate`.
"""

from sociaaldomein.synth.breaches import BREACH_KINDS, Breach
from sociaaldomein.synth.calibration import DEFAULT_HOUSEHOLDS, DEFAULT_SEED
from sociaaldomein.synth.generator import RegionPlan, Synthetic, generate
from sociaaldomein.synth.offers import default_year
from sociaaldomein.synth.translate import translate

__all__ = [
    "BREACH_KINDS",
    "DEFAULT_HOUSEHOLDS",
    "DEFAULT_SEED",
    "Breach",
    "RegionPlan",
    "Synthetic",
    "default_year",
    "generate",
    "translate",
]
