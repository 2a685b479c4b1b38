-- idempotency_release.lua: give up a claim whose request failed, so a retry with the same key runs again.
--
-- KEYS[1]  the idempotency record (hash)
-- ARGV[1]  hash of the request body
--
-- Returns 1 when released, 0 when there was no pending claim for this body.
local rec = redis.call('HMGET', KEYS[1], 'bh', 'st')
if rec[1] == ARGV[1] and rec[2] == 'p' then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
