-- idempotency_claim.lua: the first send with an Idempotency-Key claims it; repeats get the first answer.
--
-- KEYS[1]  the idempotency record (hash)    {prefix}:{i:<keyed hash of client + Idempotency-Key>}
-- ARGV[1]  keyed hash of the request body   ARGV[2]  claim token, random per request (only it completes or releases)
-- ARGV[3]  claim timeout, ms (so a crashed request frees the key)
--
-- Returns {CLAIMED}                 the caller must complete or release it
--         {REPLAY, sealedResponse}  the first answer
--         {BODY_MISMATCH}           the same key with another body
--         {IN_PROGRESS}             the first request has not answered yet
-- The codes are named alike in IdempotencyClaimReply.cs.
local CLAIMED, REPLAY, BODY_MISMATCH, IN_PROGRESS = 0, 1, 2, 3
local rec = redis.call('HMGET', KEYS[1], 'bh', 'st', 'resp')
if not rec[1] then
  redis.call('HSET', KEYS[1], 'bh', ARGV[1], 'st', 'p', 'tk', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {CLAIMED}
end
if rec[1] ~= ARGV[1] then
  return {BODY_MISMATCH}
end
if rec[2] == 'd' then
  return {REPLAY, rec[3]}
end
return {IN_PROGRESS}
