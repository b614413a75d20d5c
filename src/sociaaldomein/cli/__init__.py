"""The ``sociaaldomein`` command: one module per command group.

Nothing in the library imports this package; it sits on top of every layer.
"""
