"""Text handling that needs no model: paragraphs, repeats, language."""
