"""The visit report (PDF) and the exports (CSV, FHIR R4), built from the same queries as the insights."""
