"""Public meetings where monitoring turns into dialogue: public council sessions, public hearings,
hearings of a body's report and of its decision on recommendations, the interface meetings of
community scorecards; their questions, attendance, minutes and the commitments they decide."""
