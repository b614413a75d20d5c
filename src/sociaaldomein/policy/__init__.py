"""The plugin contract and what every region shares.

:mod:`~sociaaldomein.policy.plugin` defines :class:`RegionPolicy` and its parts,
:mod:`~sociaaldomein.policy.registry` finds the installed regions through entry points,
:mod:`~sociaaldomein.policy.national` holds the national rules as dated data,
:mod:`~sociaaldomein.policy.parameters` and :mod:`~sociaaldomein.policy.tariffs` read a
region's data files strictly, :mod:`~sociaaldomein.policy.rules` reads its ``rules.toml``,
:mod:`~sociaaldomein.policy.checks` holds the checks regions share, and
:mod:`~sociaaldomein.policy.kinds` the region-independent kinds of care.
"""
