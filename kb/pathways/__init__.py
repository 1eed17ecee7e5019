"""Pathways: "what to do now" steps for a situation, by role and nation.

Each step cites the sections of guidance it comes from. ``model`` holds the
plain data, ``loader`` reads ``guidance/pathways/*.yml`` and ``helplines.yml``,
``checks`` verifies citations and coverage against the loaded library.
"""

from kb.pathways.model import NATIONS, Helpline, Pathway, SectionRef, Step

__all__ = ["NATIONS", "Helpline", "Pathway", "SectionRef", "Step"]
