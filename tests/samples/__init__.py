"""Invented inputs shared by the unit tests and the site tests of one stage."""
