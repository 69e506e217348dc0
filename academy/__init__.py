"""Prevention Academy site generator.

The content model (modules, resources, cohorts) lives in modules that know
nothing of MkDocs; ``academy.pages`` turns the model into Markdown pages,
``academy.plan`` plans and checks the whole site (pages, URLs, links, anchors,
navigation) before any engine runs, and ``academy.engine.mkdocs``, the only
package that imports MkDocs, renders the plan.
"""
