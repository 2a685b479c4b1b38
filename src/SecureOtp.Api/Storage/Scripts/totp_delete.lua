-- totp_delete.lua: remove a user's enrolment and recovery codes, if the record is this user's. Idempotent.
--
-- KEYS[1]  the user's TOTP record (hash)   KEYS[2]  the user's recovery-code hashes (set), same hash tag
-- ARGV[1]  user binding
--
-- Returns 1 removed, 0 nothing of this user's was there.
if redis.call('HGET', KEYS[1], 'ub') ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
