"""Warning signs and insights drawn from a patient's diary, profile and care plan."""
