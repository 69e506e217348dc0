"""Engines render a planned site (:class:`academy.plan.Site`) into files.

Only the adapter package of an engine imports that engine: :mod:`.mkdocs` is the only code that imports
MkDocs or Material for MkDocs (a test checks this), so moving to another engine means writing one adapter.
"""
