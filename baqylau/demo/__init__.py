"""Illustrative demo data for Pavlodar region, loaded by `baqylau load_demo`.

The bodies and places are real; the documents' figures, objects, contracts, companies, NGOs and
people are invented for demonstration. Every demo planning document has a slug starting with
"demo-", which is how the portal knows to mark the site as showing illustrative data.
"""
