"""Every controlled vocabulary of the product: codes the API accepts and the labels the app shows."""

MUSCLES = {
    "calf": "Calf",
    "foot": "Foot",
    "shin": "Shin",
    "hamstrings": "Back of thigh",
    "quadriceps": "Front of thigh",
    "other": "Somewhere else",
}
SIDES = {"left": "Left", "right": "Right", "both": "Both"}
TRIGGERS = {
    "dehydration": "Not enough to drink",
    "overexertion": "Hard exercise",
    "hot_weather": "Hot weather",
    "medication_change": "New or changed medicine",
    "long_standing": "Long time standing",
    "long_sitting": "Long time sitting",
    "alcohol": "Alcohol",
    "stress": "Stress",
    "toes_pointed_in_bed": "Toes pointed down in bed",
    "pregnancy": "Pregnancy",
    "other": "Something else",
}
RELIEF_METHODS = {
    "stretching": "Stretching",
    "massage": "Massage",
    "heat": "Heat",
    "walking": "Walking about",
    "hydration": "A drink of water",
    "pain_reliever": "Pain reliever",
    "other": "Something else",
}
RELIEF_EFFECTS = {"none": "Did not help", "some": "Helped a bit", "full": "Stopped it"}
SYMPTOMS = {
    "swelling": "Swelling",
    "redness": "Redness",
    "numbness": "Numbness",
    "weakness": "Weakness",
    "difficulty_walking": "Hard to walk",
    "soreness_after": "Sore afterwards",
}
CARE_PLAN_CATEGORIES = {
    "stretching": "Stretching",
    "hydration": "Drinking water",
    "heat": "Heat",
    "massage": "Massage",
    "footwear": "Footwear",
    "exercise": "Exercise",
    "diet": "Diet",
    "stress": "Stress",
    "sleep_posture": "Sleep position",
    "medication": "Medicine",
    "supplement": "Supplement",
    "physical_therapy": "Physiotherapy",
    "follow_up": "Follow-up",
    "other": "Other",
}
SCHEDULES = {
    "bedtime": "At bedtime",
    "daily": "Every day",
    "weekly": "Every week",
    "as_needed": "When needed",
}
ITEM_STATUSES = {"active": "Active", "paused": "Paused", "stopped": "Stopped"}
CONDITIONS = {
    "peripheral_artery_disease": "Peripheral artery disease",
    "diabetes": "Diabetes",
    "pregnancy": "Pregnancy",
    "peripheral_neuropathy": "Peripheral neuropathy",
    "multiple_sclerosis": "Multiple sclerosis",
    "parkinsons": "Parkinson's disease",
    "kidney_disease": "Kidney disease",
    "other": "Other",
}
MEDICATION_CLASSES = {
    "thiazide_diuretic": "Thiazide diuretic (water tablet)",
    "loop_diuretic": "Loop diuretic (water tablet)",
    "potassium_sparing_diuretic": "Potassium-sparing diuretic (water tablet)",
    "statin": "Statin (for cholesterol)",
    "long_acting_beta_agonist": "Long-acting beta agonist (inhaler)",
    "estrogen_or_raloxifene": "Conjugated estrogens or raloxifene",
    "teriparatide": "Teriparatide",
    "iron_sucrose_iv": "Iron sucrose (intravenous)",
    "naproxen": "Naproxen",
    "quinine": "Quinine",
    "other": "Other",
}
ROLES = {"patient": "Patient", "clinician": "Clinician"}
SHARE_PERMISSIONS = {"view": "View diary and care plan", "edit_plan": "View, and edit the care plan"}

VOCABULARIES = {
    "muscles": MUSCLES,
    "sides": SIDES,
    "triggers": TRIGGERS,
    "relief_methods": RELIEF_METHODS,
    "relief_effects": RELIEF_EFFECTS,
    "symptoms": SYMPTOMS,
    "care_plan_categories": CARE_PLAN_CATEGORIES,
    "schedules": SCHEDULES,
    "item_statuses": ITEM_STATUSES,
    "conditions": CONDITIONS,
    "medication_classes": MEDICATION_CLASSES,
    "roles": ROLES,
    "share_permissions": SHARE_PERMISSIONS,
}
