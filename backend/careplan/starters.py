"""Care-plan items a patient can add in one tap. Our own words; the evidence is cited elsewhere."""

STARTER_ITEMS = [
    {
        "key": "bedtime_stretch",
        "category": "stretching",
        "title": "Stretch calves and hamstrings before bed",
        "instructions": (
            "Stand facing a wall, one foot back, heel down, and lean in until the calf pulls. "
            "Hold for 20 to 30 seconds, then switch legs. Sit with a leg straight and reach for "
            "your toes to stretch the back of the thigh. About three minutes in all."
        ),
        "schedule": "bedtime",
    },
    {
        "key": "drink_water",
        "category": "hydration",
        "title": "Drink water through the day",
        "instructions": (
            "Keep a glass or bottle nearby and sip often, more on hot days or after exercise. If you "
            "have been told to limit fluids (for kidney or heart disease, or with some water tablets), "
            "keep to that amount and ask your clinician first."
        ),
        "schedule": "daily",
    },
    {
        "key": "warmth_or_massage",
        "category": "heat",
        "title": "Warmth or massage when a cramp strikes",
        "instructions": (
            "A warm towel or rubbing the tight muscle can help it let go. Warm, not hot: with diabetes, "
            "nerve damage (neuropathy) or poor circulation the skin may not feel a burn, so test the "
            "warmth with your hand first. At night, skip a bath if you are drowsy or unsteady: a fall "
            "is the bigger risk."
        ),
        "schedule": "as_needed",
    },
    {
        "key": "supportive_shoes",
        "category": "footwear",
        "title": "Wear supportive shoes",
        "instructions": "Choose shoes with good support and avoid long days in flat or worn-out soles.",
        "schedule": "daily",
    },
    {
        "key": "toes_up_in_bed",
        "category": "sleep_posture",
        "title": "Sleep with toes pointing up",
        "instructions": (
            "Loosen the sheets at the foot of the bed, or prop a pillow under the covers, so they "
            "don't push your toes down."
        ),
        "schedule": "bedtime",
    },
    {
        "key": "gradual_exercise",
        "category": "exercise",
        "title": "Build up exercise gradually",
        "instructions": "Increase walking or sport a little at a time and warm up first.",
        "schedule": "weekly",
    },
]
