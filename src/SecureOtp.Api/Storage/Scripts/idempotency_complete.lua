-- idempotency_complete.lua: record the answer to replay for a claimed Idempotency-Key.
--
-- KEYS[1]  the idempotency record (hash)
-- ARGV[1]  hash of the request body (only the claimant's body may complete it)
-- ARGV[2]  the response to replay (JSON; holds no code, phone number or user id)
-- ARGV[3]  retention, ms
--
-- Returns 1 when recorded, 0 when the claim had lapsed or belongs to another body.
if redis.call('HGET', KEYS[1], 'bh') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'st', 'd', 'resp', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
