"""The Markdown extension ``labsite.mathml``, as sites name it in mkdocs.yml::

    markdown_extensions:
      - pymdownx.arithmatex:
          generic: true
      - labsite.mathml

Its code is :mod:`labsite.hosts.markdown.mathml`; this file keeps the path users write.
"""

from labsite.hosts.markdown.mathml import MathMLExtension, makeExtension

__all__ = ["MathMLExtension", "makeExtension"]
