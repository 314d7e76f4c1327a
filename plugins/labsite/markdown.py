"""The Markdown extension ``labsite.markdown``, as sites name it in mkdocs.yml::

    markdown_extensions:
      - footnotes
      - labsite.markdown:
          bib_files: [bib/papers.bib]

Its code is :mod:`labsite.hosts.markdown.extension`; this file keeps the path users
write.
"""

from labsite.hosts.markdown.extension import LabsiteExtension, makeExtension

__all__ = ["LabsiteExtension", "makeExtension"]
