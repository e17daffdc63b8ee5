-- Restart: a new spec.restartedAt (RFC 3339, UTC, like kubectl's restartedAt) makes the operator replace every
-- replica, rolling, never below the replica count; a oneShot's Job is re-created, so it runs again.
-- Argo CD's safe os library has os.date with "!" for UTC; there is no string library.
obj.spec.restartedAt = os.date("!%Y-%m-%dT%H:%M:%SZ")
return obj
