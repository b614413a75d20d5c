"""The template region: the smallest complete policy plugin.

Two fictional municipalities (with CBS codes no real municipality has), two arrangements,
per-period and trajectory funding. A region writing its own plugin copies this package
(``sociaaldomein new-policy NAME`` does it for you) and replaces the data and rules.
"""

from sociaaldomein_template.policy import POLICY, TemplatePolicy

__all__ = ["POLICY", "TemplatePolicy"]
