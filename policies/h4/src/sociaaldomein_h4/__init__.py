"""The H4 region: Rijswijk, Delft, Westland and Midden-Delfland.

The four municipalities buy Wmo begeleiding and household help together, by open house
(*bestuurlijk aanbesteden*), within the regisseursmodel: the client, with relatives, is the
regisseur, supported where needed by the access team; one household, one plan, combining
general, basic and tailor-made provisions. Source: *Inkoopplan Wmo Rijswijk 2017*.
"""

from sociaaldomein_h4.policy import POLICY, H4Policy

__all__ = ["POLICY", "H4Policy"]
