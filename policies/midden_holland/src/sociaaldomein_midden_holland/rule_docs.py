"""placeholder"""
from sociaaldomein import RuleDoc

RULES: tuple[RuleDoc, ...] = ()
