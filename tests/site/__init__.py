"""Site tests: real sites built with MkDocs in temporary folders, `mkdocs serve`, git and
the command line end to end."""
