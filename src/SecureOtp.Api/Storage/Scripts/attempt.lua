-- attempt.lua: one verify attempt, all or nothing: compare, count, lock at the limit, consume on success.
-- Running as one script is what makes 200 concurrent guesses count exactly max attempts and lets only one of
-- 50 concurrent correct submissions through.
--
-- KEYS[1]  the user+purpose record (hash)
-- ARGV[1]  idh: hash of the presented verification id (the record may meanwhile belong to a newer send)
-- ARGV[2]  the candidate code hash (HMAC computed by the service; the secret never reaches Redis)
-- ARGV[3]  now, unix ms
--
-- Returns {1, kid, purpose, sealedUserId} approved (record deleted)
--         {2, attemptsRemaining}          incorrect (counted; locked when it reaches 0)
--         {3}                             locked
--         {0}                             not found (unknown, expired, replaced, consumed, cancelled)
local rec = redis.call('HMGET', KEYS[1], 'idh', 'mac', 'att', 'max', 'st', 'exp', 'kid', 'pur', 'uid')
if not rec[1] or rec[1] ~= ARGV[1] then
  return {0}
end
if tonumber(rec[6]) <= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return {0}
end
if rec[5] == '1' then
  return {3}
end
if rec[2] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return {1, rec[7], rec[8], rec[9]}
end
local attempts = redis.call('HINCRBY', KEYS[1], 'att', 1)
local max = tonumber(rec[4])
if attempts >= max then
  redis.call('HSET', KEYS[1], 'st', 1)
end
return {2, math.max(0, max - attempts)}
