"""Family Team Meetings: participants, the map as discussed, decisions and action items
(issue 7)."""
