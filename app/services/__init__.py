"""Use cases: plain arguments in, immutable rows and a Changes value out; one transaction each."""
