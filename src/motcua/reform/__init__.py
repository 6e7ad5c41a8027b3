"""The administrative-reform (CCHC) plan: objectives, tasks, unit plans, progress."""
