"""The SOP safety work of a family: the map, harm and danger statements, safety goals,
scaling, the safety network and safety plan, SDM decisions and the child's voice (issue 5)."""
