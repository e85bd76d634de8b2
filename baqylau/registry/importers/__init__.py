"""Importers that bring third-party data (IATI, ...) into the registry through its services."""
