"""Test and benchmark helpers shipped with the package (generated plan corpora)."""
