"""Data contracts: Open Data Contract Standard v3 documents, linted and tested against data."""
