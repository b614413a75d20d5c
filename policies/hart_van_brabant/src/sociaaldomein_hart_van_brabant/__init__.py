"""Hart van Brabant: the region policy of the nine municipalities of the Regio Hart van
Brabant (Dongen, Gilze en Rijen, Goirle, Heusden, Hilvarenbeek, Loon op Zand, Oisterwijk,
Tilburg, Waalwijk).

Sources: *Leidende principes en inrichtingskeuzes Jeugdhulp en Wmo Regio Hart van Brabant*
(concept 19 December 2016) and *Inkoopplan resultaatgerichte Wmo-begeleiding 2019*. See
``docs/regions/hart-van-brabant.md``.
"""

from sociaaldomein_hart_van_brabant.policy import POLICY, WAALWIJK, HartVanBrabantPolicy

__all__ = ["POLICY", "WAALWIJK", "HartVanBrabantPolicy"]
