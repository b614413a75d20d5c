"""The municipality's side of the national message chain (iWmo / iJw).

:mod:`~sociaaldomein.exchange.ledger` is the chain's memory in a database (SQLite by
default, PostgreSQL supported): allocations sent, starts and stops received, declarations
and reference numbers accepted, message identifications per sender.
"""
