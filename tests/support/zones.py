"""Time zones that tests run in."""

# Insights: a zone far ahead of UTC in its summer, and one behind it that left summer time on
# 1 November.
ZONES = ("Pacific/Auckland", "America/Los_Angeles")
