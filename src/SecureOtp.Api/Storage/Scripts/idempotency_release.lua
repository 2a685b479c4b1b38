-- idempotency_release.lua: give up a claim whose request failed, so a retry with the same key runs again.
-- Also run by the background clean-up for a claim whose request timed out: the token makes sure it removes that
-- request's claim and never a later request's.
--
-- KEYS[1]  the idempotency record (hash)
-- ARGV[1]  keyed hash of the request body   ARGV[2]  the claim token
--
-- Returns 1 when released, 0 when there was no pending claim of this request.
local rec = redis.call('HMGET', KEYS[1], 'bh', 'st', 'tk')
if rec[1] == ARGV[1] and rec[2] == 'p' and rec[3] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
