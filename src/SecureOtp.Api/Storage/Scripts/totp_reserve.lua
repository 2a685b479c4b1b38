-- totp_reserve.lua: a place among the tenant's authenticator enrolments for one user, within Limits:MaxTotpEnrolmentsPerTenant.
-- An active enrolment has no TTL (it is the user's credential), so this index is what bounds them: one member per
-- enrolled user, scored with when its pending enrolment expires, or +inf once confirmed (RedisTotpStore promotes it).
-- Pending members past their time leave here as their records leave by TTL.
--
-- KEYS[1]  the tenant's enrolment index (sorted set: user tag → expiry ms, +inf when active)   {prefix}:{te:<tenant tag>}
-- ARGV[1]  now, unix ms   ARGV[2]  when the pending enrolment expires, unix ms   ARGV[3]  the user's tag
-- ARGV[4]  the cap (0: none)
--
-- Returns 1 the user has a place (a pending one's expiry moves later, an active one stays +inf), 0 the tenant is full:
-- nothing stored.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[3])
  return 1
end
local cap = tonumber(ARGV[4])
if cap > 0 and redis.call('ZCARD', KEYS[1]) >= cap then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
return 1
