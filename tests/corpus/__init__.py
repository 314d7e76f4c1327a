"""Corpus tests: every file of the real-world BibTeX corpus in ../shared/corpus/bib/."""
