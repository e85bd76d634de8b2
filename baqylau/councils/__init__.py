"""Public councils, their members, and the plan of public monitoring each approves for a year."""
