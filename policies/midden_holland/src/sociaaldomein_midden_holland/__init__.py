"""Regio Midden-Holland: the sociaaldomein policy after the *Kaderdocument inkoop Wmo en
Jeugd 2025* (Bodegraven-Reeuwijk, Gouda, Krimpenerwaard, Waddinxveen, Zuidplas)."""

from sociaaldomein_midden_holland.policy import POLICY, MiddenHollandPolicy

__all__ = ["POLICY", "MiddenHollandPolicy"]
