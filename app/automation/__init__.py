"""Follow-ups the business creates by itself: rules with a switch and a delay, run once a day."""
