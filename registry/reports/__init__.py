"""The supervisors' reports (spec section 4): a dashboard and ten reports, as pages, charts and
downloads. queries.py computes every figure; catalogue.py declares what each report shows."""
