-- fallback_claim.lua: a due channel timeout claims the fallback of a verification's current delivery attempt, once.
-- The claim is the fb field delivery_receipt.lua also sets when a receipt fails the attempt: whichever comes first falls
-- back, the other finds fb set. An attempt that was delivered, failed (its receipt claimed), or is a voice call under way
-- (answered: its completion or failure decides) is not timed out.
--
-- The verification must still be pending: a verify that approved (or locked) it, a cancel, a newer send or the expiry
-- ends it, and its timeout then does nothing (so verify itself need not touch the schedule).
--
-- KEYS[1]  the delivery state (hash)   {prefix}:{<userTag>}:dl:<idh>
-- KEYS[2]  the verification's record (hash), same hash tag   {prefix}:{<userTag>}:r:<purposeTag>
-- ARGV[1]  now, unix ms   ARGV[2] the channel timeout, ms   ARGV[3] idh
--
-- Returns {CLAIMED, attempt}  the caller falls back from this attempt
--         {NOT_YET, dueMs}    a newer attempt (a /resend, a fallback) started later: its own timeout is due at dueMs
--         {NONE}              nothing to do (gone, delivered, failed, already claimed)
local NONE, CLAIMED, NOT_YET = 0, 1, 2
local d = redis.call('HMGET', KEYS[1], 'st', 'sub', 'na', 'fb', 'ch')
local rec = redis.call('HMGET', KEYS[2], 'idh', 'exp', 'att', 'max')
if not d[1] or rec[1] ~= ARGV[3] or tonumber(rec[2]) <= tonumber(ARGV[1]) or tonumber(rec[3]) >= tonumber(rec[4]) then
  return {NONE}
end
local current = tonumber(d[3] or '0')
if tonumber(d[4] or '-1') == current or not (d[1] == 'submitted' or (d[1] == 'unknown' and d[5] ~= 'voice')) then
  return {NONE}
end
local due = tonumber(d[2]) + tonumber(ARGV[2])
if due > tonumber(ARGV[1]) then
  return {NOT_YET, due}
end
redis.call('HSET', KEYS[1], 'fb', current)
return {CLAIMED, current}
