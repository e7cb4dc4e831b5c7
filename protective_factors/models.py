"""The five Strengthening Families protective factors, instruments as data, assessments,
scores and well-being goals (issue 6)."""
