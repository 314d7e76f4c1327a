"""The mkdocs-macros module, as sites name it in mkdocs.yml::

    plugins:
      - macros:
          modules: ["labsite:labsite.macros"]

Its code is :mod:`labsite.hosts.macros`; this file keeps the path users write.
"""

from labsite.hosts.macros import define_env, on_post_page_macros, on_pre_page_macros

__all__ = ["define_env", "on_post_page_macros", "on_pre_page_macros"]
