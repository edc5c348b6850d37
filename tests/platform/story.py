"""Requests of the main stories, shared by the tests of both runtimes."""

AGREEMENT = {
    "cadence": "Every two weeks",
    "session_minutes": 45,
    "session_format": "video",
    "channels": "Course messages",
    "contact_hours": "Weekdays",
    "boundaries": "Nothing about salaries",
    "mentor_expectations": "",
    "mentee_expectations": "",
    "mentor_brings": "",
    "mentee_brings": "",
    "review_on": "",
}


def agreement(pair_id, version=0):
    return {"pair_id": pair_id, "version": version, **AGREEMENT}


def goal(pair_id, statement="Lead the quarterly churn analysis on my own", areas=("direction",)):
    return {
        "pair_id": pair_id,
        "statement": statement,
        "measure": "My manager signs the report off",
        "target_date": "2099-01-31",
        "areas": list(areas),
    }
