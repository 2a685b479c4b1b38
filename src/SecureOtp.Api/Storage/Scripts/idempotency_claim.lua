-- idempotency_claim.lua: the first send with an Idempotency-Key claims it; repeats get the first answer.
--
-- KEYS[1]  the idempotency record (hash)    {prefix}:{i:<keyed hash of client + Idempotency-Key>}
-- ARGV[1]  keyed hash of the request body   ARGV[2]  claim token, random per request (only it completes or releases)
-- ARGV[3]  claim timeout, ms (so a crashed request frees the key)
--
-- Returns {0} claimed (caller must complete or release), {1, sealedResponse} replay,
--         {2} same key with another body, {3} still in progress.
local rec = redis.call('HMGET', KEYS[1], 'bh', 'st', 'resp')
if not rec[1] then
  redis.call('HSET', KEYS[1], 'bh', ARGV[1], 'st', 'p', 'tk', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {0}
end
if rec[1] ~= ARGV[1] then
  return {2}
end
if rec[2] == 'd' then
  return {1, rec[3]}
end
return {3}
