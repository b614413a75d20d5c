"""The example caseload generator: realistic, deterministic, calibrated on national figures.

:func:`generate` builds a caseload that each installed region's policy accepts (apart
from the breaches it plants on purpose, listed in :attr:`Synthetic.breaches`);
:func:`translate` carries a caseload to another region's municipalities and catalog.
"""

from sociaaldomein.synth.generator import (
    DEFAULT_HOUSEHOLDS,
    DEFAULT_SEED,
    Breach,
    Synthetic,
    default_year,
    generate,
    translate,
)

__all__ = [
    "DEFAULT_HOUSEHOLDS",
    "DEFAULT_SEED",
    "Breach",
    "Synthetic",
    "default_year",
    "generate",
    "translate",
]
