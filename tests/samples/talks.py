"""A talks file of invented talks ("Example Workshop", "Sam Placeholder" ...), one of
each kind and form: a year and a month, several kinds, hand-written text, a note.
"""

from __future__ import annotations

TALKS = """\
talks:
  - year: 2023
    kind: invited talk
    event: Example Workshop
    place: Example University
  - year: 2025
    kind: keynote
    with: Sam Placeholder
    event: Placeholder Conference
    slides: https://example.org/slides.pdf
  - year: 2023
    month: June
    kind: school
    event: Summer School of Examples
    place: Exampleville
  - year: 2024
    kind: [talk, poster]
    event: Demo Days
    text: Talk and poster at [Demo Days](https://example.org/demo), 2024.
  - year: 2023
    kind: organizer
    event: Example Network
    url: https://example.org/network
    note: Cancelled.
  - year: 2024
    kind: panel
    title: On Examples
    event: Example Forum
kinds:
  panel: Panel
"""
