"""Corpus-wide jobs on Apache Spark (PySpark): the cascade's candidate generation and verification."""
