"""How labsite uses the Python process it runs in: its cores (processes.py), its
garbage collector (collector.py), files written whole (files.py). Imports nothing of
labsite's."""
