"""Case plans linking each safety goal to the protective factors and well-being goals it
builds; approval and PDF rendering (issue 8)."""
