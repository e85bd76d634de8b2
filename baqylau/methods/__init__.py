"""A library of methods shared between NGOs: checklists, scorecard indicator sets, guides and
templates of letters, with their versions and the campaigns that used them."""
