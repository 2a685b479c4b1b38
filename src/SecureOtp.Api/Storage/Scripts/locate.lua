-- locate.lua: verify by user's first step: which verification is the user's live one for this purpose? The code's
-- hash binds the verification id, so the service needs the id (kept sealed in the record) before attempt.lua can run.
--
-- KEYS[1]  the user+purpose record (hash)      {prefix}:{<userTag>}:r:<purposeTag>
-- KEYS[2]  optional: the attempt's Idempotency-Key record (attempt.lua's KEYS[3]), same hash tag
-- ARGV[1]  the calling tenant's tag: a record issued to another tenant is not found
-- ARGV[2]  now, unix ms (the service's clock)
-- ARGV[3]  with KEYS[2]: the replay's retention, ms
--
-- Returns the sealed id, or false when there is no live verification of the caller's. With KEYS[2], the id found first
-- is pinned there ('sid', beside attempt.lua's 'bh' and 'a') and returned to every repeat: a repeat then reaches
-- attempt.lua's replay of the first answer even after that answer consumed the record.
if KEYS[2] then
  local pinned = redis.call('HGET', KEYS[2], 'sid')
  if pinned then
    return pinned
  end
end

local rec = redis.call('HMGET', KEYS[1], 'sid', 'tn', 'exp')
if not rec[1] or rec[2] ~= ARGV[1] or tonumber(rec[3]) <= tonumber(ARGV[2]) then
  return false
end

if KEYS[2] then
  redis.call('HSET', KEYS[2], 'sid', rec[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return rec[1]
