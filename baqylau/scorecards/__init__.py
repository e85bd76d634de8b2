"""Community scorecards: a campaign of that form rates a service at an object with its users'
groups and its provider, and ends in a joint action plan that the body accepts and tracks."""
