"""A people file and a bibliography of invented people ("Alex Example", "Sam
Placeholder" ...): members matched by ORCID, by name variants, and namesakes who are not
them.
"""

from __future__ import annotations

ALEX_ORCID = "0000-0001-2345-6789"
OTHER_ORCID = "0000-0003-9999-000X"

PEOPLE = f"""\
members:
  - id: alex-example
    name: Alex Example
    role: PhD student
    names: [A. Example, Alex B. Example]
    orcid: {ALEX_ORCID}
    email: alex@example.org
    programme: Example CDT
    programme_url: https://example.org/cdt
    project: Counting examples
    supervisors: [Dr. Sam Placeholder (main), Someone Outside (Elsewhere University)]
    start: 2021
    links:
      website: https://example.org/alex
  - id: sam-placeholder
    name: Sam Placeholder
    role: Lecturer
    start: 2015
  - id: robin-sample
    name: Robin Sample
    role: PhD student
    start: 2010
    end: 2014
  - id: jo-dummy
    name: Jo Dummy
    role: PhD student
    start: 2001
    end: 2099
supervision:
  - member: alex-example
  - member: sam-placeholder
    text: Sam Placeholder, with [a link](https://example.org/sam) in the text.
  - text: Two MSc students.
"""

BIB = rf"""
@article{{byname,
  author  = {{Example, Alex and Placeholder, Sam}},
  title   = {{Matched by Name}},
  journal = {{Journal of Examples}},
  year    = {{2023}}
}}

@article{{byvariant,
  author  = {{Example, A. and Nobody, Noel}},
  title   = {{Matched by a Variant}},
  journal = {{Journal of Examples}},
  year    = {{2022}}
}}

@article{{byorcid,
  author  = {{Exampleton, Alexander and Nobody, Noel}},
  title   = {{Matched by ORCID}},
  journal = {{Journal of Examples}},
  year    = {{2021}},
  orcid-numbers = {{Exampleton, Alexander/{ALEX_ORCID}
     Nobody, Noel/0000-0002-1825-0097}}
}}

@article{{similar,
  author  = {{Example, Alexa and Example, Al}},
  title   = {{A Similar Name Is Not Alex}},
  journal = {{Journal of Examples}},
  year    = {{2020}}
}}

@article{{namesake,
  author  = {{Example, Alex}},
  title   = {{Same Name, Other ORCID}},
  journal = {{Journal of Examples}},
  year    = {{2019}},
  orcid-numbers = {{Example, Alex/{OTHER_ORCID}}}
}}
"""
