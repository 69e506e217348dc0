"""Prevention Academy site generator.

The content model (modules, resources, cohorts) lives in modules that know
nothing of MkDocs; ``academy.pages`` turns the model into Markdown pages and
``academy.plugin`` hands those pages to MkDocs.
"""
