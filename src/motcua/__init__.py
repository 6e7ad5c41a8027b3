"""motcua: a province's administrative procedures (TTHC) end to end."""

__version__ = "0.1.0"
