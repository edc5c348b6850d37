"""The domain: participants, pairing, invites, agreements, goals, sessions, assessments, a pair's
records, summary, standing and score, privacy and retirement. Never imports ui, web or reporting."""
