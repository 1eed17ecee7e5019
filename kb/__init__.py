"""The Safeguarding Guidance Knowledge Base document model and command line."""

__version__ = "0.1.0"
