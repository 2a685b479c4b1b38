-- totp_enroll.lua: store a pending authenticator enrolment, unless the user already has an active one.
-- A pending enrolment is replaced whole (with any recovery codes and attempt count of the one it replaces).
--
-- KEYS[1]  the user's TOTP record (hash)          {prefix}:{<userTag>}:totp
-- KEYS[2]  the user's recovery-code hashes (set)   {prefix}:{<userTag>}:totp:rc   (same hash tag)
-- ARGV[1]  user binding (keyed hash of tenant and user id)
-- ARGV[2]  enrolment id   ARGV[3]  secret key id   ARGV[4]  the sealed secret
-- ARGV[5]  now, unix ms   ARGV[6]  how long the enrolment may stay pending, ms
--
-- Returns 1 stored (pending), 0 refused: the user has an active enrolment.
if redis.call('HGET', KEYS[1], 'st') == 'a' then
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[1], 'st', 'p', 'ub', ARGV[1], 'eid', ARGV[2], 'kid', ARGV[3], 'sb', ARGV[4], 'ca', ARGV[5], 'f', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
