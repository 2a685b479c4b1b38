-- idempotency_complete.lua: record the answer to replay for a claimed Idempotency-Key.
--
-- KEYS[1]  the idempotency record (hash)
-- ARGV[1]  keyed hash of the request body   ARGV[2]  the claim token (only the claimant may complete it)
-- ARGV[3]  the answer to replay, sealed under a key derived from the Idempotency-Key (Redis never sees it in the clear)
-- ARGV[4]  retention, ms
--
-- Returns 1 when recorded, 0 when the claim had lapsed or belongs to another request.
local rec = redis.call('HMGET', KEYS[1], 'bh', 'tk')
if rec[1] ~= ARGV[1] or rec[2] ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], 'st', 'd', 'resp', ARGV[3])
redis.call('HDEL', KEYS[1], 'tk')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
