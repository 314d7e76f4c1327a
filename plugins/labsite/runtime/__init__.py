"""How labsite uses the Python process it runs in: its cores (processes.py) and its
garbage collector (collector.py). Imports nothing of labsite's."""
